#pragma once
// Key material is wiped through volatile stores so the compiler cannot drop the wipe as a dead store.
#include <cstddef>
#include <cstdint>
#include <span>

namespace kb::core::stsafe {

inline void wipe(std::span<uint8_t> buffer) {
  volatile uint8_t* p = buffer.data();
  for (size_t i = 0; i < buffer.size(); ++i) p[i] = 0;
}

// Compares without an early exit, so the time taken does not say where a MAC first differs.
inline bool equal_in_constant_time(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  if (a.size() != b.size()) return false;
  uint8_t diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff = static_cast<uint8_t>(diff | (a[i] ^ b[i]));
  return diff == 0;
}

}  // namespace kb::core::stsafe
