// Info (0x30, fact sheet B6.2): mode 0 returns the revision, RevNum of the config zone
// (00 00 60 02 on an ATECC608A).
#include "simulator/atecc608a/commands/handlers.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kRevision = 0x00;
constexpr uint8_t kLastMode = 0x04;  // VolatileKeyPermit
}  // namespace

Reply run_info(CommandContext& context, const CommandPacket& packet) {
  if (!packet.data.empty() || packet.param1 > kLastMode) return Reply::status(Status::kParseError);
  if (packet.param1 == kRevision) {
    const auto rev = context.eeprom.config().subspan(config::kRevNum, 4);
    return Reply{{rev.begin(), rev.end()}};
  }
  // KeyValid, State, GPIO and VolatileKeyPermit are not modelled yet (docs/fidelity.md).
  return Reply::status(Status::kExecutionError);
}

}  // namespace kb::sim::atecc608a
