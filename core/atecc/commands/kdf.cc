#include "core/atecc/commands/kdf.h"

#include <algorithm>

#include "core/atecc/opcodes.h"
#include "core/atecc/response.h"

namespace kb::core::atecc::commands {

Result<Command> kdf_command(uint8_t mode, uint16_t key_id, uint32_t details, std::span<const uint8_t> message) {
  if (message.size() > kKdfMaxMessageBytes) return Code::kInvalidArgument;
  const uint8_t details_le[] = {static_cast<uint8_t>(details), static_cast<uint8_t>(details >> 8),
                                static_cast<uint8_t>(details >> 16), static_cast<uint8_t>(details >> 24)};
  Command c(opcode::kKdf, mode, key_id);
  if (!c.append(details_le) || !c.append(message)) return Code::kInvalidArgument;
  return c;
}

Result<size_t> kdf(Atecc& chip, uint8_t mode, uint16_t key_id, uint32_t details, std::span<const uint8_t> message,
                   std::span<uint8_t> out) {
  const Result<Command> command = kdf_command(mode, key_id, details, message);
  if (!command.ok()) return command.status();
  const Result<Atecc::Payload> payload = chip.run(*command);
  if (!payload.ok()) return payload.status();
  if (payload->size() == 1) return size_t{0};  // the success byte: the result stayed in the chip
  if (payload->size() > out.size()) return Code::kBufferTooSmall;
  std::copy(payload->begin(), payload->end(), out.begin());
  return payload->size();
}

}  // namespace kb::core::atecc::commands
