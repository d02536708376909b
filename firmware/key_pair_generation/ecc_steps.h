#pragma once
// What the private-key applications (key_pair_generation, ecdh) share: the curve names of their
// --curve option, the host's name for a chip curve, their title box, error lines, and a key pair
// generated in a private key slot after a look at the slot's record.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "core/status.h"
#include "core/stsafe/stsafe.h"
#include "core/stsafe/types.h"
#include "hal/console.h"
#include "hal/crypto.h"

namespace kb::fw::ecc {

// "p256", "p384", "p521", "bp256", "bp384", "bp512", "x25519", "ed25519" (the --curve option).
std::optional<core::stsafe::EccCurve> curve_from_option(std::string_view name);
const char* curve_option_name(core::stsafe::EccCurve curve);
// "p256|p384|...|ed25519", for usage lines.
const char* curve_option_list();
// "NIST P-256", ..., "X25519", "Ed25519".
const char* curve_label(core::stsafe::EccCurve curve);
// The same curve as the host crypto names it.
hal::EcCurve host_curve(core::stsafe::EccCurve curve);
// The digest size a host would sign with on the curve (SHA-256, SHA-384 or SHA-512), as the
// chip's ECDSA takes a digest; 0 on X25519 and Ed25519.
size_t digest_bytes(core::stsafe::EccCurve curve);

// The dashed title box: `title` centred, then `line` (one sentence) below it.
void print_banner(hal::Console& console, const char* title, const char* line);
// Prints " ## <step> ERROR : <what>" and returns `status`.
core::Status report(hal::Console& console, const char* step, core::Status status);
// `bytes` as "0x.. 0x.." lines of 16 bytes, each indented by `indent`.
void print_hex_block(hal::Console& console, std::span<const uint8_t> bytes, const char* indent = "\t   ");

// Queries the private key table and prints the slot's record; then Generate key pair (0x11) on
// `curve` with `usage_limit`, the raw public key landing in `public_key`
// (public_key_bytes(curve) long). A slot the chip's table does not list → kInvalidArgument; the
// chip's refusals (0x11: the slot's generate-key access condition) as device statuses. Each
// failure is reported on the console.
core::Status generate_key_pair(hal::Console& console, core::stsafe::Stsafe& se, uint8_t slot,
                               core::stsafe::EccCurve curve, uint16_t usage_limit, std::span<uint8_t> public_key);

}  // namespace kb::fw::ecc
