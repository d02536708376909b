// Sign (0x41, fact sheet B6.2), external mode: ECDSA P-256 over the 32-byte message in TempKey
// (or in the Message Digest Buffer with bit 5), with the private key of slot Param2.
#include "simulator/atecc608a/chip_random.h"
#include "simulator/atecc608a/commands/handlers.h"
#include "simulator/atecc608a/key_use.h"
#include "simulator/atecc608a/p256.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kExternal = 0x80;
constexpr uint8_t kFromDigestBuffer = 0x20;
constexpr uint8_t kAllowedBits = 0xE1;
}  // namespace

Reply run_sign(CommandContext& context, const CommandPacket& packet) {
  const uint8_t mode = packet.param1;
  if ((mode & ~kAllowedBits) != 0 || !packet.data.empty() || packet.param2 >= kSlotCount) {
    return Reply::status(Status::kParseError);
  }
  // Internal messages (GenDig/GenKey-built) are not modelled yet.
  if ((mode & kExternal) == 0) return Reply::status(Status::kExecutionError);
  Eeprom& e = context.eeprom;
  const size_t slot = packet.param2;
  const KeyConfig kc = e.key_config(slot);
  if (!e.data_locked() || !kc.is_private() || kc.key_type() != static_cast<uint8_t>(KeyType::kP256) ||
      !e.slot_config(slot).external_sign()) {
    return Reply::status(Status::kExecutionError);
  }
  VolatileState& v = context.volatile_state;
  const bool from_buffer = (mode & kFromDigestBuffer) != 0;
  const bool loaded = from_buffer ? v.message_digest_buffer_valid : v.temp_key.valid;
  // ReqRandom: the message must come from a random Nonce, which only TempKey can hold.
  const bool random_enough = !kc.req_random() || (!from_buffer && v.temp_key.from_random);
  if (!loaded || !random_enough) return Reply::status(Status::kExecutionError);
  if (const Status s = use_key(context, KeyUse{slot, !from_buffer && v.temp_key.from_random}); s != Status::kSuccess)
    return Reply::status(s);
  std::array<uint8_t, 32> message{};
  const uint8_t* source = from_buffer ? v.message_digest_buffer.data() : v.temp_key.value.data();
  std::copy(source, source + 32, message.begin());
  std::array<uint8_t, p256::kSignEntropyLength> entropy{};
  for (size_t at = 0; at < entropy.size(); at += 32) {
    const auto block = draw_random(e, v, false);
    std::copy(block.begin(), block.end(), entropy.begin() + static_cast<std::ptrdiff_t>(at));
  }
  const auto signature = p256::sign(e.slot(slot).subspan(4, 32), message, entropy);
  if (!signature) return Reply::status(Status::kEccFault);
  return Reply{{signature->begin(), signature->end()}};
}

}  // namespace kb::sim::atecc608a
