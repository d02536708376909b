#include "core/atecc/commands/verify.h"

#include "core/atecc/opcodes.h"
#include "core/atecc/response.h"

namespace kb::core::atecc::commands {

namespace {
constexpr uint8_t kStored = 0x00;
constexpr uint8_t kExternal = 0x02;
constexpr uint8_t kValidate = 0x03;
constexpr uint8_t kInvalidate = 0x07;

uint8_t with_source(uint8_t mode, MessageSource source) {
  return static_cast<uint8_t>(mode | static_cast<uint8_t>(source));
}

Result<bool> run_verify(Atecc& chip, const Result<Command>& command) {
  if (!command.ok()) return command.status();
  return match_or_miscompare(chip.run(*command));
}
}  // namespace

Result<Command> verify_external_command(MessageSource source, std::span<const uint8_t> signature,
                                        std::span<const uint8_t> public_key) {
  if (signature.size() != kVerifySignatureBytes || public_key.size() != kVerifyPublicKeyBytes) {
    return Code::kInvalidArgument;
  }
  Command c(opcode::kVerify, with_source(kExternal, source), kVerifyKeyTypeP256);
  if (!c.append(signature) || !c.append(public_key)) return Code::kInvalidArgument;
  return c;
}

Result<Command> verify_stored_command(MessageSource source, uint16_t key_id, std::span<const uint8_t> signature) {
  if (signature.size() != kVerifySignatureBytes) return Code::kInvalidArgument;
  Command c(opcode::kVerify, with_source(kStored, source), key_id);
  if (!c.append(signature)) return Code::kInvalidArgument;
  return c;
}

Result<Command> verify_validate_command(uint16_t key_id, std::span<const uint8_t> signature,
                                        std::span<const uint8_t> other_data, bool invalidate) {
  if (signature.size() != kVerifySignatureBytes || other_data.size() != kVerifyOtherDataBytes) {
    return Code::kInvalidArgument;
  }
  Command c(opcode::kVerify, invalidate ? kInvalidate : kValidate, key_id);
  if (!c.append(signature) || !c.append(other_data)) return Code::kInvalidArgument;
  return c;
}

Result<bool> verify_external(Atecc& chip, MessageSource source, std::span<const uint8_t> signature,
                             std::span<const uint8_t> public_key) {
  return run_verify(chip, verify_external_command(source, signature, public_key));
}

Result<bool> verify_stored(Atecc& chip, MessageSource source, uint16_t key_id, std::span<const uint8_t> signature) {
  return run_verify(chip, verify_stored_command(source, key_id, signature));
}

Result<bool> verify_validate(Atecc& chip, uint16_t key_id, std::span<const uint8_t> signature,
                             std::span<const uint8_t> other_data) {
  return run_verify(chip, verify_validate_command(key_id, signature, other_data, false));
}

Result<bool> verify_invalidate(Atecc& chip, uint16_t key_id, std::span<const uint8_t> signature,
                               std::span<const uint8_t> other_data) {
  return run_verify(chip, verify_validate_command(key_id, signature, other_data, true));
}

}  // namespace kb::core::atecc::commands
