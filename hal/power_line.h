#pragma once
#include <cstdint>

namespace kb::hal {

enum class PowerResult : uint8_t { kOk = 0, kUnsupported, kFailed };

// Supply of the target devices. A board without a switchable supply answers kUnsupported.
class PowerLine {
 public:
  virtual ~PowerLine() = default;
  virtual PowerResult cut() = 0;
  virtual PowerResult restore() = 0;
};

}  // namespace kb::hal
