#pragma once
// Lock (0x17, fact sheet B6.2, B7.5): the config zone, the data and OTP zones, or one slot. The
// CRC variants make the chip compare the CRC-16 of the zone as stored with the one the host
// expects, so a lock never freezes contents the host did not mean.
#include <cstdint>

#include "core/atecc/atecc.h"

namespace kb::core::atecc::commands {

Command lock_config_command(uint16_t config_crc);
Command lock_config_unchecked_command();
Command lock_data_command(uint16_t data_crc);
Command lock_data_unchecked_command();
// Slot 0..15, else kInvalidArgument.
Result<Command> lock_slot_command(uint8_t slot);

Status lock_config(Atecc& chip, uint16_t config_crc);
Status lock_config_unchecked(Atecc& chip);
Status lock_data(Atecc& chip, uint16_t data_crc);
Status lock_data_unchecked(Atecc& chip);
Status lock_slot(Atecc& chip, uint8_t slot);

}  // namespace kb::core::atecc::commands
