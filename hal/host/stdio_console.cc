#include "hal/host/stdio_console.h"

#include <cstdio>

namespace kb::hal::host {

void StdioConsole::write(std::string_view text) {
  std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

int StdioConsole::read_key() {
  int c = std::getchar();
  return c == EOF ? -1 : c;
}

int CaptureConsole::read_key() {
  if (next_key_ >= keys_.size()) return -1;
  return static_cast<unsigned char>(keys_[next_key_++]);
}

}  // namespace kb::hal::host
