#include "core/atecc/commands/checkmac.h"

#include "core/atecc/opcodes.h"
#include "core/atecc/response.h"

namespace kb::core::atecc::commands {

Result<Command> checkmac_command(uint8_t mode, uint16_t key_id, std::span<const uint8_t> challenge,
                                 std::span<const uint8_t> response, std::span<const uint8_t> other_data) {
  if (challenge.size() != kCheckMacChallengeBytes || response.size() != kCheckMacResponseBytes ||
      other_data.size() != kCheckMacOtherDataBytes) {
    return Code::kInvalidArgument;
  }
  Command c(opcode::kCheckMac, mode, key_id);
  if (!c.append(challenge) || !c.append(response) || !c.append(other_data)) return Code::kInvalidArgument;
  return c;
}

Result<bool> checkmac(Atecc& chip, uint8_t mode, uint16_t key_id, std::span<const uint8_t> challenge,
                      std::span<const uint8_t> response, std::span<const uint8_t> other_data) {
  const Result<Command> command = checkmac_command(mode, key_id, challenge, response, other_data);
  if (!command.ok()) return command.status();
  return match_or_miscompare(chip.run(*command));
}

}  // namespace kb::core::atecc::commands
