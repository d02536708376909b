#pragma once
// Arithmetic modulo the P-256 field prime p = 2^256 - 2^224 + 2^192 + 2^96 - 1 (FIPS 186-4 D.1.2.3,
// SEC 2 secp256r1), for the host backend's own base-point multiplication. Elements live in Montgomery
// form (x·2^256 mod p) so that a product costs one 4×4-limb multiply plus a word-by-word reduction,
// and every function returns a fully reduced value (< p), which makes "is zero" a plain limb test.
//
// Not a hardened implementation: it avoids secret-dependent branches and table indices where that is
// cheap, but it runs on a simulator host and has had no side-channel review.
#include <cstdint>
#include <span>

namespace kb::hal::cryptopp::p256 {

// Little-endian 64-bit limbs of a Montgomery-form residue in [0, p).
struct FieldElement {
  uint64_t limb[4];
};

// Reads a 32-byte big-endian integer; returns false (and leaves out untouched) when it is not below p.
bool field_from_bytes(std::span<const uint8_t, 32> big_endian, FieldElement& out);
void field_to_bytes(const FieldElement& a, std::span<uint8_t, 32> big_endian);

FieldElement field_zero();
FieldElement field_one();

FieldElement field_add(const FieldElement& a, const FieldElement& b);
FieldElement field_sub(const FieldElement& a, const FieldElement& b);
FieldElement field_mul(const FieldElement& a, const FieldElement& b);
FieldElement field_sqr(const FieldElement& a);
// a^(p-2), so the inverse of a non-zero element (Fermat) and 0 for 0.
FieldElement field_invert(const FieldElement& a);

// All-ones when the condition holds, else zero: masks for branch-free selection.
uint64_t field_is_zero_mask(const FieldElement& a);
uint64_t field_equal_mask(const FieldElement& a, const FieldElement& b);
// mask all-ones picks if_set, zero picks if_clear.
FieldElement field_select(uint64_t mask, const FieldElement& if_set, const FieldElement& if_clear);

}  // namespace kb::hal::cryptopp::p256
