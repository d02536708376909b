#include "core/atecc/commands/update_extra.h"

#include "core/atecc/opcodes.h"
#include "core/atecc/response.h"

namespace kb::core::atecc::commands {

Command update_extra_command(UpdateExtraMode mode, uint16_t param2) {
  return Command(opcode::kUpdateExtra, static_cast<uint8_t>(mode), param2);
}

Status update_user_extra(Atecc& chip, uint8_t value) {
  return expect_success(chip.run(update_extra_command(UpdateExtraMode::kUserExtra, value)));
}

Status update_user_extra_add(Atecc& chip, uint8_t value) {
  return expect_success(chip.run(update_extra_command(UpdateExtraMode::kUserExtraAdd, value)));
}

Status decrement_limited_use(Atecc& chip, uint16_t key_id) {
  return expect_success(chip.run(update_extra_command(UpdateExtraMode::kDecrementLimitedUse, key_id)));
}

}  // namespace kb::core::atecc::commands
