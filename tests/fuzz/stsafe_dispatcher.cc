// Fuzz target: a whole STSAFE-A120 model on a bench, fed command frames over the I2C bus.
//
// Input: fixture (1) | flags (1) | frames, each `be16 length | frame body`.
//   fixture  index into kFixtures, the chip's starting state (factory, host keys written,
//            recommended access conditions with encrypted commands/responses, symmetric keys,
//            both of the last two together, a locked chip whose password can still be verified,
//            an exhausted counter zone)
//   flags    bit 0: append the right CRC to each body (else the body is written exactly as given)
//            bit 1: send each body through the host channel: header bits 7..5 set, C-MAC with the
//                   chip's host MAC key and current counter (the body is `header(s) | payload`)
//            bit 2: with bit 1, encrypt the payload first (AES-CBC, command IV, 80 00.. padding)
//            bit 3: cut the power between frames
//            bit 4: complete Verify entity signature: a body that is exactly `1F 0F 00 slot` gets
//                   the signature field of kEntitySecret's Ed25519 signature over the challenge
//                   the chip last answered to Generate challenge (16 zero bytes before any)
// So a mutation can reach the C-MAC, C-ENC, entity-authenticated (AUTH + HOST zones) and command
// paths without solving a CRC, a MAC or a signature. Seeds first put the entity's public key
// (RFC 8032 TEST 1, d75a9801...) into a generic public key slot with Write public key (1F 0A).
//
// Oracle: every read answers a well-formed response frame (L = bytes after it, CRC over header
// and payload), and the chip is never left busy once its execution time has passed.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/bench/bench.h"
#include "simulator/crypto/ec.h"
#include "simulator/stsafe_a120/chip_crypto.h"
#include "simulator/stsafe_a120/crc16.h"
#include "simulator/stsafe_a120/frame_decoder.h"
#include "simulator/stsafe_a120/host_session.h"
#include "simulator/stsafe_a120/stsafe.h"
#include "tests/fuzz/fuzz_input.h"

namespace {

namespace model = kb::sim::stsafe_a120;
using kb::sim::Bench;

// Entries in <> are made here, not read: the symmetric keys of stsafe-symmetric-keys.json under
// the access conditions of stsafe-recommended-ac.json, so R-ENC meets responses that carry a
// payload; and stsafe-password-locked.json with its tries given back, so a verified password can
// unlock and lock again. New entries go at the end: seeds name fixtures by index.
constexpr const char* kSymmetricKeysUnderAc = "<symmetric keys under the recommended access conditions>";
constexpr const char* kLockedWithTries = "<operational + locked, password 16 x '1' with 3 tries left>";
constexpr const char* kFixtures[] = {
    "default.json",
    "stsafe-keys-written.json",
    "stsafe-recommended-ac.json",
    "stsafe-symmetric-keys.json",
    "stsafe-wrapped-ready.json",
    "stsafe-host-key-locked.json",
    kSymmetricKeysUnderAc,
    kLockedWithTries,
    "stsafe-counter-exhausted.json",
};
constexpr size_t kFixtureCount = sizeof(kFixtures) / sizeof(kFixtures[0]);
constexpr uint8_t kFixCrc = 0x01;
constexpr uint8_t kHostChannel = 0x02;
constexpr uint8_t kEncryptCommand = 0x04;
constexpr uint8_t kPowerCut = 0x08;
constexpr uint8_t kSignChallenge = 0x10;
// RFC 8032 section 7.1, TEST 1: the entity key of bit 4, and its public key for the seeds.
constexpr uint8_t kEntitySecret[32] = {0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60, 0xba, 0x84, 0x4a,
                                       0xf4, 0x92, 0xec, 0x2c, 0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32,
                                       0x69, 0x19, 0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60};
constexpr size_t kChallengeLength = 16;
// Longer than any execution time in the model's timing table.
constexpr kb::sim::Nanoseconds kSettle = 2000 * kb::sim::kMillisecond;
// A read that asks for more than any response holds.
constexpr size_t kReadLength = model::kMaxCommandFrameLength + 8;

std::vector<nlohmann::json>& fixtures() {
  static std::vector<nlohmann::json> loaded;
  return loaded;
}

void append_crc(std::vector<uint8_t>& frame) {
  const uint16_t crc = model::crc16(frame);
  frame.push_back(static_cast<uint8_t>(crc >> 8));
  frame.push_back(static_cast<uint8_t>(crc));
}

// header(s) | payload → protected header(s) | payload (encrypted if asked) | C-MAC.
std::vector<uint8_t> protect(std::span<const uint8_t> body, const model::State& state, bool encrypt) {
  std::vector<uint8_t> header{static_cast<uint8_t>(body[0] | model::kProtectionMask)};
  if ((body[0] & model::kCodeMask) == model::kExtendedPrefix && body.size() > 1) header.push_back(body[1]);
  std::vector<uint8_t> payload(body.begin() + static_cast<std::ptrdiff_t>(header.size()), body.end());
  const model::HostKeySlot& key = state.host_key;
  if (encrypt && key.present) {
    const auto iv = model::command_iv(key.cipher_key, key.cmac_counter + 1);
    payload = model::chip_crypto::aes_cbc_encrypt(key.cipher_key, iv, model::add_padding(payload));
  }
  std::vector<uint8_t> frame = header;
  frame.insert(frame.end(), payload.begin(), payload.end());
  // Without a host key any MAC is as good as another: the chip must refuse it before using a key.
  if (key.present) {
    const auto mac = model::command_mac(key.mac_key, key.cmac_counter, header, payload);
    frame.insert(frame.end(), mac.begin(), mac.end());
  } else {
    frame.insert(frame.end(), model::kCMacLength, 0x00);
  }
  return frame;
}

void check_response(std::span<const uint8_t> wire) {
  // Header, L and the CRC at least; L counts the payload and the CRC.
  const size_t length = static_cast<size_t>(wire[1]) << 8 | wire[2];
  if (length < 2 || 3 + length > wire.size()) std::abort();
  std::vector<uint8_t> covered{wire[0]};
  covered.insert(covered.end(), wire.begin() + 3, wire.begin() + 3 + static_cast<std::ptrdiff_t>(length) - 2);
  const uint16_t crc = static_cast<uint16_t>(wire[1 + length] << 8 | wire[2 + length]);
  if (model::crc16(covered) != crc) std::abort();
}

nlohmann::json read_fixture(const char* name) {
  const std::string path = std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/" + name;
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "stsafe_dispatcher: cannot read %s\n", path.c_str());
    std::abort();
  }
  return nlohmann::json::parse(in);
}

bool is_verify_entity_signature(std::span<const uint8_t> body) {
  return body.size() == 4 && (body[0] & model::kCodeMask) == model::kExtendedPrefix && body[1] == 0x0F;
}

bool is_generate_challenge(std::span<const uint8_t> body) {
  return body.size() >= 2 && (body[0] & model::kCodeMask) == model::kExtendedPrefix && body[1] == 0x0E;
}

// `00 20 R 00 20 S` of the entity's signature over `challenge`.
std::vector<uint8_t> entity_signature_field(std::span<const uint8_t, kChallengeLength> challenge) {
  const auto signature = kb::sim::crypto::ec::sign(kb::sim::crypto::ec::Curve::kEd25519, kEntitySecret, challenge, {});
  if (!signature || signature->size() != 64) std::abort();
  std::vector<uint8_t> field{0x00, 0x20};
  field.insert(field.end(), signature->begin(), signature->begin() + 32);
  field.push_back(0x00);
  field.push_back(0x20);
  field.insert(field.end(), signature->begin() + 32, signature->end());
  return field;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  for (const char* name : kFixtures) {
    if (std::string_view(name) == kSymmetricKeysUnderAc) {
      nlohmann::json combined = fixtures()[3];
      combined["devices"][0]["state"]["command_access"] = fixtures()[2]["devices"][0]["state"]["command_access"];
      fixtures().push_back(combined);
    } else if (std::string_view(name) == kLockedWithTries) {
      nlohmann::json locked = read_fixture("stsafe-password-locked.json");
      locked["devices"][0]["state"]["password"]["tries_left"] = 3;
      fixtures().push_back(locked);
    } else {
      fixtures().push_back(read_fixture(name));
    }
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kb::fuzz::FuzzInput input({data, size});
  const size_t fixture = input.byte() % kFixtureCount;
  const uint8_t flags = input.byte();
  std::unique_ptr<Bench> bench = Bench::from_json(fixtures()[fixture], kFixtures[fixture]);
  model::Stsafe* chip = bench->first<model::Stsafe>();
  const uint8_t address = model::Stsafe::kDefaultAddress;

  std::array<uint8_t, kChallengeLength> challenge{};
  while (!input.empty()) {
    const std::span<const uint8_t> record = input.record();
    std::vector<uint8_t> body(record.begin(), record.end());
    if ((flags & kSignChallenge) != 0 && is_verify_entity_signature(body)) {
      const std::vector<uint8_t> field = entity_signature_field(challenge);
      body.insert(body.end(), field.begin(), field.end());
    }
    std::vector<uint8_t> frame = body;
    if ((flags & kHostChannel) != 0 && !body.empty()) {
      frame = protect(body, chip->state(), (flags & kEncryptCommand) != 0);
    }
    if ((flags & kFixCrc) != 0) append_crc(frame);

    bench->bus().write(address, frame);
    bench->scheduler().advance_by(kSettle);
    if (chip->busy()) std::abort();
    std::vector<uint8_t> response(kReadLength);
    if (bench->bus().read(address, response) == kb::sim::BusOutcome::kAck) {
      check_response(response);
      // A challenge in the clear: status 0 and at least 16 payload bytes (an R-MAC may follow).
      if (is_generate_challenge(body) && (response[0] & 0x1F) == 0 && (response[1] << 8 | response[2]) >= 18) {
        std::copy_n(response.begin() + 3, kChallengeLength, challenge.begin());
      }
    }
    if ((flags & kPowerCut) != 0) bench->power_cycle();
  }
  return 0;
}
