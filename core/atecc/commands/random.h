#pragma once
// Random (0x1B, fact sheet B6.2): 32 bytes from the chip's RNG. Before the config lock the chip
// answers a fixed test pattern, not randomness.
#include <cstdint>
#include <span>

#include "core/atecc/atecc.h"

namespace kb::core::atecc::commands {

inline constexpr size_t kRandomBytes = 32;

enum class RandomMode : uint8_t { kUpdateSeed = 0x00, kNoSeedUpdate = 0x01 };

Command random_command(RandomMode mode = RandomMode::kUpdateSeed);
Status random(Atecc& chip, std::span<uint8_t, kRandomBytes> out, RandomMode mode = RandomMode::kUpdateSeed);

}  // namespace kb::core::atecc::commands
