#include "hal/crypto_cryptopp/p256_base_point.h"

#include <algorithm>
#include <array>

#include "hal/crypto_cryptopp/p256_point.h"

namespace kb::hal::cryptopp::p256 {

namespace {

constexpr int kRows = 64;           // one row per 4-bit digit of a 256-bit scalar
constexpr int kEntriesPerRow = 15;  // digits 1..15; digit 0 adds nothing

// entry[i][j - 1] = j·16^i·G in affine form, so k·G = Σ entry[i][digit_i(k)] with no doublings at all.
// 60 KiB, built on first use; a function-local static makes that first use thread-safe.
class BasePointTable {
 public:
  BasePointTable() {
    AffinePoint row_base = generator();  // 16^i·G
    for (int i = 0; i < kRows; ++i) {
      // The row's 15 multiples plus 16·row_base, the next row's base, share one inversion.
      std::array<JacobianPoint, kEntriesPerRow + 1> multiples;
      multiples[0] = to_jacobian(row_base);
      multiples[1] = point_double(multiples[0]);
      for (int j = 2; j < kEntriesPerRow; ++j) multiples[j] = point_add_mixed(multiples[j - 1], row_base, 0);
      multiples[kEntriesPerRow] = point_double(multiples[7]);  // 2·(8·row_base)

      std::array<AffinePoint, kEntriesPerRow + 1> affine;
      to_affine_batch(multiples, affine);
      std::copy_n(affine.begin(), kEntriesPerRow, entry_[i]);
      row_base = affine[kEntriesPerRow];
    }
  }

  // Reads every entry of the row and keeps the one matching digit through masks, so the memory access
  // pattern does not depend on the digit. For digit 0 the result is unspecified; callers pass the
  // digit-zero mask to the addition instead.
  AffinePoint lookup(int row, uint64_t digit) const {
    AffinePoint chosen{field_zero(), field_zero()};
    for (uint64_t j = 1; j <= kEntriesPerRow; ++j) {
      const uint64_t mask = equal_mask(digit, j);
      const AffinePoint& candidate = entry_[row][j - 1];
      chosen.x = field_select(mask, candidate.x, chosen.x);
      chosen.y = field_select(mask, candidate.y, chosen.y);
    }
    return chosen;
  }

  static uint64_t equal_mask(uint64_t a, uint64_t b) {
    // a ^ b is 0 when equal (0 - 1 sets the top bit) and 1..15 otherwise (top bit clear).
    return 0 - (((a ^ b) - 1) >> 63);
  }

 private:
  AffinePoint entry_[kRows][kEntriesPerRow];
};

const BasePointTable& table() {
  static const BasePointTable instance;
  return instance;
}

}  // namespace

bool base_point_multiply(std::span<const uint8_t, 32> scalar, std::span<uint8_t, 64> public_point) {
  const BasePointTable& rows = table();
  JacobianPoint sum = point_at_infinity();
  for (int i = 0; i < kRows; ++i) {
    const uint8_t byte = scalar[static_cast<size_t>(31 - i / 2)];
    const uint64_t digit = (i % 2 == 0) ? (byte & 0x0F) : (byte >> 4);
    sum = point_add_mixed(sum, rows.lookup(i, digit), BasePointTable::equal_mask(digit, 0));
  }
  AffinePoint result;
  if (!to_affine(sum, result)) {
    std::fill(public_point.begin(), public_point.end(), uint8_t{0});
    return false;
  }
  affine_to_bytes(result, public_point);
  return true;
}

}  // namespace kb::hal::cryptopp::p256
