#pragma once
// Erase symmetric key slot (extended 0x19): `1F 19 slot`, no response payload (fact sheet 2.5).
#include <cstdint>

#include "core/status.h"
#include "core/stsafe/command_channel.h"

namespace kb::core::stsafe::commands {

Status erase_symmetric_key(CommandChannel& channel, uint8_t slot);

}  // namespace kb::core::stsafe::commands
