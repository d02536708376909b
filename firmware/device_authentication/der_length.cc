#include "firmware/device_authentication/der_length.h"

namespace kb::fw {

std::optional<size_t> der_sequence_size(std::span<const uint8_t> header) {
  constexpr uint8_t kSequence = 0x30;
  if (header.size() < 2 || header[0] != kSequence) return std::nullopt;
  const uint8_t first = header[1];
  if (first < 0x80) return 2 + static_cast<size_t>(first);
  const size_t count = first & 0x7F;
  // 0x80 is the indefinite form, which DER forbids.
  if (count == 0 || count > 3 || header.size() < 2 + count) return std::nullopt;
  size_t length = 0;
  for (size_t i = 0; i < count; ++i) length = length << 8 | header[2 + i];
  // DER takes the shortest form: a long form for a length under 128, or a leading zero byte, is not DER.
  if (length < 0x80 || header[2] == 0x00) return std::nullopt;
  return 2 + count + length;
}

}  // namespace kb::fw
