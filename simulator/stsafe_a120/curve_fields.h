#pragma once
// The curve encodings on the wire (fact sheet 2.4), for every curve the chip knows:
//   curve identifier field  len(2, BE) | OID value
//   public key field        04 | len(2) | X | len(2) | Y   (NIST and Brainpool curves)
//                           len(2) | key                   (X25519, Ed25519)
//   signature field         len(2) | R | len(2) | S        (len = half the signature)
//   shared secret field     len(2) | x-coordinate
// ecdhe.h keeps the P-256-only forms the KEK-session commands were written against.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include "simulator/crypto/ec.h"
#include "simulator/stsafe_a120/status.h"

namespace kb::sim::stsafe_a120 {

using crypto::ec::Curve;

// The whole curve identifier field of a curve, length bytes included.
std::span<const uint8_t> curve_id_field(Curve curve);

struct CurveIdField {
  Curve curve = Curve::kNistP256;
  size_t length = 0;  // bytes of the field, length bytes included
};
// The curve identifier at the start of `bytes`: INCONSISTENT_COMMAND_DATA when bytes stop before
// the end its length field announces, VALUE_OUT_OF_RANGE for an OID of no curve the chip knows.
std::variant<CurveIdField, Status> read_curve_id(std::span<const uint8_t> bytes);

size_t public_key_field_length(Curve curve);
// How long the public key field at the start of `bytes` is by its own length fields (which the
// curve may not agree with); nullopt when it runs past the end of bytes.
std::optional<size_t> public_key_field_extent(Curve curve, std::span<const uint8_t> bytes);
// The raw public key (X | Y, or the 32-byte key) from a field of exactly its extent:
// INCONSISTENT_COMMAND_DATA when the field is not the curve's form (point byte not 04, lengths
// not the curve's), INVALID_PUBLIC_KEY when the bytes are no valid point of the curve.
std::variant<std::vector<uint8_t>, Status> parse_public_key_field(Curve curve, std::span<const uint8_t> field);
std::vector<uint8_t> encode_public_key_field(Curve curve, std::span<const uint8_t> public_key);

// The signature field `len(2) | R | len(2) | S` at `at` of bytes, by its own length fields (which
// the curve may not agree with); `at` moves past it. nullopt when it runs past the end.
struct SignatureParts {
  std::span<const uint8_t> r;
  std::span<const uint8_t> s;
};
std::optional<SignatureParts> read_signature_field(std::span<const uint8_t> bytes, size_t& at);

// R | S (two equal halves) as a signature field.
std::vector<uint8_t> encode_signature_field(std::span<const uint8_t> r_s);
std::vector<uint8_t> encode_shared_secret_field(std::span<const uint8_t> secret);

}  // namespace kb::sim::stsafe_a120
