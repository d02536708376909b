#pragma once
// Key buffers are wiped through volatile stores so the compiler cannot drop the wipe as dead.
#include <cstdint>
#include <span>

namespace kb::core::nrf {

inline void secure_zero(std::span<uint8_t> buffer) {
  volatile uint8_t* p = buffer.data();
  for (size_t i = 0; i < buffer.size(); ++i) p[i] = 0;
}

}  // namespace kb::core::nrf
