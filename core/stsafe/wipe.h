#pragma once
// Key material is wiped with memset called through a volatile function pointer: the compiler
// cannot see which function runs, so it cannot drop the call as a dead store, and the clearing
// itself runs at memset's speed rather than one volatile store per byte.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace kb::core::stsafe {

inline void wipe(std::span<uint8_t> buffer) {
  static void* (*const volatile clear)(void*, int, size_t) = std::memset;
  if (!buffer.empty()) clear(buffer.data(), 0, buffer.size());
}

// Compares without an early exit, so the time taken does not say where a MAC first differs.
inline bool equal_in_constant_time(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  if (a.size() != b.size()) return false;
  uint8_t diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff = static_cast<uint8_t>(diff | (a[i] ^ b[i]));
  return diff == 0;
}

}  // namespace kb::core::stsafe
