#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"

namespace kb::core::stsafe::commands {

// The size field of Generate random is one byte.
inline constexpr size_t kMaxRandomBytesPerCommand = 255;

// Generate random (0x02, `02 00 size`): fills `out`, one command per 255 bytes. An empty `out`
// sends nothing.
Status generate_random(CommandChannel& channel, std::span<uint8_t> out);

}  // namespace kb::core::stsafe::commands
