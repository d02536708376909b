#include "core/atecc/commands/aes.h"

#include "core/atecc/opcodes.h"
#include "core/atecc/response.h"

namespace kb::core::atecc::commands {

namespace {
constexpr uint8_t kKeyBlockShift = 6;
constexpr uint8_t kKeyBlocks = 4;

Status run_aes(Atecc& chip, const Result<Command>& command, std::span<uint8_t, kAesBlockBytes> out) {
  if (!command.ok()) return command.status();
  return copy_payload(chip.run(*command), out);
}
}  // namespace

Result<Command> aes_command(AesOperation operation, uint16_t key_id, uint8_t key_block, std::span<const uint8_t> data) {
  const size_t expected = operation == AesOperation::kGfm ? 2 * kAesBlockBytes : kAesBlockBytes;
  if (key_block >= kKeyBlocks || data.size() != expected) return Code::kInvalidArgument;
  const auto mode = static_cast<uint8_t>(static_cast<uint8_t>(operation) | key_block << kKeyBlockShift);
  Command c(opcode::kAes, mode, key_id);
  if (!c.append(data)) return Code::kInvalidArgument;
  return c;
}

Status aes_encrypt(Atecc& chip, uint16_t key_id, uint8_t key_block, std::span<const uint8_t, kAesBlockBytes> in,
                   std::span<uint8_t, kAesBlockBytes> out) {
  return run_aes(chip, aes_command(AesOperation::kEncrypt, key_id, key_block, in), out);
}

Status aes_decrypt(Atecc& chip, uint16_t key_id, uint8_t key_block, std::span<const uint8_t, kAesBlockBytes> in,
                   std::span<uint8_t, kAesBlockBytes> out) {
  return run_aes(chip, aes_command(AesOperation::kDecrypt, key_id, key_block, in), out);
}

Status aes_gfm(Atecc& chip, std::span<const uint8_t, kAesBlockBytes> h, std::span<const uint8_t, kAesBlockBytes> input,
               std::span<uint8_t, kAesBlockBytes> out) {
  uint8_t data[2 * kAesBlockBytes];
  for (size_t i = 0; i < kAesBlockBytes; ++i) {
    data[i] = h[i];
    data[kAesBlockBytes + i] = input[i];
  }
  return run_aes(chip, aes_command(AesOperation::kGfm, 0, 0, data), out);
}

}  // namespace kb::core::atecc::commands
