#pragma once
// P-256 group law for the base-point multiplication: Jacobian points (x = X/Z², y = Y/Z³), affine
// points, doubling that uses a = -3, and mixed Jacobian + affine addition. Formulas: "dbl-2001-b" and
// "madd-2007-bl" of the Explicit-Formulas Database (hyperelliptic.org/EFD, short Weierstrass, Jacobian).
#include <cstdint>
#include <span>

#include "hal/crypto_cryptopp/p256_field.h"

namespace kb::hal::cryptopp::p256 {

// Z = 0 is the point at infinity.
struct JacobianPoint {
  FieldElement x, y, z;
};

struct AffinePoint {
  FieldElement x, y;
};

// The generator G of SEC 2 secp256r1 / FIPS 186-4 D.1.2.3.
AffinePoint generator();
JacobianPoint point_at_infinity();
JacobianPoint to_jacobian(const AffinePoint& p);

JacobianPoint point_double(const JacobianPoint& p);
// p + q where q is affine, or p itself when q_is_infinity_mask is all-ones (a table entry for digit 0).
// Correct for every input: p at infinity, q = p (falls back to doubling), q = -p (gives infinity).
JacobianPoint point_add_mixed(const JacobianPoint& p, const AffinePoint& q, uint64_t q_is_infinity_mask);

// Returns false for the point at infinity, which has no affine form (out is then left untouched).
bool to_affine(const JacobianPoint& p, AffinePoint& out);
// Several points to affine with one field inversion (Montgomery's trick); every point must be finite.
void to_affine_batch(std::span<const JacobianPoint> in, std::span<AffinePoint> out);

// 64 bytes, X || Y, each 32 bytes big-endian.
void affine_to_bytes(const AffinePoint& p, std::span<uint8_t, 64> out);

}  // namespace kb::hal::cryptopp::p256
