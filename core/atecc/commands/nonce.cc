#include "core/atecc/commands/nonce.h"

#include "core/atecc/opcodes.h"
#include "core/atecc/response.h"

namespace kb::core::atecc::commands {

namespace {
constexpr uint8_t kRandomUpdateSeed = 0x00;
constexpr uint8_t kRandomNoSeedUpdate = 0x01;
constexpr uint8_t kPassThrough = 0x03;
constexpr uint8_t kInput64 = 0x20;
}  // namespace

Result<Command> nonce_random_command(std::span<const uint8_t> num_in, bool update_seed) {
  if (num_in.size() != kNonceNumInBytes) return Code::kInvalidArgument;
  Command c(opcode::kNonce, update_seed ? kRandomUpdateSeed : kRandomNoSeedUpdate, 0);
  if (!c.append(num_in)) return Code::kInvalidArgument;
  return c;
}

Result<Command> nonce_load_command(NonceTarget target, std::span<const uint8_t> value) {
  const bool wide = value.size() == 64;
  if (value.size() != 32 && !wide) return Code::kInvalidArgument;
  if (wide && target == NonceTarget::kAlternateKeyBuffer) return Code::kInvalidArgument;
  const auto mode = static_cast<uint8_t>(kPassThrough | static_cast<uint8_t>(target) | (wide ? kInput64 : 0));
  Command c(opcode::kNonce, mode, 0);
  if (!c.append(value)) return Code::kInvalidArgument;
  return c;
}

Status nonce_random(Atecc& chip, std::span<const uint8_t, kNonceNumInBytes> num_in,
                    std::span<uint8_t, kNonceRandOutBytes> rand_out, bool update_seed) {
  const Result<Command> command = nonce_random_command(num_in, update_seed);
  if (!command.ok()) return command.status();
  return copy_payload(chip.run(*command), rand_out);
}

Status nonce_load(Atecc& chip, NonceTarget target, std::span<const uint8_t> value) {
  const Result<Command> command = nonce_load_command(target, value);
  if (!command.ok()) return command.status();
  return expect_success(chip.run(*command));
}

}  // namespace kb::core::atecc::commands
