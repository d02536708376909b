#include "core/atecc/commands/secure_boot.h"

#include "core/atecc/opcodes.h"
#include "core/atecc/response.h"

namespace kb::core::atecc::commands {

Result<Command> secure_boot_command(uint8_t mode, std::span<const uint8_t> digest, std::span<const uint8_t> signature) {
  if (digest.size() != kSecureBootDigestBytes) return Code::kInvalidArgument;
  if (!signature.empty() && signature.size() != kSecureBootSignatureBytes) return Code::kInvalidArgument;
  Command c(opcode::kSecureBoot, mode, 0);
  if (!c.append(digest) || !c.append(signature)) return Code::kInvalidArgument;
  return c;
}

Status secure_boot(Atecc& chip, uint8_t mode, std::span<const uint8_t> digest, std::span<const uint8_t> signature) {
  const Result<Command> command = secure_boot_command(mode, digest, signature);
  if (!command.ok()) return command.status();
  return expect_success(chip.run(*command));
}

Status secure_boot_mac(Atecc& chip, uint8_t mode, std::span<const uint8_t> encrypted_digest,
                       std::span<const uint8_t> signature, std::span<uint8_t, kSecureBootMacBytes> mac) {
  const Result<Command> command =
      secure_boot_command(static_cast<uint8_t>(mode | secure_boot_mode::kEncryptedMac), encrypted_digest, signature);
  if (!command.ok()) return command.status();
  return copy_payload(chip.run(*command), mac);
}

}  // namespace kb::core::atecc::commands
