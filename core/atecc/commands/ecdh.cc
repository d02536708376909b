#include "core/atecc/commands/ecdh.h"

#include <algorithm>

#include "core/atecc/opcodes.h"
#include "core/atecc/response.h"

namespace kb::core::atecc::commands {

Result<Command> ecdh_command(uint8_t mode, uint16_t key_id, std::span<const uint8_t> public_key) {
  if (public_key.size() != kEcdhPublicKeyBytes) return Code::kInvalidArgument;
  Command c(opcode::kEcdh, mode, key_id);
  if (!c.append(public_key)) return Code::kInvalidArgument;
  return c;
}

Result<size_t> ecdh(Atecc& chip, uint8_t mode, uint16_t key_id, std::span<const uint8_t> public_key,
                    std::span<uint8_t> out) {
  const Result<Command> command = ecdh_command(mode, key_id, public_key);
  if (!command.ok()) return command.status();
  const Result<Atecc::Payload> payload = chip.run(*command);
  if (!payload.ok()) return payload.status();
  // A status group here is the success byte: the secret went to a slot or TempKey.
  if (payload->size() == 1) return size_t{0};
  if (payload->size() != kSharedSecretBytes && payload->size() != 2 * kSharedSecretBytes) {
    return Code::kResponseMalformed;
  }
  if (payload->size() > out.size()) return Code::kBufferTooSmall;
  std::copy(payload->begin(), payload->end(), out.begin());
  return payload->size();
}

Status ecdh_to_output(Atecc& chip, uint16_t key_id, std::span<const uint8_t> public_key,
                      std::span<uint8_t, kSharedSecretBytes> shared) {
  const Result<Command> command = ecdh_command(ecdh_mode::kCopyOutput, key_id, public_key);
  if (!command.ok()) return command.status();
  return copy_payload(chip.run(*command), shared);
}

}  // namespace kb::core::atecc::commands
