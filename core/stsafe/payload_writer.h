#pragma once
// Builds a command payload (the bytes after the header) in a caller buffer, field by field. The
// first overflow sticks and is reported by finish(), so a command appends all fields and checks once.
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"

namespace kb::core::stsafe {

class PayloadWriter {
 public:
  explicit PayloadWriter(std::span<uint8_t> out) : out_(out) {}

  PayloadWriter& byte(uint8_t value) {
    if (size_ < out_.size()) out_[size_] = value;
    ++size_;
    return *this;
  }
  PayloadWriter& bytes(std::span<const uint8_t> values) {
    for (uint8_t v : values) byte(v);
    return *this;
  }
  PayloadWriter& be16(uint16_t value) {
    byte(static_cast<uint8_t>(value >> 8));
    return byte(static_cast<uint8_t>(value & 0xFF));
  }

  size_t size() const { return size_; }
  // kInvalidArgument when the fields did not fit: such a payload cannot be sent in one frame.
  Result<std::span<const uint8_t>> finish() const {
    if (size_ > out_.size()) return Code::kInvalidArgument;
    return std::span<const uint8_t>(out_.first(size_));
  }

 private:
  std::span<uint8_t> out_;
  size_t size_ = 0;
};

}  // namespace kb::core::stsafe
