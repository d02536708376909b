#include "simulator/stsafe_a120/curve_fields.h"

#include <algorithm>
#include <array>

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint8_t kUncompressedPoint = 0x04;

constexpr uint8_t kNistP256Id[] = {0x00, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07};
constexpr uint8_t kNistP384Id[] = {0x00, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x22};
constexpr uint8_t kNistP521Id[] = {0x00, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x23};
constexpr uint8_t kBrainpoolP256Id[] = {0x00, 0x09, 0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07};
constexpr uint8_t kBrainpoolP384Id[] = {0x00, 0x09, 0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0B};
constexpr uint8_t kBrainpoolP512Id[] = {0x00, 0x09, 0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0D};
constexpr uint8_t kX25519Id[] = {0x00, 0x03, 0x2B, 0x65, 0x6E};
constexpr uint8_t kEd25519Id[] = {0x00, 0x03, 0x2B, 0x65, 0x70};

constexpr std::array<std::span<const uint8_t>, crypto::ec::kCurveCount> kCurveIds = {
    kNistP256Id, kNistP384Id, kNistP521Id, kBrainpoolP256Id, kBrainpoolP384Id, kBrainpoolP512Id, kX25519Id, kEd25519Id,
};

size_t be16_at(std::span<const uint8_t> bytes, size_t at) {
  return static_cast<size_t>(bytes[at] << 8 | bytes[at + 1]);
}

void put_be16(std::vector<uint8_t>& out, size_t at, size_t value) {
  out[at] = static_cast<uint8_t>(value >> 8);
  out[at + 1] = static_cast<uint8_t>(value);
}
}  // namespace

std::span<const uint8_t> curve_id_field(Curve curve) {
  return kCurveIds[static_cast<size_t>(curve)];
}

std::variant<CurveIdField, Status> read_curve_id(std::span<const uint8_t> bytes) {
  if (bytes.size() < 2) return Status::kInconsistentCommandData;
  const size_t length = 2 + be16_at(bytes, 0);
  if (bytes.size() < length) return Status::kInconsistentCommandData;
  const std::span<const uint8_t> field = bytes.first(length);
  for (Curve c : crypto::ec::kAllCurves) {
    const std::span<const uint8_t> id = curve_id_field(c);
    if (std::equal(id.begin(), id.end(), field.begin(), field.end())) return CurveIdField{c, length};
  }
  return Status::kValueOutOfRange;
}

size_t public_key_field_length(Curve curve) {
  const size_t n = crypto::ec::key_length(curve);
  return crypto::ec::is_weierstrass(curve) ? 1 + 2 + n + 2 + n : 2 + n;
}

std::optional<size_t> public_key_field_extent(Curve curve, std::span<const uint8_t> bytes) {
  if (!crypto::ec::is_weierstrass(curve)) {
    if (bytes.size() < 2 || bytes.size() - 2 < be16_at(bytes, 0)) return std::nullopt;
    return 2 + be16_at(bytes, 0);
  }
  if (bytes.size() < 3) return std::nullopt;
  const size_t y_length_at = 3 + be16_at(bytes, 1);
  if (bytes.size() < y_length_at + 2) return std::nullopt;
  const size_t end = y_length_at + 2 + be16_at(bytes, y_length_at);
  if (bytes.size() < end) return std::nullopt;
  return end;
}

std::variant<std::vector<uint8_t>, Status> parse_public_key_field(Curve curve, std::span<const uint8_t> field) {
  const size_t n = crypto::ec::key_length(curve);
  if (field.size() != public_key_field_length(curve)) return Status::kInconsistentCommandData;
  std::vector<uint8_t> key;
  if (crypto::ec::is_weierstrass(curve)) {
    const size_t y_length_at = 3 + n;
    if (field[0] != kUncompressedPoint || be16_at(field, 1) != n || be16_at(field, y_length_at) != n) {
      return Status::kInconsistentCommandData;
    }
    key.resize(2 * n);
    std::copy_n(field.begin() + 3, n, key.begin());
    std::copy_n(field.begin() + static_cast<std::ptrdiff_t>(y_length_at + 2), n,
                key.begin() + static_cast<std::ptrdiff_t>(n));
  } else {
    if (be16_at(field, 0) != n) return Status::kInconsistentCommandData;
    key.assign(field.begin() + 2, field.end());
  }
  if (!crypto::ec::public_key_is_valid(curve, key)) return Status::kInvalidPublicKey;
  return key;
}

// Sized once and filled in place (GCC 12 at -O3 warns about inserts into short vectors).
std::vector<uint8_t> encode_public_key_field(Curve curve, std::span<const uint8_t> public_key) {
  const size_t n = crypto::ec::key_length(curve);
  std::vector<uint8_t> out(public_key_field_length(curve));
  if (!crypto::ec::is_weierstrass(curve)) {
    put_be16(out, 0, n);
    std::copy_n(public_key.begin(), n, out.begin() + 2);
    return out;
  }
  out[0] = kUncompressedPoint;
  put_be16(out, 1, n);
  std::copy_n(public_key.begin(), n, out.begin() + 3);
  put_be16(out, 3 + n, n);
  std::copy_n(public_key.begin() + static_cast<std::ptrdiff_t>(n), n, out.begin() + static_cast<std::ptrdiff_t>(5 + n));
  return out;
}

std::optional<SignatureParts> read_signature_field(std::span<const uint8_t> bytes, size_t& at) {
  size_t next = at;
  std::span<const uint8_t> parts[2];
  for (std::span<const uint8_t>& part : parts) {
    if (next > bytes.size() || bytes.size() - next < 2) return std::nullopt;
    const size_t length = be16_at(bytes, next);
    if (bytes.size() - next - 2 < length) return std::nullopt;
    part = bytes.subspan(next + 2, length);
    next += 2 + length;
  }
  at = next;
  return SignatureParts{parts[0], parts[1]};
}

std::vector<uint8_t> encode_signature_field(std::span<const uint8_t> r_s) {
  const size_t half = r_s.size() / 2;
  std::vector<uint8_t> out(2 + half + 2 + half);
  put_be16(out, 0, half);
  std::copy_n(r_s.begin(), half, out.begin() + 2);
  put_be16(out, 2 + half, half);
  std::copy_n(r_s.begin() + static_cast<std::ptrdiff_t>(half), half,
              out.begin() + static_cast<std::ptrdiff_t>(4 + half));
  return out;
}

std::vector<uint8_t> encode_shared_secret_field(std::span<const uint8_t> secret) {
  std::vector<uint8_t> out(2 + secret.size());
  put_be16(out, 0, secret.size());
  std::copy(secret.begin(), secret.end(), out.begin() + 2);
  return out;
}

}  // namespace kb::sim::stsafe_a120
