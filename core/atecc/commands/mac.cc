#include "core/atecc/commands/mac.h"

#include "core/atecc/opcodes.h"
#include "core/atecc/response.h"

namespace kb::core::atecc::commands {

Result<Command> mac_command(uint8_t mode, uint16_t key_id, std::span<const uint8_t> challenge) {
  const bool from_tempkey = (mode & mac_mode::kBlock2TempKey) != 0;
  if (challenge.size() != (from_tempkey ? 0 : kMacChallengeBytes)) return Code::kInvalidArgument;
  Command c(opcode::kMac, mode, key_id);
  if (!c.append(challenge)) return Code::kInvalidArgument;
  return c;
}

Status mac(Atecc& chip, uint8_t mode, uint16_t key_id, std::span<const uint8_t> challenge,
           std::span<uint8_t, kMacDigestBytes> digest) {
  const Result<Command> command = mac_command(mode, key_id, challenge);
  if (!command.ok()) return command.status();
  return copy_payload(chip.run(*command), digest);
}

}  // namespace kb::core::atecc::commands
