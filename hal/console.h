#pragma once
#include <cstdarg>
#include <cstdint>
#include <string_view>

namespace kb::hal {

// The application's terminal: a UART on a board, stdout on a host.
class Console {
 public:
  virtual ~Console() = default;
  virtual void write(std::string_view text) = 0;
  // Blocks for one key press; returns the key, or -1 when no input can ever arrive.
  virtual int read_key() = 0;

  // Formats into a fixed stack buffer (no heap); longer output is cut at 255 characters.
  void print(const char* format, ...) __attribute__((format(printf, 2, 3)));
};

}  // namespace kb::hal
