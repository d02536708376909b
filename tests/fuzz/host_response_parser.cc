// Fuzz target: the host library's response handling (core/stsafe frame, transport, host session
// R-MAC check and R-ENC decryption, and the response decoders of core/stsafe/commands) on
// arbitrary response bytes served by a fake I2C target.
//
// Input: flags (1) | operation count (1) | operations (count bytes) | responses, each
// `be16 length | bytes`. Each command write moves the fake target to the next response; every
// read returns it from its first byte (as the chip does), 0xFF past its end, and an address NACK
// once the responses run out.
//   flags bits 1..0: command access table (none, the recommended one of fact sheet 7.4, every
//                    command HOST, every command HOST with C-ENC and R-ENC)
//         bit 2:     open a host session first (the fake target answers its Query 0x47 itself)
//         bit 3:     AES-256 host keys instead of AES-128
//         bit 4:     seal: a protected command's response is made by the fake target from the
//                    next record `status | plaintext payload`, with the right R-MAC (and
//                    R-ENC when bit 5), so the decoders behind the R-MAC check are reached
//         bit 5:     R-ENC on sealed responses; bit 6: no 80 00.. padding under it (whole
//                    blocks only, whatever the payload decrypts to)
//         bit 7:     the session counter starts at 0xFFFFFFFE (the host must stop at the maximum)
// Sealing uses the device model's own secure-channel code: host and device code stay separate.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "core/stsafe/commands/aes_chunked.h"
#include "core/stsafe/commands/public_key_slots.h"
#include "core/stsafe/commands/query.h"
#include "core/stsafe/ecc_fields.h"
#include "core/stsafe/frame.h"
#include "core/stsafe/stsafe.h"
#include "hal/clock.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "hal/i2c_initiator.h"
#include "simulator/stsafe_a120/chip_crypto.h"
#include "simulator/stsafe_a120/host_session.h"
#include "simulator/stsafe_a120/response.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

namespace core = kb::core::stsafe;
namespace model = kb::sim::stsafe_a120;

constexpr uint8_t kTableMask = 0x03;
constexpr uint8_t kOpenSession = 0x04;
constexpr uint8_t kAes256 = 0x08;
constexpr uint8_t kSeal = 0x10;
constexpr uint8_t kSealEncrypted = 0x20;
constexpr uint8_t kSealUnpadded = 0x40;
constexpr uint8_t kCounterNearMaximum = 0x80;
constexpr size_t kMaxOperations = 4;

// Fact sheet 7: the test host keys of the reference examples, and 32-byte keys for AES-256.
constexpr std::array<uint8_t, 32> kMacKey = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA,
                                             0xBB, 0xCC, 0xDD, 0xEE, 0xFF, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55,
                                             0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF};
constexpr std::array<uint8_t, 32> kCipherKey = {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0x01, 0x23, 0x45,
                                                0x67, 0x89, 0xAB, 0xCD, 0xEF, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB,
                                                0xCD, 0xEF, 0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF};

class VirtualClock final : public kb::hal::Clock {
 public:
  uint64_t now_ns() const override { return now_; }
  void sleep_ns(uint64_t ns) override { now_ += ns; }

 private:
  uint64_t now_ = 0;
};

class FakeTarget final : public kb::hal::I2cInitiator {
 public:
  FakeTarget(kb::fuzz::FuzzInput& input, uint8_t flags) : input_(input), flags_(flags) {}
  void set_session(const core::HostSession* session) { session_ = session; }
  void queue(std::vector<uint8_t> response) { queued_.push_back(std::move(response)); }

 private:
  kb::hal::I2cResult do_transfer(uint8_t, std::span<const uint8_t> tx, std::span<uint8_t> rx) override {
    if (!tx.empty()) next_response(tx);
    if (rx.empty()) return kb::hal::I2cResult::kOk;
    if (!has_response_) return kb::hal::I2cResult::kAddressNack;
    for (size_t i = 0; i < rx.size(); ++i) rx[i] = i < response_.size() ? response_[i] : 0xFF;
    return kb::hal::I2cResult::kOk;
  }

  void next_response(std::span<const uint8_t> command) {
    has_response_ = true;
    if (!queued_.empty()) {
      response_ = std::move(queued_.front());
      queued_.erase(queued_.begin());
      return;
    }
    if (input_.empty()) {
      has_response_ = false;
      return;
    }
    const std::span<const uint8_t> record = input_.record();
    const bool is_protected = (command[0] & model::kProtectionMask) == model::kProtectionMask;
    if ((flags_ & kSeal) != 0 && is_protected && session_ != nullptr && session_->is_open()) {
      response_ = seal(command, record);
    } else {
      response_.assign(record.begin(), record.end());
    }
  }

  // What a chip holding the session keys would answer: `status | payload` from the record.
  std::vector<uint8_t> seal(std::span<const uint8_t> command, std::span<const uint8_t> record) const {
    const uint8_t status = record.empty() ? 0 : record[0] & model::kCodeMask;
    if (status != 0) return model::encode_response(model::Response::error(static_cast<model::Status>(status)));
    const size_t header_length = (command[0] & model::kCodeMask) == model::kExtendedPrefix ? 2 : 1;
    constexpr size_t kTrailer = model::kCMacLength + 2;  // C-MAC and CRC
    if (command.size() < header_length + kTrailer) std::abort();
    const std::span<const uint8_t> header = command.first(header_length);
    const std::span<const uint8_t> payload = command.subspan(header_length, command.size() - header_length - kTrailer);
    const size_t key_length = (flags_ & kAes256) != 0 ? 32 : 16;
    const std::span<const uint8_t> mac_key = std::span<const uint8_t>(kMacKey).first(key_length);
    const std::span<const uint8_t> cipher_key = std::span<const uint8_t>(kCipherKey).first(key_length);
    const uint32_t next = session_->counter() + 1;

    std::vector<uint8_t> body(record.begin() + (record.empty() ? 0 : 1), record.end());
    if ((flags_ & kSealEncrypted) != 0 && !body.empty()) {
      if ((flags_ & kSealUnpadded) != 0) {
        body.resize(std::max<size_t>(16, body.size() - body.size() % 16));
      } else {
        body = model::add_padding(body);
      }
      body = model::chip_crypto::aes_cbc_encrypt(cipher_key, model::response_iv(cipher_key, next), body);
    }
    const auto rmac = model::response_mac(mac_key, next, header, payload, model::kProtectedResponseHeader, body);
    body.insert(body.end(), rmac.begin(), rmac.end());
    return model::encode_response_frame(model::kProtectedResponseHeader, body);
  }

  kb::fuzz::FuzzInput& input_;
  uint8_t flags_;
  const core::HostSession* session_ = nullptr;
  std::vector<std::vector<uint8_t>> queued_;
  std::vector<uint8_t> response_;
  bool has_response_ = false;
};

void add_record(core::CommandAccessTable& table, uint8_t code, uint8_t ext, core::AccessCondition access,
                bool command_encrypted, bool response_encrypted) {
  table.records[table.count++] = core::CommandAccessRecord{code, ext, access, command_encrypted, response_encrypted};
}

core::CommandAccessTable access_table(uint8_t choice) {
  core::CommandAccessTable table;
  using core::AccessCondition;
  if (choice == 1) {
    // Fact sheet 7.4.
    add_record(table, 0x08, 0, AccessCondition::kHost, false, false);
    add_record(table, 0x0E, 0, AccessCondition::kHost, true, false);
    add_record(table, 0x0F, 0, AccessCondition::kHost, false, true);
    add_record(table, 0x18, 0, AccessCondition::kHost, false, true);
    add_record(table, 0x1B, 0, AccessCondition::kHost, true, false);
    add_record(table, 0x1C, 0, AccessCondition::kHost, false, true);
  } else if (choice >= 2) {
    const bool encrypted = choice == 3;
    for (uint8_t code : {0x00, 0x02, 0x09, 0x0A, 0x1B, 0x1C}) {
      add_record(table, code, 0, AccessCondition::kHost, encrypted, encrypted);
    }
    for (uint8_t ext : {0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0B, 0x17, 0x18, 0x19}) {
      add_record(table, core::kExtendedCommandPrefix, ext, AccessCondition::kHost, encrypted, encrypted);
    }
  }
  return table;
}

// The decoders that take a payload directly, on the bytes of one record.
void decode_directly(std::span<const uint8_t> bytes) {
  (void)core::parse_response(bytes);
  (void)core::commands::parse_product_data(bytes);
  (void)core::commands::parse_command_access_table(bytes);
  (void)core::commands::parse_host_key_slot(bytes);
  (void)core::commands::parse_symmetric_key_table(bytes);
  (void)core::commands::parse_public_key_table(bytes);
  (void)core::commands::parse_public_key_slot(bytes);
  std::array<uint8_t, core::kP256PublicKeyBytes> xy{};
  (void)core::parse_p256_public_key_field(bytes, xy);
}

// A chunked CCM* or GCM operation (the slot's mode, 1F 11..1F 16): start, process, finish, 8 bytes each.
void chunked(core::Stsafe& chip, uint8_t slot, bool decrypt) {
  const auto key = chip.symmetric_key_slot(slot);
  if (!key.ok()) return;
  core::commands::ChunkedAes op;
  core::CommandChannel& channel = chip.channel();
  const std::array<uint8_t, 8> in{};
  const std::array<uint8_t, 13> nonce{};
  const std::array<uint8_t, 4> aad{};
  std::array<uint8_t, 8> out{};
  std::array<uint8_t, 16> tag{};
  const std::span<uint8_t> key_tag = std::span(tag).first(std::min<size_t>(key->tag_length, tag.size()));
  if (key->mode == core::ModeOfOperation::kGcm) {
    (void)(decrypt ? op.start_gcm_decrypt(channel, slot, *key, std::span(nonce).first(12), aad, in, out)
                   : op.start_gcm_encrypt(channel, slot, *key, std::span(nonce).first(12), aad, in, out));
  } else if (decrypt) {
    (void)op.start_ccm_decrypt(channel, slot, *key, nonce, aad.size(), 24, aad, in, out);
  } else {
    (void)op.start_ccm_encrypt(channel, slot, *key, nonce, aad.size(), 24, aad, in, out);
  }
  (void)op.process(channel, {}, in, out);
  if (decrypt) {
    (void)op.finish_decrypt(channel, {}, in, key_tag, out);
  } else {
    (void)op.finish_encrypt(channel, {}, in, out, key_tag);
  }
}

void run(core::Stsafe& chip, uint8_t operation, uint8_t argument) {
  using core::SymmetricKeyInfo;
  using core::SymmetricKeyType;
  namespace usage = core::key_usage;
  const uint8_t slot = argument & 0x0F;
  std::array<uint8_t, 32> in{};
  std::array<uint8_t, 256> out{};
  std::array<uint8_t, 16> tag{};
  const std::array<uint8_t, 13> nonce{};
  const std::array<uint8_t, 8> aad{};
  const std::span<const uint8_t> key16 = std::span<const uint8_t>(kMacKey).first(16);
  switch (operation % 26) {
    case 0: (void)chip.init(); break;
    case 1:
      (void)chip.echo(std::span<const uint8_t>(in).first(argument % 32), std::span(out).first(argument % 32));
      break;
    case 2: (void)chip.generate_random(std::span(out).first(argument)); break;
    case 3: (void)chip.query_product_data(); break;
    case 4: (void)chip.query_life_cycle(); break;
    case 5: (void)chip.query_command_access_table(); break;
    case 6: (void)chip.query_host_key_slot(); break;
    case 7: (void)chip.query_host_key_control_fields(); break;
    case 8: (void)chip.query_symmetric_key_table(); break;
    case 9: (void)chip.query_symmetric_slot_control_fields(slot); break;
    case 10:
      (void)chip.put_host_key_control_fields(core::HostKeyControlFields::decode(std::span(in).first<2>()));
      break;
    case 11: (void)chip.write_host_key_plaintext(core::HostKeyType::kAes128, key16, key16); break;
    case 12: (void)chip.write_host_key_wrapped(core::HostKeyType::kAes128, key16, key16); break;
    case 13: {
      std::array<uint8_t, 16> mac_key{}, cipher_key{};
      (void)chip.establish_host_key(core::HostKeyType::kAes128, mac_key, cipher_key);
      break;
    }
    case 14:
      (void)chip.write_symmetric_key_plaintext(
          SymmetricKeyInfo::cmac(slot, SymmetricKeyType::kAes128, usage::kMacGeneration, 4), key16);
      break;
    case 15:
      (void)chip.write_symmetric_key_wrapped(
          SymmetricKeyInfo::ccm(slot, SymmetricKeyType::kAes128, usage::kEncryption, 4), key16);
      break;
    case 16: {
      const std::array<SymmetricKeyInfo, 2> infos = {
          SymmetricKeyInfo::cmac(slot, SymmetricKeyType::kAes128, usage::kMacGeneration, 4),
          SymmetricKeyInfo::ecb(static_cast<uint8_t>((slot + 1) & 0x0F), SymmetricKeyType::kAes256,
                                usage::kEncryption)};
      std::array<uint8_t, 48> keys{};
      (void)chip.establish_symmetric_keys(infos, keys);
      break;
    }
    case 17: (void)chip.erase_symmetric_key(slot); break;
    case 18: (void)chip.generate_mac(slot, in, std::span(tag).first(4u << (argument >> 6 & 0x01))); break;
    case 19: (void)chip.verify_mac(slot, std::span(tag).first(4), in); break;
    case 20:
      // Argument bit 5: GCM (12-byte IV, 16-byte tag) instead of CCM*.
      if ((argument & 0x20) != 0) {
        (void)chip.aes_gcm_encrypt(slot, std::span(nonce).first(12), aad, std::span(in).first(16),
                                   std::span(out).first(16), tag);
        break;
      }
      (void)chip.aes_ccm_encrypt(slot, nonce, aad, std::span(in).first(16), std::span(out).first(16),
                                 std::span(tag).first(4u << (argument >> 6 & 0x01)));
      break;
    case 21:
      if ((argument & 0x20) != 0) {
        (void)chip.aes_gcm_decrypt(slot, std::span(nonce).first(12), aad, std::span(in).first(16), tag,
                                   std::span(out).first(16));
        break;
      }
      (void)chip.aes_ccm_decrypt(slot, nonce, aad, std::span(in).first(16), std::span(tag).first(4),
                                 std::span(out).first(16));
      break;
    case 22:
      if ((argument & 0x40) != 0) {
        chunked(chip, slot, (argument & 0x80) != 0);
      } else if ((argument & 0x80) != 0) {
        (void)chip.aes_ecb_decrypt(slot, in, std::span(out).first(32));
      } else {
        (void)chip.aes_ecb_encrypt(slot, in, std::span(out).first(32));
      }
      break;
    case 23: (void)chip.reset(); break;
    case 24: {
      // Derive keys 1F 10 from command-borne bytes. Argument bit 0: extract alone (the chip
      // answers a slot), else extract and expand to one returned 16-byte key.
      const std::span<const uint8_t> ikm = std::span<const uint8_t>(kMacKey).first(16 + (argument >> 4 & 0x0F));
      const auto salt = core::commands::HkdfSecret::from_command(std::span<const uint8_t>(in).first(argument % 32));
      if ((argument & 0x01) != 0) {
        (void)chip.hkdf_extract(core::commands::HkdfSecret::from_command(ikm), salt);
        break;
      }
      const std::array<core::commands::DerivedKeyRequest, 1> requests = {
          core::commands::DerivedKeyRequest::to_host(16)};
      std::array<core::commands::DerivedKey, 1> results = {core::commands::DerivedKey{std::span(out).first(16), 0}};
      (void)chip.hkdf_derive(core::commands::HkdfSecret::from_command(ikm), salt, aad, requests, results);
      break;
    }
    case 25: {
      // Expand from the PRK in a slot: one key returned, one stored by the chip (its slot comes
      // back).
      const std::array<core::commands::DerivedKeyRequest, 2> requests = {
          core::commands::DerivedKeyRequest::to_host(16),
          core::commands::DerivedKeyRequest::to_chip(
              SymmetricKeyInfo::cmac(0, SymmetricKeyType::kAes128, usage::kMacGeneration, 4))};
      std::array<core::commands::DerivedKey, 2> results = {core::commands::DerivedKey{std::span(out).first(16), 0},
                                                           core::commands::DerivedKey{}};
      (void)chip.hkdf_expand(core::commands::HkdfSecret::from_slot(slot), aad, requests, results);
      break;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kb::fuzz::FuzzInput input({data, size});
  const uint8_t flags = input.byte();
  const size_t count = std::min<size_t>(input.byte(), kMaxOperations);
  std::array<uint8_t, 2 * kMaxOperations> operations{};
  // Over the whole array, drawing input only for the operations in use (GCC 12 at -O3 reports a
  // false -Wstringop-overflow for the loop bounded by 2 * count).
  for (size_t i = 0; i < operations.size(); ++i) operations[i] = i < 2 * count ? input.byte() : 0;
  {
    kb::fuzz::FuzzInput copy = input;
    decode_directly(copy.record());
  }

  FakeTarget target(input, flags);
  VirtualClock clock;
  kb::hal::openssl::OpensslCrypto crypto(0);
  // Few retries: the fake target never gets less busy by waiting.
  core::PollingPolicy policy;
  policy.max_retries = 2;
  core::Stsafe chip(target, clock, crypto, core::kDefaultAddress7, policy);
  chip.set_command_access_table(access_table(flags & kTableMask));
  target.set_session(&chip.host_session());

  if ((flags & kOpenSession) != 0) {
    const size_t key_length = (flags & kAes256) != 0 ? 32 : 16;
    const uint32_t counter = (flags & kCounterNearMaximum) != 0 ? 0xFFFFFFFE : 0;
    const uint8_t type = key_length == 32 ? 0x01 : 0x00;
    target.queue(model::encode_response(
        model::Response::ok({0x01, type, static_cast<uint8_t>(counter >> 24), static_cast<uint8_t>(counter >> 16),
                             static_cast<uint8_t>(counter >> 8), static_cast<uint8_t>(counter)})));
    if (!chip.open_host_session(std::span(kMacKey).first(key_length), std::span(kCipherKey).first(key_length)).ok()) {
      std::abort();
    }
  }
  for (size_t i = 0; i < count; ++i) run(chip, operations[2 * i], operations[2 * i + 1]);
  return 0;
}
