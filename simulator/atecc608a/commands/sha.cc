// SHA (0x47, fact sheet B6.2): SHA-256 over several commands: Start, Update with exactly 64
// bytes, End with the last 0..63 bytes (the chip pads). Public (3) adds the 64-byte public key
// stored in a slot; HMAC start (4) begins an HMAC-SHA-256 under a slot key or TempKey, which the
// same End (2 on the 608) finishes. The context lives in SRAM: it survives idle and is lost on
// sleep.
#include "simulator/atecc608a/commands/handlers.h"
#include "simulator/atecc608a/public_key_slot.h"
#include "simulator/atecc608a/symmetric.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kStart = 0x00, kUpdate = 0x01, kEnd = 0x02, kPublic = 0x03, kHmacStart = 0x04;
constexpr uint8_t kHmacEnd508 = 0x05;
constexpr uint16_t kTempKeyId = 0xFFFF;
constexpr uint8_t kModeMask = 0x07;
constexpr uint8_t kTargetMask = 0xC0;
constexpr uint8_t kTargetTempKey = 0x00, kTargetDigestBuffer = 0x40, kTargetOutputOnly = 0xC0;
constexpr size_t kBlock = 64;

// The 32-byte HMAC key: a slot with KeyType SHA/data after the data lock, or a loaded TempKey.
std::optional<std::array<uint8_t, 32>> hmac_key(const CommandContext& context, uint16_t key_id) {
  std::array<uint8_t, 32> key{};
  if (key_id == kTempKeyId) {
    const TempKey& t = context.volatile_state.temp_key;
    if (!t.valid) return std::nullopt;
    std::copy(t.value.begin(), t.value.begin() + 32, key.begin());
    return key;
  }
  const Eeprom& e = context.eeprom;
  const KeyConfig kc = e.key_config(key_id);
  if (!e.data_locked() || kc.is_private() || kc.key_type() != static_cast<uint8_t>(KeyType::kShaOrData)) {
    return std::nullopt;
  }
  const auto bytes = e.slot(key_id).first(32);
  std::copy(bytes.begin(), bytes.end(), key.begin());
  return key;
}

Reply add_public_key(CommandContext& context, const CommandPacket& packet) {
  if (!packet.data.empty() || packet.param1 != kPublic || packet.param2 >= kSlotCount) {
    return Reply::status(Status::kParseError);
  }
  VolatileState& v = context.volatile_state;
  const Eeprom& e = context.eeprom;
  const size_t slot = packet.param2;
  const KeyConfig kc = e.key_config(slot);
  if (!v.sha_message || !holds_public_key_format(slot) || kc.is_private() ||
      kc.key_type() != static_cast<uint8_t>(KeyType::kP256)) {
    return Reply::status(Status::kExecutionError);
  }
  for (uint8_t b : stored_public_key(e, slot)) v.sha_message->push_back(b);
  return Reply::ok();
}

Reply hmac_start(CommandContext& context, const CommandPacket& packet) {
  if (!packet.data.empty() || packet.param1 != kHmacStart ||
      (packet.param2 >= kSlotCount && packet.param2 != kTempKeyId)) {
    return Reply::status(Status::kParseError);
  }
  const auto key = hmac_key(context, packet.param2);
  if (!key) return Reply::status(Status::kExecutionError);
  VolatileState& v = context.volatile_state;
  v.sha_message.emplace();
  v.sha_hmac_key = key;
  return Reply::ok();
}
}  // namespace

Reply run_sha(CommandContext& context, const CommandPacket& packet) {
  const uint8_t mode = packet.param1 & kModeMask;
  const uint8_t target = packet.param1 & kTargetMask;
  if ((packet.param1 & ~(kModeMask | kTargetMask)) != 0) return Reply::status(Status::kParseError);
  if (mode == kPublic) return add_public_key(context, packet);
  if (mode == kHmacStart) return hmac_start(context, packet);
  // HMAC end is mode 2 on the 608; mode 5 is the 508's.
  if (mode == kHmacEnd508) return Reply::status(Status::kParseError);
  // Context read/write (6, 7) are not modelled yet.
  if (mode > kEnd) return Reply::status(Status::kExecutionError);
  VolatileState& v = context.volatile_state;
  switch (mode) {
    case kStart:
      if (!packet.data.empty() || target != 0) return Reply::status(Status::kParseError);
      v.sha_message.emplace();
      v.sha_hmac_key.reset();
      return Reply::ok();
    case kUpdate:
      if (packet.data.size() != kBlock || packet.param2 != kBlock || target != 0) {
        return Reply::status(Status::kParseError);
      }
      if (!v.sha_message) return Reply::status(Status::kExecutionError);
      v.sha_message->insert(v.sha_message->end(), packet.data.begin(), packet.data.end());
      return Reply::ok();
    default: {
      if (packet.data.size() >= kBlock || packet.param2 != packet.data.size() ||
          (target != kTargetTempKey && target != kTargetDigestBuffer && target != kTargetOutputOnly)) {
        return Reply::status(Status::kParseError);
      }
      if (!v.sha_message) return Reply::status(Status::kExecutionError);
      std::vector<uint8_t> message = std::move(*v.sha_message);
      v.sha_message.reset();
      const std::optional<std::array<uint8_t, 32>> key = v.sha_hmac_key;
      v.sha_hmac_key.reset();
      message.insert(message.end(), packet.data.begin(), packet.data.end());
      const symmetric::Digest digest = key ? symmetric::hmac_sha256(*key, message) : symmetric::sha256(message);
      // The digest is returned, and also kept in TempKey or the message digest buffer (an inference).
      if (target == kTargetTempKey) {
        v.temp_key = TempKey{};
        std::copy(digest.begin(), digest.end(), v.temp_key.value.begin());
        v.temp_key.valid = true;
      } else if (target == kTargetDigestBuffer) {
        v.message_digest_buffer = {};
        std::copy(digest.begin(), digest.end(), v.message_digest_buffer.begin());
        v.message_digest_buffer_valid = true;
      }
      return Reply{{digest.begin(), digest.end()}};
    }
  }
}

}  // namespace kb::sim::atecc608a
