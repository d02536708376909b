#include "core/atecc/commands/read.h"

#include "core/atecc/opcodes.h"
#include "core/atecc/response.h"

namespace kb::core::atecc::commands {

Result<Command> read_command(Zone zone, uint16_t address, size_t length) {
  if (length != kWordBytes && length != kBlockBytes) return Code::kInvalidArgument;
  const auto size_flag = static_cast<uint8_t>(length == kBlockBytes ? kZoneBlockFlag : 0);
  return Command(opcode::kRead, static_cast<uint8_t>(static_cast<uint8_t>(zone) | size_flag), address);
}

Status read(Atecc& chip, Zone zone, uint16_t address, std::span<uint8_t> out) {
  const Result<Command> command = read_command(zone, address, out.size());
  if (!command.ok()) return command.status();
  return copy_payload(chip.run(*command), out);
}

}  // namespace kb::core::atecc::commands
