#include "core/atecc/commands/genkey.h"

#include "core/atecc/opcodes.h"
#include "core/atecc/response.h"

namespace kb::core::atecc::commands {

Result<Command> genkey_command(uint8_t mode, uint16_t key_id, std::span<const uint8_t> other_data) {
  if (!other_data.empty() && other_data.size() != kGenKeyOtherDataBytes) return Code::kInvalidArgument;
  Command c(opcode::kGenKey, mode, key_id);
  if (!c.append(other_data)) return Code::kInvalidArgument;
  return c;
}

Status genkey(Atecc& chip, uint8_t mode, uint16_t key_id, std::span<const uint8_t> other_data, std::span<uint8_t> out) {
  const Result<Command> command = genkey_command(mode, key_id, other_data);
  if (!command.ok()) return command.status();
  const Result<Atecc::Payload> payload = chip.run(*command);
  return out.empty() ? expect_success(payload) : copy_payload(payload, out);
}

Status genkey_private(Atecc& chip, uint16_t key_id, std::span<uint8_t, kPublicKeyBytes> public_key) {
  return genkey(chip, genkey_mode::kPrivate, key_id, {}, public_key);
}

Status genkey_public(Atecc& chip, uint16_t key_id, std::span<uint8_t, kPublicKeyBytes> public_key) {
  return genkey(chip, genkey_mode::kPublic, key_id, {}, public_key);
}

Status genkey_pubkey_digest(Atecc& chip, uint16_t key_id, std::span<const uint8_t, kGenKeyOtherDataBytes> other_data) {
  return genkey(chip, genkey_mode::kPubKeyDigest, key_id, other_data, {});
}

}  // namespace kb::core::atecc::commands
