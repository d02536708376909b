#include "core/stsafe/ecc_fields.h"

#include <algorithm>

namespace kb::core::stsafe {

namespace {
constexpr uint8_t kUncompressedPoint = 0x04;
}  // namespace

void append_p256_public_key_field(PayloadWriter& out, std::span<const uint8_t, kP256PublicKeyBytes> xy) {
  out.byte(kUncompressedPoint)
      .be16(kP256CoordinateBytes)
      .bytes(xy.first(kP256CoordinateBytes))
      .be16(kP256CoordinateBytes)
      .bytes(xy.last(kP256CoordinateBytes));
}

Status parse_p256_public_key_field(std::span<const uint8_t> field, std::span<uint8_t, kP256PublicKeyBytes> xy) {
  constexpr size_t kYLengthAt = 3 + kP256CoordinateBytes;
  if (field.size() != kP256PublicKeyFieldBytes) return Code::kResponseMalformed;
  if (field[0] != kUncompressedPoint) return Code::kResponseMalformed;
  if (field[1] != 0x00 || field[2] != kP256CoordinateBytes) return Code::kResponseMalformed;
  if (field[kYLengthAt] != 0x00 || field[kYLengthAt + 1] != kP256CoordinateBytes) return Code::kResponseMalformed;
  std::copy_n(field.begin() + 3, kP256CoordinateBytes, xy.begin());
  std::copy_n(field.begin() + kYLengthAt + 2, kP256CoordinateBytes, xy.begin() + kP256CoordinateBytes);
  return Code::kOk;
}

}  // namespace kb::core::stsafe
