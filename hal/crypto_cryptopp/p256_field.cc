#include "hal/crypto_cryptopp/p256_field.h"

namespace kb::hal::cryptopp::p256 {

namespace {

// GCC and Clang provide 128-bit integers on 64-bit hosts; __extension__ keeps -Wpedantic quiet about it.
__extension__ typedef unsigned __int128 Wide;

// p, little-endian limbs.
constexpr uint64_t kP[4] = {0xFFFFFFFFFFFFFFFF, 0x00000000FFFFFFFF, 0x0000000000000000, 0xFFFFFFFF00000001};
// 2^256 mod p: the Montgomery form of 1.
constexpr uint64_t kOne[4] = {0x0000000000000001, 0xFFFFFFFF00000000, 0xFFFFFFFFFFFFFFFF, 0x00000000FFFFFFFE};
// 2^512 mod p: multiplying by it (and dividing by 2^256) moves a plain integer into Montgomery form.
constexpr uint64_t kRSquared[4] = {0x0000000000000003, 0xFFFFFFFBFFFFFFFF, 0xFFFFFFFFFFFFFFFE, 0x00000004FFFFFFFD};

uint64_t add_carry(uint64_t a, uint64_t b, uint64_t carry_in, uint64_t& carry_out) {
  Wide sum = static_cast<Wide>(a) + b + carry_in;
  carry_out = static_cast<uint64_t>(sum >> 64);
  return static_cast<uint64_t>(sum);
}

uint64_t sub_borrow(uint64_t a, uint64_t b, uint64_t borrow_in, uint64_t& borrow_out) {
  Wide diff = static_cast<Wide>(a) - b - borrow_in;
  borrow_out = static_cast<uint64_t>(diff >> 64) & 1;
  return static_cast<uint64_t>(diff);
}

// Given a value v = high·2^256 + limbs with v < 2p, returns v mod p without branching on v.
FieldElement reduce_once(const uint64_t limbs[4], uint64_t high) {
  FieldElement minus_p;
  uint64_t borrow = 0;
  for (int i = 0; i < 4; ++i) minus_p.limb[i] = sub_borrow(limbs[i], kP[i], borrow, borrow);
  // v - p is negative exactly when the subtraction borrows out of the high word as well.
  uint64_t negative = 0;
  sub_borrow(high, 0, borrow, negative);
  FieldElement v{{limbs[0], limbs[1], limbs[2], limbs[3]}};
  return field_select(0 - negative, v, minus_p);
}

FieldElement from_limbs(const uint64_t (&limbs)[4]) {
  return FieldElement{{limbs[0], limbs[1], limbs[2], limbs[3]}};
}

// Montgomery product a·b·2^-256 mod p, operand scanning with a reduction after each row. Because
// p ≡ -1 (mod 2^64), -p^-1 mod 2^64 is 1 and each row's reduction multiplier is just its low word.
FieldElement montgomery_multiply(const uint64_t a[4], const uint64_t b[4]) {
  uint64_t t[6] = {0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 4; ++i) {
    uint64_t carry = 0;
    for (int j = 0; j < 4; ++j) {
      Wide acc = static_cast<Wide>(a[j]) * b[i] + t[j] + carry;
      t[j] = static_cast<uint64_t>(acc);
      carry = static_cast<uint64_t>(acc >> 64);
    }
    t[4] = add_carry(t[4], carry, 0, t[5]);

    const uint64_t m = t[0];
    Wide acc = static_cast<Wide>(m) * kP[0] + t[0];
    carry = static_cast<uint64_t>(acc >> 64);
    for (int j = 1; j < 4; ++j) {
      acc = static_cast<Wide>(m) * kP[j] + t[j] + carry;
      t[j - 1] = static_cast<uint64_t>(acc);
      carry = static_cast<uint64_t>(acc >> 64);
    }
    uint64_t top = 0;
    t[3] = add_carry(t[4], carry, 0, top);
    t[4] = t[5] + top;
  }
  return reduce_once(t, t[4]);
}

}  // namespace

bool field_from_bytes(std::span<const uint8_t, 32> big_endian, FieldElement& out) {
  uint64_t plain[4];
  for (int i = 0; i < 4; ++i) {
    uint64_t word = 0;
    for (int b = 0; b < 8; ++b) word = word << 8 | big_endian[static_cast<size_t>((3 - i) * 8 + b)];
    plain[i] = word;
  }
  uint64_t borrow = 0;
  for (int i = 0; i < 4; ++i) sub_borrow(plain[i], kP[i], borrow, borrow);
  if (!borrow) return false;  // plain >= p
  out = montgomery_multiply(plain, kRSquared);
  return true;
}

void field_to_bytes(const FieldElement& a, std::span<uint8_t, 32> big_endian) {
  constexpr uint64_t kPlainOne[4] = {1, 0, 0, 0};
  const FieldElement plain = montgomery_multiply(a.limb, kPlainOne);
  for (int i = 0; i < 4; ++i) {
    for (int b = 0; b < 8; ++b) {
      big_endian[static_cast<size_t>((3 - i) * 8 + b)] = static_cast<uint8_t>(plain.limb[i] >> (56 - 8 * b));
    }
  }
}

FieldElement field_zero() {
  return FieldElement{{0, 0, 0, 0}};
}

FieldElement field_one() {
  return from_limbs(kOne);
}

FieldElement field_add(const FieldElement& a, const FieldElement& b) {
  uint64_t sum[4];
  uint64_t carry = 0;
  for (int i = 0; i < 4; ++i) sum[i] = add_carry(a.limb[i], b.limb[i], carry, carry);
  return reduce_once(sum, carry);
}

FieldElement field_sub(const FieldElement& a, const FieldElement& b) {
  FieldElement diff;
  uint64_t borrow = 0;
  for (int i = 0; i < 4; ++i) diff.limb[i] = sub_borrow(a.limb[i], b.limb[i], borrow, borrow);
  // On underflow the limbs hold a - b + 2^256; adding p and dropping the carry gives a - b + p.
  const uint64_t mask = 0 - borrow;
  uint64_t carry = 0;
  for (int i = 0; i < 4; ++i) diff.limb[i] = add_carry(diff.limb[i], kP[i] & mask, carry, carry);
  return diff;
}

FieldElement field_mul(const FieldElement& a, const FieldElement& b) {
  return montgomery_multiply(a.limb, b.limb);
}

FieldElement field_sqr(const FieldElement& a) {
  return montgomery_multiply(a.limb, a.limb);
}

namespace {

FieldElement square_times(FieldElement a, int times) {
  for (int i = 0; i < times; ++i) a = field_sqr(a);
  return a;
}

}  // namespace

// p - 2 = ffffffff 00000001 00000000 00000000 00000000 ffffffff ffffffff fffffffd (32-bit words, most
// significant first). The chain builds runs of ones x_k = a^(2^k - 1), then shifts them into place:
// 255 squarings and 12 multiplications instead of the ~128 multiplications of plain square-and-multiply.
FieldElement field_invert(const FieldElement& a) {
  const FieldElement x2 = field_mul(field_sqr(a), a);
  const FieldElement x3 = field_mul(field_sqr(x2), a);
  const FieldElement x6 = field_mul(square_times(x3, 3), x3);
  const FieldElement x12 = field_mul(square_times(x6, 6), x6);
  const FieldElement x15 = field_mul(square_times(x12, 3), x3);
  const FieldElement x30 = field_mul(square_times(x15, 15), x15);
  const FieldElement x32 = field_mul(square_times(x30, 2), x2);

  FieldElement t = field_mul(square_times(x32, 32), a);  // ffffffff 00000001
  t = square_times(t, 96);                               // three zero words
  t = field_mul(square_times(t, 32), x32);               // ffffffff
  t = field_mul(square_times(t, 32), x32);               // ffffffff
  t = field_mul(square_times(t, 30), x30);               // 30 ones of fffffffd ...
  return field_mul(square_times(t, 2), a);               // ... then binary 01
}

uint64_t field_is_zero_mask(const FieldElement& a) {
  const uint64_t any = a.limb[0] | a.limb[1] | a.limb[2] | a.limb[3];
  // (any | -any) has its top bit set exactly when any is non-zero.
  return ((any | (0 - any)) >> 63) - 1;
}

uint64_t field_equal_mask(const FieldElement& a, const FieldElement& b) {
  const FieldElement diff{{a.limb[0] ^ b.limb[0], a.limb[1] ^ b.limb[1], a.limb[2] ^ b.limb[2], a.limb[3] ^ b.limb[3]}};
  return field_is_zero_mask(diff);
}

FieldElement field_select(uint64_t mask, const FieldElement& if_set, const FieldElement& if_clear) {
  FieldElement out;
  for (int i = 0; i < 4; ++i) out.limb[i] = (if_set.limb[i] & mask) | (if_clear.limb[i] & ~mask);
  return out;
}

}  // namespace kb::hal::cryptopp::p256
