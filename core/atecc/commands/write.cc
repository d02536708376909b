#include "core/atecc/commands/write.h"

#include "core/atecc/opcodes.h"
#include "core/atecc/response.h"

namespace kb::core::atecc::commands {

Result<Command> write_command(Zone zone, uint16_t address, std::span<const uint8_t> value) {
  if (value.size() != kWordBytes && value.size() != kBlockBytes) return Code::kInvalidArgument;
  const auto size_flag = static_cast<uint8_t>(value.size() == kBlockBytes ? kZoneBlockFlag : 0);
  Command c(opcode::kWrite, static_cast<uint8_t>(static_cast<uint8_t>(zone) | size_flag), address);
  if (!c.append(value)) return Code::kInvalidArgument;
  return c;
}

Result<Command> write_encrypted_command(Zone zone, uint16_t address, std::span<const uint8_t> encrypted,
                                        std::span<const uint8_t> mac) {
  if (encrypted.size() != kBlockBytes || mac.size() != kWriteMacBytes) return Code::kInvalidArgument;
  Command c(opcode::kWrite, static_cast<uint8_t>(static_cast<uint8_t>(zone) | kZoneBlockFlag | kZoneEncryptedFlag),
            address);
  if (!c.append(encrypted) || !c.append(mac)) return Code::kInvalidArgument;
  return c;
}

Status write(Atecc& chip, Zone zone, uint16_t address, std::span<const uint8_t> value) {
  const Result<Command> command = write_command(zone, address, value);
  if (!command.ok()) return command.status();
  return expect_success(chip.run(*command));
}

Status write_encrypted(Atecc& chip, Zone zone, uint16_t address, std::span<const uint8_t> encrypted,
                       std::span<const uint8_t> mac) {
  const Result<Command> command = write_encrypted_command(zone, address, encrypted, mac);
  if (!command.ok()) return command.status();
  return expect_success(chip.run(*command));
}

}  // namespace kb::core::atecc::commands
