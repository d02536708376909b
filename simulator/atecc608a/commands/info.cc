// Info (0x30, fact sheet B6.2): mode 0 returns the revision, RevNum of the config zone
// (00 00 60 02 on an ATECC608A); mode 1 says whether a slot holds a valid P-256 private key.
#include "simulator/atecc608a/commands/handlers.h"
#include "simulator/atecc608a/p256.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kRevision = 0x00;
constexpr uint8_t kKeyValid = 0x01;
constexpr uint8_t kLastMode = 0x04;  // VolatileKeyPermit
}  // namespace

Reply run_info(CommandContext& context, const CommandPacket& packet) {
  if (!packet.data.empty() || packet.param1 > kLastMode) return Reply::status(Status::kParseError);
  if (packet.param1 == kRevision) {
    const auto rev = context.eeprom.config().subspan(config::kRevNum, 4);
    return Reply{{rev.begin(), rev.end()}};
  }
  if (packet.param1 == kKeyValid) {
    if (packet.param2 >= kSlotCount) return Reply::status(Status::kParseError);
    const size_t slot = packet.param2;
    const KeyConfig kc = context.eeprom.key_config(slot);
    const bool valid = kc.is_private() && kc.key_type() == static_cast<uint8_t>(KeyType::kP256) &&
                       p256::private_key_is_valid(context.eeprom.slot(slot).subspan(4, 32));
    return Reply{{static_cast<uint8_t>(valid ? 1 : 0), 0x00, 0x00, 0x00}};
  }
  // State, GPIO and VolatileKeyPermit are not modelled yet (docs/fidelity.md).
  return Reply::status(Status::kExecutionError);
}

}  // namespace kb::sim::atecc608a
