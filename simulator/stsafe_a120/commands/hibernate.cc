// Hibernate (0x0D), fact sheet 2.5 and 8 #17:
//   0D  wake mode (01: wake on an I2C start or a reset, 02: on a reset only)  ->  no payload
// STSELib's API never sends it to an A120; the service, called directly, gets OK. Hibernation
// loses what the chip holds in RAM, as a reset does: the ECDHE key pair, the volatile KEK session,
// a key establishment waiting for its confirmation, a verified password (and any other volatile
// context: everything VolatileState::clear() drops). The host secure channel lives on: its counter
// is in the NVM. In mode 02 the chip then ignores the bus (its address NACKs) until the next power
// cycle; in mode 01 the next transfer wakes it (inference, docs/fidelity.md).
#include "simulator/stsafe_a120/commands/handlers.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint8_t kWakeOnI2cOrReset = 0x01;
constexpr uint8_t kWakeOnResetOnly = 0x02;
}  // namespace

Response run_hibernate(CommandContext& context, std::span<const uint8_t> payload) {
  if (payload.size() != 1) return Response::error(Status::kInconsistentCommandData);
  const uint8_t mode = payload[0];
  if (mode != kWakeOnI2cOrReset && mode != kWakeOnResetOnly) return Response::error(Status::kValueOutOfRange);
  context.volatile_state.clear();
  context.volatile_state.hibernate_wake_mode = mode;
  return Response::ok();
}

}  // namespace kb::sim::stsafe_a120
