#include "core/atecc/commands/info.h"

#include "core/atecc/opcodes.h"
#include "core/atecc/response.h"

namespace kb::core::atecc::commands {

namespace {
constexpr uint16_t kSetLatch = 0x0002;
constexpr uint16_t kLatchValue = 0x0001;
}  // namespace

Command info_command(InfoMode mode, uint16_t param2) {
  return Command(opcode::kInfo, static_cast<uint8_t>(mode), param2);
}

Result<InfoBytes> info(Atecc& chip, InfoMode mode, uint16_t param2) {
  InfoBytes out{};
  KB_TRY(copy_payload(chip.run(info_command(mode, param2)), out));
  return out;
}

Result<InfoBytes> info_revision(Atecc& chip) {
  return info(chip, InfoMode::kRevision);
}

Result<bool> info_key_valid(Atecc& chip, uint8_t slot) {
  const Result<InfoBytes> bytes = info(chip, InfoMode::kKeyValid, slot);
  if (!bytes.ok()) return bytes.status();
  return (*bytes)[0] == 1;
}

Result<InfoBytes> info_state(Atecc& chip) {
  return info(chip, InfoMode::kState);
}

Result<bool> info_volatile_key_permit(Atecc& chip) {
  const Result<InfoBytes> bytes = info(chip, InfoMode::kVolatileKeyPermit);
  if (!bytes.ok()) return bytes.status();
  return (*bytes)[0] == 1;
}

Status set_volatile_key_permit(Atecc& chip, bool set) {
  const auto param2 = static_cast<uint16_t>(kSetLatch | (set ? kLatchValue : 0));
  // Whether the chip answers the set with the latch word or a status group is not in the fact
  // sheet; either is success.
  return chip.run(info_command(InfoMode::kVolatileKeyPermit, param2)).status();
}

}  // namespace kb::core::atecc::commands
