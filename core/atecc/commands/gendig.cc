#include "core/atecc/commands/gendig.h"

#include "core/atecc/opcodes.h"
#include "core/atecc/response.h"

namespace kb::core::atecc::commands {

Result<Command> gendig_command(GenDigZone zone, uint16_t key_id, std::span<const uint8_t> other_data) {
  const bool shared_nonce = zone == GenDigZone::kSharedNonce;
  const bool sized = shared_nonce ? other_data.size() == 32 : (other_data.empty() || other_data.size() == 4);
  if (!sized) return Code::kInvalidArgument;
  Command c(opcode::kGenDig, static_cast<uint8_t>(zone), key_id);
  if (!c.append(other_data)) return Code::kInvalidArgument;
  return c;
}

Status gendig(Atecc& chip, GenDigZone zone, uint16_t key_id, std::span<const uint8_t> other_data) {
  const Result<Command> command = gendig_command(zone, key_id, other_data);
  if (!command.ok()) return command.status();
  return expect_success(chip.run(*command));
}

}  // namespace kb::core::atecc::commands
