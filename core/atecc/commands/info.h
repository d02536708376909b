#pragma once
// Info (0x30, fact sheet B6.2): four bytes about the chip, chosen by the mode.
#include <array>
#include <cstdint>

#include "core/atecc/atecc.h"

namespace kb::core::atecc::commands {

enum class InfoMode : uint8_t {
  kRevision = 0x00,
  kKeyValid = 0x01,
  kState = 0x02,
  kGpio = 0x03,
  kVolatileKeyPermit = 0x04
};

using InfoBytes = std::array<uint8_t, 4>;

Command info_command(InfoMode mode, uint16_t param2 = 0);
Result<InfoBytes> info(Atecc& chip, InfoMode mode, uint16_t param2 = 0);

// 00 00 60 02 on an ATECC608A, 00 00 60 03 or later on a 608B (B7.8).
Result<InfoBytes> info_revision(Atecc& chip);
// Whether the slot holds a valid ECC private key (byte 0).
Result<bool> info_key_valid(Atecc& chip, uint8_t slot);
Result<InfoBytes> info_state(Atecc& chip);
// The persistent volatile-key-permit latch: read it, or set/clear it (Param2 0x0002 | value).
Result<bool> info_volatile_key_permit(Atecc& chip);
Status set_volatile_key_permit(Atecc& chip, bool set);

}  // namespace kb::core::atecc::commands
