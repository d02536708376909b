#include "hal/crypto_cryptopp/p256_field.h"

namespace kb::hal::cryptopp::p256 {

namespace {

// 2^512 mod p: a Montgomery product with it moves a plain integer into Montgomery form.
constexpr FieldElement kRSquared{{0x0000000000000003, 0xFFFFFFFBFFFFFFFF, 0xFFFFFFFFFFFFFFFE, 0x00000004FFFFFFFD}};

FieldElement square_times(FieldElement a, int times) {
  for (int i = 0; i < times; ++i) a = field_sqr(a);
  return a;
}

}  // namespace

bool field_from_bytes(std::span<const uint8_t, 32> big_endian, FieldElement& out) {
  FieldElement plain;
  for (int i = 0; i < 4; ++i) {
    uint64_t word = 0;
    for (int b = 0; b < 8; ++b) word = word << 8 | big_endian[static_cast<size_t>((3 - i) * 8 + b)];
    plain.limb[i] = word;
  }
  uint64_t borrow = 0;
  field_detail::sub_borrow(plain.limb[0], field_detail::kP0, borrow);
  field_detail::sub_borrow(plain.limb[1], field_detail::kP1, borrow);
  field_detail::sub_borrow(plain.limb[2], 0, borrow);
  field_detail::sub_borrow(plain.limb[3], field_detail::kP3, borrow);
  if (!borrow) return false;  // plain >= p
  out = field_mul(plain, kRSquared);
  return true;
}

void field_to_bytes(const FieldElement& a, std::span<uint8_t, 32> big_endian) {
  // A Montgomery product with plain 1 divides by 2^256, leaving the ordinary residue.
  const FieldElement plain = field_mul(a, FieldElement{{1, 0, 0, 0}});
  for (int i = 0; i < 4; ++i) {
    for (int b = 0; b < 8; ++b) {
      big_endian[static_cast<size_t>((3 - i) * 8 + b)] = static_cast<uint8_t>(plain.limb[i] >> (56 - 8 * b));
    }
  }
}

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

}  // namespace kb::hal::cryptopp::p256
