#pragma once
// Key material is cleared through a volatile pointer to memset so the compiler cannot drop the
// call as a dead store.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace kb::core::atecc {

inline void wipe(std::span<uint8_t> buffer) {
  static void* (*const volatile clear)(void*, int, size_t) = std::memset;
  if (!buffer.empty()) clear(buffer.data(), 0, buffer.size());
}

}  // namespace kb::core::atecc
