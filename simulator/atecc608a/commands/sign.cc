// Sign (0x41, fact sheet B6.2): ECDSA P-256 with the private key of slot Param2 over
//   external mode (0x80): the 32-byte message in TempKey, or in the Message Digest Buffer (0x20);
//   internal mode: SHA-256 of the message built from TempKey (made by GenDig or GenKey) and the
//   config of the slot it came from (internal_message.h), so the signature attests to a key or
//   data the chip holds.
#include "simulator/atecc608a/chip_random.h"
#include "simulator/atecc608a/commands/handlers.h"
#include "simulator/atecc608a/internal_message.h"
#include "simulator/atecc608a/key_use.h"
#include "simulator/atecc608a/p256.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kExternal = 0x80;
constexpr uint8_t kFromDigestBuffer = 0x20;
constexpr uint8_t kAllowedBits = 0xE1;

// The digest to sign, or nullopt when the message source is not loaded or the key's policy
// refuses it.
std::optional<std::array<uint8_t, 32>> message_to_sign(const CommandContext& context, const CommandPacket& packet) {
  const VolatileState& v = context.volatile_state;
  const TempKey& t = v.temp_key;
  const KeyConfig kc = context.eeprom.key_config(packet.param2);
  const SlotConfig sc = context.eeprom.slot_config(packet.param2);
  if ((packet.param1 & kExternal) == 0) {
    // Only a TempKey a GenDig or GenKey made describes something inside the chip.
    if (!sc.internal_sign() || !t.valid || !(t.gen_dig_data || t.gen_key_data) || (kc.req_random() && !t.from_random)) {
      return std::nullopt;
    }
    const OtherData other = sign_internal_other_data(context.eeprom, t, packet.param1, packet.param2);
    return internal_message_digest(context.eeprom, std::span<const uint8_t>(t.value).first<32>(), other);
  }
  const bool from_buffer = (packet.param1 & kFromDigestBuffer) != 0;
  const bool loaded = from_buffer ? v.message_digest_buffer_valid : t.valid;
  // ReqRandom: the message must come from a random Nonce, which only TempKey can hold.
  const bool random_enough = !kc.req_random() || (!from_buffer && t.from_random);
  if (!sc.external_sign() || !loaded || !random_enough) return std::nullopt;
  std::array<uint8_t, 32> message{};
  const uint8_t* source = from_buffer ? v.message_digest_buffer.data() : t.value.data();
  std::copy(source, source + 32, message.begin());
  return message;
}
}  // namespace

Reply run_sign(CommandContext& context, const CommandPacket& packet) {
  const uint8_t mode = packet.param1;
  const bool internal = (mode & kExternal) == 0;
  // The digest buffer holds external messages only (an inference).
  if ((mode & ~kAllowedBits) != 0 || !packet.data.empty() || packet.param2 >= kSlotCount ||
      (internal && (mode & kFromDigestBuffer) != 0)) {
    return Reply::status(Status::kParseError);
  }
  Eeprom& e = context.eeprom;
  const size_t slot = packet.param2;
  const KeyConfig kc = e.key_config(slot);
  if (!e.data_locked() || !kc.is_private() || kc.key_type() != static_cast<uint8_t>(KeyType::kP256)) {
    return Reply::status(Status::kExecutionError);
  }
  const auto message = message_to_sign(context, packet);
  if (!message) return Reply::status(Status::kExecutionError);
  // An internal message and an external one from TempKey carry TempKey's SourceFlag.
  const bool from_tempkey = internal || (mode & kFromDigestBuffer) == 0;
  const bool random_temp_key = from_tempkey && context.volatile_state.temp_key.from_random;
  if (const Status s = use_key(context, KeyUse{slot, random_temp_key}); s != Status::kSuccess) {
    return Reply::status(s);
  }
  std::array<uint8_t, p256::kSignEntropyLength> entropy{};
  for (size_t at = 0; at < entropy.size(); at += 32) {
    const auto block = draw_random(e, context.volatile_state, false);
    std::copy(block.begin(), block.end(), entropy.begin() + static_cast<std::ptrdiff_t>(at));
  }
  const auto signature = p256::sign(e.slot(slot).subspan(4, 32), *message, entropy);
  if (!signature) return Reply::status(Status::kEccFault);
  return Reply{{signature->begin(), signature->end()}};
}

}  // namespace kb::sim::atecc608a
