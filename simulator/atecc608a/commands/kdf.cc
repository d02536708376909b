// KDF (0x56, fact sheet B6.2): derives a key from a source key and a message with one of three
// algorithms, into TempKey, a slot, the alternate key buffer or the output buffer (in the clear,
// or encrypted under the IO protection key). Data = 4 bytes of details (LE) then the message: 16
// bytes for AES, details byte 3 bytes otherwise.
//   PRF:  the TLS 1.2 PRF P_SHA256(source key, message), 32 or 64 bytes; key length 16/32/48/64.
//   HKDF: HMAC-SHA-256(source key or 32 zero bytes, message), i.e. HKDF-Extract with the key as
//         salt; the host runs Expand by passing info | counter as the message.
//   AES:  AES-128 encryption of the message under 16 bytes of the source (details bits 0-1 pick
//         which 16), as 32 bytes: the block then 16 zero bytes.
#include "simulator/atecc608a/chip_random.h"
#include "simulator/atecc608a/commands/kdf_locations.h"
#include "simulator/atecc608a/config_options.h"
#include "simulator/atecc608a/io_protection.h"
#include "simulator/atecc608a/symmetric.h"

namespace kb::sim::atecc608a {

namespace {
using namespace kdf;

constexpr uint8_t kSourceMask = 0x03, kTargetMask = 0x1C, kAlgorithmMask = 0x60, kReservedBit = 0x80;
constexpr uint8_t kPrf = 0x00, kAes = 0x20, kHkdf = 0x40;
constexpr uint32_t kLengthBits = 0xFF000000;
constexpr size_t kDetailsLength = 4, kMaxMessage = 128, kAesBlock = 16;

// PRF details.
constexpr uint32_t kPrfKeyLengthMask = 0x003, kPrfTarget64 = 0x100, kPrfAeadMask = 0x600, kPrfAeadSplit = 0x200;
// HKDF details.
constexpr uint32_t kHkdfMessageMask = 0x003, kHkdfZeroKey = 0x004;
constexpr uint32_t kHkdfMessageInTempKey = 1, kHkdfMessageInInput = 2;
// AES details.
constexpr uint32_t kAesKeyLocationMask = 0x003;

struct Request {
  uint8_t algorithm = 0;
  Source source = kSourceTempKey;
  Target target = kTargetTempKey;
  size_t source_slot = 0, target_slot = 0;
  uint32_t details = 0;
  std::span<const uint8_t> message;
};

// Everything a parse error (0x03) is about: reserved bits, lengths, slot numbers, detail fields.
std::optional<Request> parse(const CommandPacket& packet) {
  Request r;
  const uint8_t mode = packet.param1;
  r.algorithm = mode & kAlgorithmMask;
  r.source = static_cast<Source>(mode & kSourceMask);
  r.target = static_cast<Target>(mode & kTargetMask);
  if ((mode & kReservedBit) != 0 || r.algorithm == kAlgorithmMask || r.target > kTargetOutputEncrypted ||
      packet.data.size() < kDetailsLength) {
    return std::nullopt;
  }
  const std::span<const uint8_t> data(packet.data);
  r.details = static_cast<uint32_t>(data[0] | data[1] << 8 | data[2] << 16 | static_cast<uint32_t>(data[3]) << 24);
  const size_t length = r.algorithm == kAes ? kAesBlock : data[3];
  if (length > kMaxMessage || data.size() != kDetailsLength + length) return std::nullopt;
  r.message = data.subspan(kDetailsLength);
  r.source_slot = packet.param2 & 0xFF;
  r.target_slot = packet.param2 >> 8;
  if ((r.source == kSourceSlot && r.source_slot >= kSlotCount) ||
      (r.target == kTargetSlot && r.target_slot >= kSlotCount)) {
    return std::nullopt;
  }
  const uint32_t fields = r.details & ~kLengthBits;
  const bool to_output = r.target == kTargetOutput || r.target == kTargetOutputEncrypted;
  switch (r.algorithm) {
    case kPrf: {
      const uint32_t aead = fields & kPrfAeadMask;
      // The AEAD split sends the second 32 bytes to the output buffer, so the target is internal.
      if ((fields & ~(kPrfKeyLengthMask | kPrfTarget64 | kPrfAeadMask)) != 0 || (aead != 0 && aead != kPrfAeadSplit) ||
          (aead == kPrfAeadSplit && ((fields & kPrfTarget64) == 0 || to_output))) {
        return std::nullopt;
      }
      break;
    }
    case kHkdf:
      if ((fields & ~(kHkdfMessageMask | kHkdfZeroKey)) != 0) return std::nullopt;
      break;
    default:
      if ((fields & ~kAesKeyLocationMask) != 0) return std::nullopt;
      break;
  }
  return r;
}

// The derived bytes, or nullopt for an execution error (source not usable, message source not
// modelled).
std::optional<std::vector<uint8_t>> derive(const CommandContext& context, const Request& r) {
  const uint32_t fields = r.details & ~kLengthBits;
  switch (r.algorithm) {
    case kPrf: {
      const size_t key_length = 16 * ((fields & kPrfKeyLengthMask) + 1);
      const auto key = source_key(context, r.source, r.source_slot, key_length, KeyType::kShaOrData);
      if (!key) return std::nullopt;
      return symmetric::tls12_prf_sha256(*key, r.message, (fields & kPrfTarget64) != 0 ? 64 : 32);
    }
    case kHkdf: {
      std::vector<uint8_t> key(32, 0x00);
      if ((fields & kHkdfZeroKey) == 0) {
        const auto k = source_key(context, r.source, r.source_slot, 32, KeyType::kShaOrData);
        if (!k) return std::nullopt;
        key = *k;
      }
      std::span<const uint8_t> message = r.message;
      const uint32_t where = fields & kHkdfMessageMask;
      const TempKey& t = context.volatile_state.temp_key;
      if (where == kHkdfMessageInTempKey) {
        if (!t.valid) return std::nullopt;
        message = std::span<const uint8_t>(t.value).first(32);
      } else if (where != kHkdfMessageInInput) {
        // A message in a slot (0) or the KdfIv function (3) is not modelled yet.
        return std::nullopt;
      }
      const symmetric::Digest prk = symmetric::hmac_sha256(key, message);
      return std::vector<uint8_t>(prk.begin(), prk.end());
    }
    default: {
      if (!chip_options(context.eeprom).kdf_aes_enabled()) return std::nullopt;
      const size_t offset = kAesBlock * (fields & kAesKeyLocationMask);
      const auto source = source_key(context, r.source, r.source_slot, offset + kAesBlock, KeyType::kAes);
      if (!source) return std::nullopt;
      const std::span<const uint8_t> all(*source);
      const symmetric::Block block = symmetric::aes128_encrypt(all.subspan(offset).first<16>(), r.message.first<16>());
      std::vector<uint8_t> out(32, 0x00);
      std::copy(block.begin(), block.end(), out.begin());
      return out;
    }
  }
}
}  // namespace

Reply run_kdf(CommandContext& context, const CommandPacket& packet) {
  const auto request = parse(packet);
  if (!request) return Reply::status(Status::kParseError);
  Eeprom& e = context.eeprom;
  const uint8_t protection = chip_options(e).kdf_protection();
  // KDF protection 1: no output in the clear; 2 (and 3): no output at all.
  if (!e.config_locked() || (request->target == kTargetOutput && protection >= 1) ||
      (request->target == kTargetOutputEncrypted && protection >= 2)) {
    return Reply::status(Status::kExecutionError);
  }
  auto result = derive(context, *request);
  if (!result) return Reply::status(Status::kExecutionError);
  if (request->target == kTargetOutput) return Reply{*result};
  if (request->target == kTargetOutputEncrypted) {
    const auto key = io_protection_key(e);
    if (!key) return Reply::status(Status::kExecutionError);
    const std::array<uint8_t, 32> nonce = draw_random(e, context.volatile_state, false);
    io_protect(*result, *key, nonce);
    Reply r{*result};
    r.payload.insert(r.payload.end(), nonce.begin(), nonce.end());
    return r;
  }
  const bool split = (request->details & kPrfAeadMask) == kPrfAeadSplit && request->algorithm == kPrf;
  const std::span<const uint8_t> all(*result);
  if (!store(context, request->target, request->target_slot, split ? all.first(32) : all)) {
    return Reply::status(Status::kExecutionError);
  }
  if (split) return Reply{{all.begin() + 32, all.end()}};
  return Reply::ok();
}

}  // namespace kb::sim::atecc608a
