#pragma once
// Curve encodings (fact sheet 2.4). The P-256 forms the ECDHE commands were written against, and
// the same fields for every curve the private key commands take:
//   curve identifier  len(2, BE) | OID value
//   public key field  04 | len | X | len | Y (NIST, Brainpool)   or   len | key (X25519, Ed25519)
//   signature field   len | R | len | S                          shared secret field  len | x
// Host-side keys are raw: X||Y, or the 32-byte key; signatures R||S.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/payload_writer.h"
#include "core/stsafe/types.h"

namespace kb::core::stsafe {

// `len(2, BE) | OID 1.2.840.10045.3.1.7`.
inline constexpr std::array<uint8_t, 10> kP256CurveId = {0x00, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07};
inline constexpr size_t kP256CoordinateBytes = 32;
inline constexpr size_t kP256PrivateKeyBytes = 32;
inline constexpr size_t kP256PublicKeyBytes = 64;       // raw X||Y
inline constexpr size_t kP256PublicKeyFieldBytes = 69;  // 04 | len | X | len | Y
inline constexpr size_t kP256SharedSecretBytes = 32;    // the x-coordinate

void append_p256_public_key_field(PayloadWriter& out, std::span<const uint8_t, kP256PublicKeyBytes> xy);
// kResponseMalformed unless `field` is exactly a P-256 public key field.
Status parse_p256_public_key_field(std::span<const uint8_t> field, std::span<uint8_t, kP256PublicKeyBytes> xy);

// --- every curve ---

inline constexpr size_t kMaxCoordinateBytes = 66;  // NIST P-521
inline constexpr size_t kMaxPublicKeyBytes = 2 * kMaxCoordinateBytes;
inline constexpr size_t kMaxSignatureBytes = 2 * kMaxCoordinateBytes;

// The whole curve identifier field, length bytes included.
std::span<const uint8_t> curve_id_field(EccCurve curve);
// The curve whose identifier field is exactly `field`; kResponseMalformed for any other bytes.
Result<EccCurve> curve_from_id_field(std::span<const uint8_t> field);
bool is_weierstrass(EccCurve curve);
// Coordinate (and private key) size: 32, 48, 66, 32, 48, 64, 32, 32.
size_t coordinate_bytes(EccCurve curve);
// Raw public key: X||Y on the NIST and Brainpool curves, the 32-byte key on X25519 / Ed25519.
size_t public_key_bytes(EccCurve curve);
size_t public_key_field_bytes(EccCurve curve);
// R||S; 0 on X25519, which cannot sign.
size_t signature_bytes(EccCurve curve);
// The ECDH x-coordinate; 0 on Ed25519, which has no key agreement.
size_t shared_secret_bytes(EccCurve curve);

// `public_key` must be public_key_bytes(curve) long.
void append_public_key_field(PayloadWriter& out, EccCurve curve, std::span<const uint8_t> public_key);
// kResponseMalformed unless `field` is exactly a public key field of the curve; the raw key goes
// to `public_key` (public_key_bytes(curve) long).
Status parse_public_key_field(EccCurve curve, std::span<const uint8_t> field, std::span<uint8_t> public_key);
// kResponseMalformed unless `field` is `len | R | len | S` with both lengths coordinate_bytes;
// R||S goes to `signature` (signature_bytes(curve) long).
Status parse_signature_field(EccCurve curve, std::span<const uint8_t> field, std::span<uint8_t> signature);

}  // namespace kb::core::stsafe
