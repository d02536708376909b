#include "core/atecc/commands/derive_key.h"

#include "core/atecc/opcodes.h"
#include "core/atecc/response.h"

namespace kb::core::atecc::commands {

Result<Command> derive_key_command(uint8_t mode, uint16_t target_key, std::span<const uint8_t> mac) {
  if (!mac.empty() && mac.size() != kDeriveKeyMacBytes) return Code::kInvalidArgument;
  Command c(opcode::kDeriveKey, mode, target_key);
  if (!c.append(mac)) return Code::kInvalidArgument;
  return c;
}

Status derive_key(Atecc& chip, uint8_t mode, uint16_t target_key, std::span<const uint8_t> mac) {
  const Result<Command> command = derive_key_command(mode, target_key, mac);
  if (!command.ok()) return command.status();
  return expect_success(chip.run(*command));
}

}  // namespace kb::core::atecc::commands
