#include "core/atecc/commands/priv_write.h"

#include <array>

#include "core/atecc/opcodes.h"
#include "core/atecc/response.h"

namespace kb::core::atecc::commands {

namespace {
constexpr uint8_t kEncrypted = 0x40;
}  // namespace

Result<Command> priv_write_command(uint16_t key_id, std::span<const uint8_t> value, std::span<const uint8_t> mac,
                                   bool encrypted) {
  if (value.size() != kPrivWriteValueBytes || mac.size() != kPrivWriteMacBytes) return Code::kInvalidArgument;
  Command c(opcode::kPrivWrite, encrypted ? kEncrypted : 0, key_id);
  if (!c.append(value) || !c.append(mac)) return Code::kInvalidArgument;
  return c;
}

Status priv_write(Atecc& chip, uint16_t key_id, std::span<const uint8_t, kPrivWriteValueBytes> value) {
  static constexpr std::array<uint8_t, kPrivWriteMacBytes> kIgnoredMac{};
  const Result<Command> command = priv_write_command(key_id, value, kIgnoredMac, false);
  if (!command.ok()) return command.status();
  return expect_success(chip.run(*command));
}

Status priv_write_encrypted(Atecc& chip, uint16_t key_id, std::span<const uint8_t, kPrivWriteValueBytes> encrypted,
                            std::span<const uint8_t, kPrivWriteMacBytes> mac) {
  const Result<Command> command = priv_write_command(key_id, encrypted, mac, true);
  if (!command.ok()) return command.status();
  return expect_success(chip.run(*command));
}

}  // namespace kb::core::atecc::commands
