#pragma once
// Console helpers shared by the applications: the reference examples print byte strings as
// "0x00 0x11 ..." with a fixed indent, and frame their titles in dashed boxes.
#include <cstdint>
#include <span>

#include "hal/console.h"

namespace kb::fw {

// "  0x00 0x11 0x22 ..." on one line, then a newline.
void print_hex_line(hal::Console& console, std::span<const uint8_t> bytes);

}  // namespace kb::fw
