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

namespace {
constexpr uint8_t kNistP384Id[] = {0x00, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x22};
constexpr uint8_t kNistP521Id[] = {0x00, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x23};
constexpr uint8_t kBrainpoolP256r1Id[] = {0x00, 0x09, 0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07};
constexpr uint8_t kBrainpoolP384r1Id[] = {0x00, 0x09, 0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0B};
constexpr uint8_t kBrainpoolP512r1Id[] = {0x00, 0x09, 0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0D};
constexpr uint8_t kCurve25519Id[] = {0x00, 0x03, 0x2B, 0x65, 0x6E};
constexpr uint8_t kEd25519Id[] = {0x00, 0x03, 0x2B, 0x65, 0x70};

struct CurveEntry {
  std::span<const uint8_t> id;
  size_t coordinate;
};
constexpr CurveEntry kCurves[] = {
    {kP256CurveId, 32},       {kNistP384Id, 48},        {kNistP521Id, 66},   {kBrainpoolP256r1Id, 32},
    {kBrainpoolP384r1Id, 48}, {kBrainpoolP512r1Id, 64}, {kCurve25519Id, 32}, {kEd25519Id, 32},
};

const CurveEntry& entry(EccCurve curve) {
  return kCurves[static_cast<size_t>(curve)];
}

uint16_t be16(std::span<const uint8_t> bytes, size_t at) {
  return static_cast<uint16_t>((bytes[at] << 8) | bytes[at + 1]);
}
}  // namespace

std::span<const uint8_t> curve_id_field(EccCurve curve) {
  return entry(curve).id;
}

Result<EccCurve> curve_from_id_field(std::span<const uint8_t> field) {
  for (size_t i = 0; i < sizeof kCurves / sizeof kCurves[0]; ++i) {
    const std::span<const uint8_t> id = kCurves[i].id;
    if (std::equal(id.begin(), id.end(), field.begin(), field.end())) return static_cast<EccCurve>(i);
  }
  return Code::kResponseMalformed;
}

bool is_weierstrass(EccCurve curve) {
  return curve != EccCurve::kCurve25519 && curve != EccCurve::kEd25519;
}

size_t coordinate_bytes(EccCurve curve) {
  return entry(curve).coordinate;
}

size_t public_key_bytes(EccCurve curve) {
  return is_weierstrass(curve) ? 2 * coordinate_bytes(curve) : coordinate_bytes(curve);
}

size_t public_key_field_bytes(EccCurve curve) {
  return is_weierstrass(curve) ? 1 + 2 + 2 * coordinate_bytes(curve) + 2 : 2 + coordinate_bytes(curve);
}

size_t signature_bytes(EccCurve curve) {
  return curve == EccCurve::kCurve25519 ? 0 : 2 * coordinate_bytes(curve);
}

size_t shared_secret_bytes(EccCurve curve) {
  return curve == EccCurve::kEd25519 ? 0 : coordinate_bytes(curve);
}

void append_public_key_field(PayloadWriter& out, EccCurve curve, std::span<const uint8_t> public_key) {
  const size_t n = coordinate_bytes(curve);
  const auto length = static_cast<uint16_t>(n);
  if (!is_weierstrass(curve)) {
    out.be16(length).bytes(public_key.first(n));
    return;
  }
  out.byte(kUncompressedPoint).be16(length).bytes(public_key.first(n)).be16(length).bytes(public_key.subspan(n, n));
}

Status parse_public_key_field(EccCurve curve, std::span<const uint8_t> field, std::span<uint8_t> public_key) {
  const size_t n = coordinate_bytes(curve);
  if (public_key.size() != public_key_bytes(curve)) return Code::kInvalidArgument;
  if (field.size() != public_key_field_bytes(curve)) return Code::kResponseMalformed;
  if (!is_weierstrass(curve)) {
    if (be16(field, 0) != n) return Code::kResponseMalformed;
    std::copy_n(field.begin() + 2, n, public_key.begin());
    return Code::kOk;
  }
  const size_t y_length_at = 3 + n;
  if (field[0] != kUncompressedPoint || be16(field, 1) != n || be16(field, y_length_at) != n) {
    return Code::kResponseMalformed;
  }
  std::copy_n(field.begin() + 3, n, public_key.begin());
  std::copy_n(field.begin() + static_cast<std::ptrdiff_t>(y_length_at + 2), n,
              public_key.begin() + static_cast<std::ptrdiff_t>(n));
  return Code::kOk;
}

Status parse_signature_field(EccCurve curve, std::span<const uint8_t> field, std::span<uint8_t> signature) {
  const size_t n = coordinate_bytes(curve);
  if (signature.size() != signature_bytes(curve) || signature.empty()) return Code::kInvalidArgument;
  if (field.size() != 2 + n + 2 + n) return Code::kResponseMalformed;
  if (be16(field, 0) != n || be16(field, 2 + n) != n) return Code::kResponseMalformed;
  std::copy_n(field.begin() + 2, n, signature.begin());
  std::copy_n(field.begin() + static_cast<std::ptrdiff_t>(4 + n), n,
              signature.begin() + static_cast<std::ptrdiff_t>(n));
  return Code::kOk;
}

}  // namespace kb::core::stsafe
