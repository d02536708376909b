#pragma once
// What the ATECC608A factory flow writes and does, as plain values the flow can hold without a
// heap: the config bytes it writes with Write, the slots that get a GenKey'd P-256 key after the
// config lock, and whether it locks the data zone. Hosts fill it from a profile file
// (tools/keybench/atecc_profile.h); a board build can fill it from constants.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace kb::fw {

inline constexpr size_t kAteccConfigZoneSize = 128;
inline constexpr size_t kAteccSlotCount = 16;

// Whether the factory writes config byte offset with Write (fact sheet B7.2): 16-83 and 88-127.
// Bytes 0-15 are programmed by Microchip, 84-85 change only through UpdateExtra and 86-87 only
// through Lock, so a flow that wrote them would be refused by the chip.
constexpr bool atecc_factory_writes_config_byte(size_t offset) {
  return (offset >= 16 && offset < 84) || (offset >= 88 && offset < kAteccConfigZoneSize);
}

struct AteccConfigProfile {
  // The config zone the profile asks for. Only the bytes atecc_factory_writes_config_byte() names
  // carry meaning; the others are zero here and come from the chip.
  std::array<uint8_t, kAteccConfigZoneSize> config{};
  // generate_key[n]: after the config lock, GenKey (mode 0x04) makes a P-256 key in slot n.
  std::array<bool, kAteccSlotCount> generate_key{};
  bool lock_data_zone = false;
};

// The config zone a chip holds once the profile's bytes are written over chip_config (its zone as
// read before the writes): the config-lock CRC is computed over exactly this image.
std::array<uint8_t, kAteccConfigZoneSize> atecc_config_after_writes(
    const AteccConfigProfile& profile, std::span<const uint8_t, kAteccConfigZoneSize> chip_config);

}  // namespace kb::fw
