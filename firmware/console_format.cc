#include "firmware/console_format.h"

namespace kb::fw {

void print_hex_line(hal::Console& console, std::span<const uint8_t> bytes) {
  console.write(" ");
  for (uint8_t b : bytes) console.print(" 0x%02X", b);
  console.write("\n");
}

}  // namespace kb::fw
