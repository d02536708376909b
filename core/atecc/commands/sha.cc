#include "core/atecc/commands/sha.h"

#include "core/atecc/opcodes.h"
#include "core/atecc/response.h"

namespace kb::core::atecc::commands {

namespace {
constexpr uint8_t kStart = 0x00;
constexpr uint8_t kUpdate = 0x01;
constexpr uint8_t kEnd = 0x02;
constexpr uint8_t kPublic = 0x03;
constexpr uint8_t kHmacStart = 0x04;

Result<Command> end_command(std::span<const uint8_t> rest, DigestTarget target) {
  if (rest.size() >= kShaBlockBytes) return Code::kInvalidArgument;
  Command c(opcode::kSha, static_cast<uint8_t>(kEnd | static_cast<uint8_t>(target)),
            static_cast<uint16_t>(rest.size()));
  if (!c.append(rest)) return Code::kInvalidArgument;
  return c;
}

// Update and End are the same for a plain and an HMAC context; only the start differs.
Status run_blocks(Atecc& chip, std::span<const uint8_t> message, std::span<uint8_t, kShaDigestBytes> digest,
                  DigestTarget target) {
  while (message.size() >= kShaBlockBytes) {
    KB_TRY(sha_update(chip, message.first(kShaBlockBytes)));
    message = message.subspan(kShaBlockBytes);
  }
  return sha_end(chip, message, digest, target);
}
}  // namespace

Command sha_start_command() {
  return Command(opcode::kSha, kStart, 0);
}

Result<Command> sha_update_command(std::span<const uint8_t> block) {
  if (block.size() != kShaBlockBytes) return Code::kInvalidArgument;
  Command c(opcode::kSha, kUpdate, static_cast<uint16_t>(kShaBlockBytes));
  if (!c.append(block)) return Code::kInvalidArgument;
  return c;
}

Result<Command> sha_end_command(std::span<const uint8_t> rest, DigestTarget target) {
  return end_command(rest, target);
}

Command sha_public_command(uint16_t slot) {
  return Command(opcode::kSha, kPublic, slot);
}

Command sha_hmac_start_command(uint16_t key_slot) {
  return Command(opcode::kSha, kHmacStart, key_slot);
}

Result<Command> sha_hmac_end_command(std::span<const uint8_t> rest, DigestTarget target) {
  return end_command(rest, target);
}

Status sha_start(Atecc& chip) {
  return expect_success(chip.run(sha_start_command()));
}

Status sha_update(Atecc& chip, std::span<const uint8_t> block) {
  const Result<Command> command = sha_update_command(block);
  if (!command.ok()) return command.status();
  return expect_success(chip.run(*command));
}

Status sha_end(Atecc& chip, std::span<const uint8_t> rest, std::span<uint8_t, kShaDigestBytes> digest,
               DigestTarget target) {
  const Result<Command> command = sha_end_command(rest, target);
  if (!command.ok()) return command.status();
  return copy_payload(chip.run(*command), digest);
}

Status sha_public(Atecc& chip, uint16_t slot) {
  return expect_success(chip.run(sha_public_command(slot)));
}

Status sha_hmac_start(Atecc& chip, uint16_t key_slot) {
  return expect_success(chip.run(sha_hmac_start_command(key_slot)));
}

Status sha256(Atecc& chip, std::span<const uint8_t> message, std::span<uint8_t, kShaDigestBytes> digest,
              DigestTarget target) {
  KB_TRY(sha_start(chip));
  return run_blocks(chip, message, digest, target);
}

Status hmac_sha256(Atecc& chip, uint16_t key_slot, std::span<const uint8_t> message,
                   std::span<uint8_t, kShaDigestBytes> mac, DigestTarget target) {
  KB_TRY(sha_hmac_start(chip, key_slot));
  return run_blocks(chip, message, mac, target);
}

}  // namespace kb::core::atecc::commands
