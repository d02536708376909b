#pragma once
// Decompress public key (1F 1A, fact sheet 2.2; layout from STSELib stsafea_ecc.c):
//   1F 1A curve id | point representation (02 even Y, 03 odd Y) | X  ← Y
// The chip does the curve arithmetic; the library only frames the command (core/ holds no curve
// code). NIST and Brainpool curves only.
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/types.h"

namespace kb::core::stsafe::commands {

inline constexpr uint8_t kPointEvenY = 0x02;
inline constexpr uint8_t kPointOddY = 0x03;

// `x` and `y` coordinate_bytes(curve) long; `representation` kPointEvenY or kPointOddY.
// X25519 / Ed25519, another representation byte or wrong sizes → kInvalidArgument, nothing sent.
// On any failure `y` is left zeroed.
Status decompress_public_key(CommandChannel& channel, EccCurve curve, uint8_t representation,
                             std::span<const uint8_t> x, std::span<uint8_t> y);

}  // namespace kb::core::stsafe::commands
