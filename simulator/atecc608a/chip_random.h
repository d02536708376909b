#pragma once
// The model's stand-in for the chip's DRBG: the same EEPROM seed, seed-update count and draw
// order give the same bytes, so a run replays exactly.
#include <array>
#include <cstdint>

#include "simulator/atecc608a/eeprom.h"
#include "simulator/atecc608a/volatile_state.h"

namespace kb::sim::atecc608a {

// Bytes of one 32-byte draw: AES-256-CTR keystream under SHA-256("ATECC608A RNG" | seed
// as 8 bytes BE), counter block = seed counter (4 BE) | block index (4 BE) | 8 zero bytes.
std::array<uint8_t, 32> random_block(uint64_t seed, uint32_t seed_counter, uint32_t index);

// The next 32 random bytes. update_seed (or an RNG not seeded since wake) first advances the
// EEPROM seed counter, which is an NVM write (and can tear).
std::array<uint8_t, 32> draw_random(Eeprom& eeprom, VolatileState& v, bool update_seed);

}  // namespace kb::sim::atecc608a
