#pragma once
// The two monotonic counters in config bytes 52-59 and 60-67 (fact sheet B7.6): each is two
// interleaved halves, a linear field of ones shifted out and a binary count of wraps, the second
// half 16 counts behind the first. An increment clears one bit of one linear field, and at a wrap
// also bumps that half's binary field; the other half stays readable throughout.
#include <array>
#include <cstdint>
#include <optional>

#include "simulator/atecc608a/eeprom.h"

namespace kb::sim::atecc608a {

inline constexpr uint32_t kCounterMax = 2097151;
inline constexpr size_t kCounterCount = 2;

// The 8 config bytes of value v: lin_a, lin_b, bin_a, bin_b, each u16 big-endian.
std::array<uint8_t, 8> encode_counter(uint32_t value);
// The value those bytes stand for: from the half whose linear field still has ones (the first
// half unless it is between wraps), so a half mid-wrap is never the one read.
uint32_t decode_counter(std::span<const uint8_t, 8> bytes);

uint32_t counter_value(const Eeprom& eeprom, size_t counter);

// Adds one and returns the new value, or nullopt at kCounterMax. The binary word is programmed
// before the linear word (each only when it changes), so a power cut between them leaves the old
// value readable: an increment lands whole or not at all.
std::optional<uint32_t> increment_counter(Eeprom& eeprom, size_t counter);

}  // namespace kb::sim::atecc608a
