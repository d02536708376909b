#pragma once
// Reads a fuzz input front to back. Running out of bytes is not an error: every read returns a
// default, so any input, however short, drives the target somewhere.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

namespace kb::fuzz {

class FuzzInput {
 public:
  explicit FuzzInput(std::span<const uint8_t> data) : data_(data) {}

  bool empty() const { return data_.empty(); }
  uint8_t byte() {
    if (data_.empty()) return 0;
    const uint8_t b = data_[0];
    data_ = data_.subspan(1);
    return b;
  }
  // A record of `be16 length | bytes`; a length beyond the end gives what is left.
  std::span<const uint8_t> record() {
    const size_t length = static_cast<size_t>(byte()) << 8 | byte();
    return take(length);
  }
  std::span<const uint8_t> take(size_t n) {
    const std::span<const uint8_t> part = data_.first(std::min(n, data_.size()));
    data_ = data_.subspan(part.size());
    return part;
  }

 private:
  std::span<const uint8_t> data_;
};

}  // namespace kb::fuzz
