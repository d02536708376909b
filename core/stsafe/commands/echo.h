#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"

namespace kb::core::stsafe::commands {

// Longest echo the A120 takes according to ST's library documentation (fact sheet 1.7).
inline constexpr size_t kMaxEchoBytes = 750;

// Echo (0x00): the device sends `in` back; its answer lands in out[0, in.size()). Empty or too
// long `in` → kInvalidArgument, `out` shorter than `in` → kBufferTooSmall; nothing is sent then.
Status echo(CommandChannel& channel, std::span<const uint8_t> in, std::span<uint8_t> out);

}  // namespace kb::core::stsafe::commands
