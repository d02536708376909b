#pragma once
// P-256 on the wire (fact sheet 2.4) and the chip's side of an ephemeral key agreement: the key
// pair from Generate ECDHE meets the host's public key in start volatile KEK session, establish
// host key or establish symmetric key. The model speaks NIST P-256 only.
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "simulator/stsafe_a120/status.h"
#include "simulator/stsafe_a120/volatile_state.h"

namespace kb::sim::stsafe_a120 {

// Curve identifier field: 2-byte length | OID 1.2.840.10045.3.1.7.
inline constexpr uint8_t kP256CurveId[] = {0x00, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07};
inline constexpr size_t kCurveIdLength = sizeof kP256CurveId;
// Public key field: 04 | 00 20 | X | 00 20 | Y.
inline constexpr size_t kP256PublicKeyFieldLength = 1 + 2 + 32 + 2 + 32;

// OK when bytes start with the P-256 curve identifier; VALUE_OUT_OF_RANGE for any other curve,
// INCONSISTENT_COMMAND_DATA when bytes stop before the identifier its length field announces.
Status check_p256_curve_id(std::span<const uint8_t> bytes);

// X | Y from a public key field of exactly kP256PublicKeyFieldLength bytes:
// INCONSISTENT_COMMAND_DATA when the framing bytes are wrong, INVALID_PUBLIC_KEY when the point
// is not on the curve.
std::variant<std::vector<uint8_t>, Status> parse_p256_public_key_field(std::span<const uint8_t> field);
std::vector<uint8_t> encode_p256_public_key_field(std::span<const uint8_t> public_xy);

struct EcdheAgreement {
  std::vector<uint8_t> shared_x;        // ECDH x-coordinate, 32 bytes
  std::vector<uint8_t> chip_public_xy;  // the chip's ephemeral public key
};
// Uses up the key pair of the last Generate ECDHE with the host's public key:
// SESSION_ERROR when there is none (one pair serves one command), INVALID_PUBLIC_KEY when the
// host key is not a valid point.
std::variant<EcdheAgreement, Status> agree_with_ephemeral_key(VolatileState& volatile_state,
                                                              std::span<const uint8_t> host_public_xy);

}  // namespace kb::sim::stsafe_a120
