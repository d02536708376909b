// Nonce (0x16, fact sheet B6.2): random mode makes TempKey from the RNG and the host's 20-byte
// NumIn; pass-through mode loads 32 or 64 host bytes into TempKey, the Message Digest Buffer or
// the Alternate Key Buffer.
#include <cryptopp/sha.h>

#include "simulator/atecc608a/chip_random.h"
#include "simulator/atecc608a/commands/handlers.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kOpcode = 0x16;
constexpr uint8_t kPassThrough = 0x03;
constexpr uint8_t kLongInput = 0x20;  // pass-through of 64 bytes
constexpr uint8_t kTargetMask = 0xC0;
constexpr uint8_t kTargetTempKey = 0x00;
constexpr uint8_t kTargetDigestBuffer = 0x40;
constexpr uint8_t kTargetAlternateKey = 0x80;
constexpr uint16_t kUseTempKeyForRandom = 0x8000;
constexpr size_t kNumInLength = 20;

Reply random_nonce(CommandContext& context, const CommandPacket& packet) {
  const uint8_t mode = packet.param1 & 0x03;
  if (packet.param1 != mode || packet.data.size() != kNumInLength) return Reply::status(Status::kParseError);
  if ((packet.param2 & ~kUseTempKeyForRandom) != 0) return Reply::status(Status::kParseError);
  TempKey& t = context.volatile_state.temp_key;
  // Param2 bit 15 feeds the current TempKey in place of the RNG output and returns the new
  // TempKey; its flags stay as they were (cryptoauthlib's host model of this mode).
  const bool from_temp_key = packet.param2 == kUseTempKeyForRandom;
  std::vector<uint8_t> rand_out;
  if (from_temp_key) {
    if (!t.valid) return Reply::status(Status::kExecutionError);
    rand_out.assign(t.value.begin(), t.value.begin() + 32);
  } else if (!context.eeprom.config_locked()) {
    rand_out = unlocked_random_pattern();
  } else {
    const auto r = draw_random(context.eeprom, context.volatile_state, mode == 0x00);
    rand_out.assign(r.begin(), r.end());
  }
  // TempKey = SHA-256(RandOut | NumIn | opcode | mode | LSB of Param2).
  std::vector<uint8_t> message = rand_out;
  message.insert(message.end(), packet.data.begin(), packet.data.end());
  message.push_back(kOpcode);
  message.push_back(mode);
  message.push_back(static_cast<uint8_t>(packet.param2));
  if (from_temp_key) {
    CryptoPP::SHA256().CalculateDigest(t.value.data(), message.data(), message.size());
    t.upper_valid = false;
    return Reply{{t.value.begin(), t.value.begin() + 32}};
  }
  t = TempKey{};
  CryptoPP::SHA256().CalculateDigest(t.value.data(), message.data(), message.size());
  t.valid = true;
  t.from_random = true;
  return Reply{rand_out};
}

Reply pass_through(CommandContext& context, const CommandPacket& packet) {
  const uint8_t target = packet.param1 & kTargetMask;
  const size_t length = (packet.param1 & kLongInput) != 0 ? 64 : 32;
  constexpr uint8_t kUnusedBits = 0x1C;
  if ((packet.param1 & kUnusedBits) != 0 || target == kTargetMask || packet.data.size() != length ||
      packet.param2 != 0 || (target == kTargetAlternateKey && length != 32)) {
    return Reply::status(Status::kParseError);
  }
  VolatileState& v = context.volatile_state;
  switch (target) {
    case kTargetTempKey:
      v.temp_key = TempKey{};
      std::copy(packet.data.begin(), packet.data.end(), v.temp_key.value.begin());
      v.temp_key.valid = true;
      v.temp_key.upper_valid = length == 64;
      break;
    case kTargetDigestBuffer:
      v.message_digest_buffer = {};
      std::copy(packet.data.begin(), packet.data.end(), v.message_digest_buffer.begin());
      v.message_digest_buffer_valid = true;
      break;
    default:
      std::copy(packet.data.begin(), packet.data.end(), v.alternate_key_buffer.begin());
      v.alternate_key_buffer_valid = true;
      break;
  }
  return Reply::ok();
}
}  // namespace

Reply run_nonce(CommandContext& context, const CommandPacket& packet) {
  const uint8_t mode = packet.param1 & 0x03;
  if (mode == kPassThrough) return pass_through(context, packet);
  if (mode == 0x02) return Reply::status(Status::kParseError);
  return random_nonce(context, packet);
}

}  // namespace kb::sim::atecc608a
