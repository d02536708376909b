#pragma once
// UpdateExtra (0x20, fact sheet B6.2): set config byte 84 (UserExtra) or 85 (UserExtraAdd) once,
// from 0x00, or decrement a limited-use key's counter.
#include <cstdint>

#include "core/atecc/atecc.h"

namespace kb::core::atecc::commands {

enum class UpdateExtraMode : uint8_t { kUserExtra = 0x00, kUserExtraAdd = 0x01, kDecrementLimitedUse = 0x02 };

Command update_extra_command(UpdateExtraMode mode, uint16_t param2);

Status update_user_extra(Atecc& chip, uint8_t value);
// On a 608 this byte can become the I2C address (ChipMode bit 0).
Status update_user_extra_add(Atecc& chip, uint8_t value);
Status decrement_limited_use(Atecc& chip, uint16_t key_id);

}  // namespace kb::core::atecc::commands
