#pragma once
// P-256 encodings the ECDHE commands use (fact sheet 2.4): the curve identifier field and the
// public key field `04 | 00 20 | X | 00 20 | Y`. Host-side keys are raw X||Y.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/payload_writer.h"

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

}  // namespace kb::core::stsafe
