#pragma once
// Counter (0x24, fact sheet B6.2): read or increment one of the two monotonic counters.
#include <cstdint>

#include "core/atecc/atecc.h"

namespace kb::core::atecc::commands {

inline constexpr uint8_t kCounterCount = 2;
inline constexpr uint32_t kCounterMaximum = 2097151;

enum class CounterMode : uint8_t { kRead = 0x00, kIncrement = 0x01 };

// counter_id 0 or 1, else kInvalidArgument.
Result<Command> counter_command(CounterMode mode, uint8_t counter_id);

// The value after the command (the chip answers it, u32 LE).
Result<uint32_t> counter_read(Atecc& chip, uint8_t counter_id);
Result<uint32_t> counter_increment(Atecc& chip, uint8_t counter_id);

}  // namespace kb::core::atecc::commands
