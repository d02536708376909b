#include "simulator/stsafe_a120/ecdhe.h"

#include <algorithm>

#include "simulator/stsafe_a120/chip_crypto.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint8_t kUncompressedPoint = 0x04;
constexpr size_t kCoordinate = chip_crypto::kP256CoordinateLength;
}  // namespace

Status check_p256_curve_id(std::span<const uint8_t> bytes) {
  // Another curve's identifier has another length, so its own length field says how far it runs.
  if (bytes.size() < 2) return Status::kInconsistentCommandData;
  const size_t oid_length = static_cast<size_t>(bytes[0] << 8 | bytes[1]);
  if (bytes.size() < 2 + oid_length) return Status::kInconsistentCommandData;
  if (oid_length != kCurveIdLength - 2) return Status::kValueOutOfRange;
  return std::equal(std::begin(kP256CurveId), std::end(kP256CurveId), bytes.begin()) ? Status::kOk
                                                                                     : Status::kValueOutOfRange;
}

std::variant<std::vector<uint8_t>, Status> parse_p256_public_key_field(std::span<const uint8_t> field) {
  if (field.size() != kP256PublicKeyFieldLength) return Status::kInconsistentCommandData;
  const size_t y_length_at = 3 + kCoordinate;
  if (field[0] != kUncompressedPoint || field[1] != 0x00 || field[2] != kCoordinate || field[y_length_at] != 0x00 ||
      field[y_length_at + 1] != kCoordinate) {
    return Status::kInconsistentCommandData;
  }
  std::vector<uint8_t> xy(field.begin() + 3, field.begin() + 3 + kCoordinate);
  xy.insert(xy.end(), field.begin() + static_cast<std::ptrdiff_t>(y_length_at + 2), field.end());
  if (!chip_crypto::p256_public_key_is_valid(xy)) return Status::kInvalidPublicKey;
  return xy;
}

// Sized once and filled in place: growing a three-byte vector by inserts makes GCC 12 at -O3 warn
// (-Warray-bounds) about the copy into the first, smaller allocation.
std::vector<uint8_t> encode_p256_public_key_field(std::span<const uint8_t> public_xy) {
  const size_t y_length_at = 3 + kCoordinate;
  std::vector<uint8_t> out(kP256PublicKeyFieldLength);
  out[0] = kUncompressedPoint;
  out[1] = 0x00;
  out[2] = static_cast<uint8_t>(kCoordinate);
  std::copy_n(public_xy.begin(), kCoordinate, out.begin() + 3);
  out[y_length_at] = 0x00;
  out[y_length_at + 1] = static_cast<uint8_t>(kCoordinate);
  std::copy_n(public_xy.begin() + kCoordinate, kCoordinate, out.begin() + static_cast<std::ptrdiff_t>(y_length_at + 2));
  return out;
}

std::variant<EcdheAgreement, Status> agree_with_ephemeral_key(VolatileState& volatile_state,
                                                              std::span<const uint8_t> host_public_xy) {
  if (!volatile_state.ecdhe) return Status::kSessionError;
  // A pair on another curve stays for a command on its own curve (none of the model's takes one).
  if (volatile_state.ecdhe->curve != crypto::ec::Curve::kNistP256) return Status::kValueOutOfRange;
  const EcdheKeyPair pair = std::move(*volatile_state.ecdhe);
  volatile_state.ecdhe.reset();
  std::optional<std::vector<uint8_t>> z = chip_crypto::p256_shared_secret(pair.private_key, host_public_xy);
  if (!z) return Status::kInvalidPublicKey;
  return EcdheAgreement{std::move(*z), pair.public_xy};
}

}  // namespace kb::sim::stsafe_a120
