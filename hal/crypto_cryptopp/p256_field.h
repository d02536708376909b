#pragma once
// Arithmetic modulo the P-256 field prime p = 2^256 - 2^224 + 2^192 + 2^96 - 1 (FIPS 186-4 D.1.2.3,
// SEC 2 secp256r1), for the host backend's own base-point multiplication. Elements live in Montgomery
// form (x·2^256 mod p) so that a product costs one 4×4-limb multiply plus a word-by-word reduction,
// and every function returns a fully reduced value (< p), which makes "is zero" a plain limb test.
//
// The hot operations are defined here, unrolled by hand, so that the point formulas inline them and
// keep the limbs in registers; out-of-line calls and limb loops made a k·G several times slower.
//
// Not a hardened implementation: it avoids secret-dependent branches and table indices where that is
// cheap, but it runs on a simulator host and has had no side-channel review.
#include <cstdint>
#include <span>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace kb::hal::cryptopp::p256 {

// Little-endian 64-bit limbs of a Montgomery-form residue in [0, p).
struct FieldElement {
  uint64_t limb[4];
};

// Reads a 32-byte big-endian integer; returns false (and leaves out untouched) when it is not below p.
bool field_from_bytes(std::span<const uint8_t, 32> big_endian, FieldElement& out);
void field_to_bytes(const FieldElement& a, std::span<uint8_t, 32> big_endian);

// a^(p-2), so the inverse of a non-zero element (Fermat) and 0 for 0.
FieldElement field_invert(const FieldElement& a);

namespace field_detail {

// GCC and Clang provide 128-bit integers on 64-bit hosts; __extension__ keeps -Wpedantic quiet about it.
__extension__ typedef unsigned __int128 Wide;

// p, little-endian limbs.
inline constexpr uint64_t kP0 = 0xFFFFFFFFFFFFFFFF, kP1 = 0x00000000FFFFFFFF, kP3 = 0xFFFFFFFF00000001;

// carry and borrow are 0 or 1 (unlike mul_add's carry, a whole word). On x86-64 the carry intrinsics become adc/sbb
// chains; GCC turns the 128-bit version into separate adds and flag moves, which doubled the cost of an addition.
#if defined(__x86_64__)
inline uint64_t add_carry(uint64_t a, uint64_t b, uint64_t& carry) {
  unsigned long long out;
  carry = _addcarry_u64(static_cast<unsigned char>(carry), a, b, &out);
  return out;
}

inline uint64_t sub_borrow(uint64_t a, uint64_t b, uint64_t& borrow) {
  unsigned long long out;
  borrow = _subborrow_u64(static_cast<unsigned char>(borrow), a, b, &out);
  return out;
}
#else
inline uint64_t add_carry(uint64_t a, uint64_t b, uint64_t& carry) {
  const Wide sum = static_cast<Wide>(a) + b + carry;
  carry = static_cast<uint64_t>(sum >> 64);
  return static_cast<uint64_t>(sum);
}

inline uint64_t sub_borrow(uint64_t a, uint64_t b, uint64_t& borrow) {
  const Wide diff = static_cast<Wide>(a) - b - borrow;
  borrow = static_cast<uint64_t>(diff >> 64) & 1;
  return static_cast<uint64_t>(diff);
}
#endif

// a·b + c + carry cannot exceed 2^128 - 1, so the high word is the next carry.
inline uint64_t mul_add(uint64_t a, uint64_t b, uint64_t c, uint64_t& carry) {
  const Wide t = static_cast<Wide>(a) * b + c + carry;
  carry = static_cast<uint64_t>(t >> 64);
  return static_cast<uint64_t>(t);
}

// high·2^256 + (t0..t3) with value below 2p, reduced to [0, p) without branching on the value.
inline FieldElement reduce_once(uint64_t t0, uint64_t t1, uint64_t t2, uint64_t t3, uint64_t high) {
  uint64_t borrow = 0;
  const uint64_t r0 = sub_borrow(t0, kP0, borrow);
  const uint64_t r1 = sub_borrow(t1, kP1, borrow);
  const uint64_t r2 = sub_borrow(t2, 0, borrow);
  const uint64_t r3 = sub_borrow(t3, kP3, borrow);
  sub_borrow(high, 0, borrow);  // still borrowing: the value was below p already
  const uint64_t keep = 0 - borrow;
  return FieldElement{
      {(t0 & keep) | (r0 & ~keep), (t1 & keep) | (r1 & ~keep), (t2 & keep) | (r2 & ~keep), (t3 & keep) | (r3 & ~keep)}};
}

// One row of the Montgomery product: t += a·b_i, then add m·p with m = t0 so the low word cancels,
// and shift down a word. Because p ≡ -1 (mod 2^64), -p^-1 mod 2^64 is 1 and m is t0 itself.
inline void montgomery_row(const uint64_t a[4], uint64_t b_i, uint64_t& t0, uint64_t& t1, uint64_t& t2, uint64_t& t3,
                           uint64_t& t4) {
  uint64_t carry = 0;
  t0 = mul_add(a[0], b_i, t0, carry);
  t1 = mul_add(a[1], b_i, t1, carry);
  t2 = mul_add(a[2], b_i, t2, carry);
  t3 = mul_add(a[3], b_i, t3, carry);
  uint64_t t5 = 0;
  t4 = add_carry(t4, carry, t5);

  const uint64_t m = t0;
  carry = 0;
  mul_add(m, kP0, t0, carry);  // low word is zero by the choice of m
  t0 = mul_add(m, kP1, t1, carry);
  uint64_t flag = 0;
  t1 = add_carry(t2, carry, flag);  // p's limb 2 is zero
  carry = flag;
  t2 = mul_add(m, kP3, t3, carry);
  uint64_t top = 0;
  t3 = add_carry(t4, carry, top);
  t4 = t5 + top;
}

}  // namespace field_detail

inline FieldElement field_zero() {
  return FieldElement{{0, 0, 0, 0}};
}

// 2^256 mod p: the Montgomery form of 1.
inline FieldElement field_one() {
  return FieldElement{{0x0000000000000001, 0xFFFFFFFF00000000, 0xFFFFFFFFFFFFFFFF, 0x00000000FFFFFFFE}};
}

inline FieldElement field_add(const FieldElement& a, const FieldElement& b) {
  using namespace field_detail;
  uint64_t carry = 0;
  const uint64_t s0 = add_carry(a.limb[0], b.limb[0], carry);
  const uint64_t s1 = add_carry(a.limb[1], b.limb[1], carry);
  const uint64_t s2 = add_carry(a.limb[2], b.limb[2], carry);
  const uint64_t s3 = add_carry(a.limb[3], b.limb[3], carry);
  return reduce_once(s0, s1, s2, s3, carry);
}

inline FieldElement field_sub(const FieldElement& a, const FieldElement& b) {
  using namespace field_detail;
  uint64_t borrow = 0;
  const uint64_t d0 = sub_borrow(a.limb[0], b.limb[0], borrow);
  const uint64_t d1 = sub_borrow(a.limb[1], b.limb[1], borrow);
  const uint64_t d2 = sub_borrow(a.limb[2], b.limb[2], borrow);
  const uint64_t d3 = sub_borrow(a.limb[3], b.limb[3], borrow);
  // On underflow the limbs hold a - b + 2^256; adding p and dropping the carry gives a - b + p.
  const uint64_t mask = 0 - borrow;
  uint64_t carry = 0;
  FieldElement out;
  out.limb[0] = add_carry(d0, kP0 & mask, carry);
  out.limb[1] = add_carry(d1, kP1 & mask, carry);
  out.limb[2] = add_carry(d2, 0, carry);
  out.limb[3] = add_carry(d3, kP3 & mask, carry);
  return out;
}

// Montgomery product a·b·2^-256 mod p (operand scanning, reduction interleaved row by row).
inline FieldElement field_mul(const FieldElement& a, const FieldElement& b) {
  using namespace field_detail;
  uint64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0;
  montgomery_row(a.limb, b.limb[0], t0, t1, t2, t3, t4);
  montgomery_row(a.limb, b.limb[1], t0, t1, t2, t3, t4);
  montgomery_row(a.limb, b.limb[2], t0, t1, t2, t3, t4);
  montgomery_row(a.limb, b.limb[3], t0, t1, t2, t3, t4);
  return reduce_once(t0, t1, t2, t3, t4);
}

inline FieldElement field_sqr(const FieldElement& a) {
  return field_mul(a, a);
}

// All-ones when the condition holds, else zero: masks for branch-free selection.
inline uint64_t field_is_zero_mask(const FieldElement& a) {
  const uint64_t any = a.limb[0] | a.limb[1] | a.limb[2] | a.limb[3];
  // (any | -any) has its top bit set exactly when any is non-zero.
  return ((any | (0 - any)) >> 63) - 1;
}

inline uint64_t field_equal_mask(const FieldElement& a, const FieldElement& b) {
  return field_is_zero_mask(
      FieldElement{{a.limb[0] ^ b.limb[0], a.limb[1] ^ b.limb[1], a.limb[2] ^ b.limb[2], a.limb[3] ^ b.limb[3]}});
}

// mask all-ones picks if_set, zero picks if_clear.
inline FieldElement field_select(uint64_t mask, const FieldElement& if_set, const FieldElement& if_clear) {
  return FieldElement{
      {(if_set.limb[0] & mask) | (if_clear.limb[0] & ~mask), (if_set.limb[1] & mask) | (if_clear.limb[1] & ~mask),
       (if_set.limb[2] & mask) | (if_clear.limb[2] & ~mask), (if_set.limb[3] & mask) | (if_clear.limb[3] & ~mask)}};
}

}  // namespace kb::hal::cryptopp::p256
