#include "hal/crypto_cryptopp/p256_point.h"

#include <cstddef>
#include <vector>

namespace kb::hal::cryptopp::p256 {

namespace {

constexpr uint8_t kGx[32] = {0x6B, 0x17, 0xD1, 0xF2, 0xE1, 0x2C, 0x42, 0x47, 0xF8, 0xBC, 0xE6,
                             0xE5, 0x63, 0xA4, 0x40, 0xF2, 0x77, 0x03, 0x7D, 0x81, 0x2D, 0xEB,
                             0x33, 0xA0, 0xF4, 0xA1, 0x39, 0x45, 0xD8, 0x98, 0xC2, 0x96};
constexpr uint8_t kGy[32] = {0x4F, 0xE3, 0x42, 0xE2, 0xFE, 0x1A, 0x7F, 0x9B, 0x8E, 0xE7, 0xEB,
                             0x4A, 0x7C, 0x0F, 0x9E, 0x16, 0x2B, 0xCE, 0x33, 0x57, 0x6B, 0x31,
                             0x5E, 0xCE, 0xCB, 0xB6, 0x40, 0x68, 0x37, 0xBF, 0x51, 0xF5};

FieldElement twice(const FieldElement& a) {
  return field_add(a, a);
}

JacobianPoint select(uint64_t mask, const JacobianPoint& if_set, const JacobianPoint& if_clear) {
  return JacobianPoint{field_select(mask, if_set.x, if_clear.x), field_select(mask, if_set.y, if_clear.y),
                       field_select(mask, if_set.z, if_clear.z)};
}

}  // namespace

AffinePoint generator() {
  AffinePoint g;
  // Both coordinates are below p, so the conversions cannot fail.
  field_from_bytes(kGx, g.x);
  field_from_bytes(kGy, g.y);
  return g;
}

JacobianPoint point_at_infinity() {
  // Any X, Y with Z = 0 would do; (1, 1, 0) keeps X non-zero so no formula sees an all-zero point.
  return JacobianPoint{field_one(), field_one(), field_zero()};
}

JacobianPoint to_jacobian(const AffinePoint& p) {
  return JacobianPoint{p.x, p.y, field_one()};
}

// With Z = 0 every output has Z = 0 as well, so infinity doubles to infinity without a special case.
// P-256 has odd prime order, so no finite point has Y = 0.
JacobianPoint point_double(const JacobianPoint& p) {
  const FieldElement delta = field_sqr(p.z);
  const FieldElement gamma = field_sqr(p.y);
  const FieldElement beta = field_mul(p.x, gamma);
  const FieldElement t = field_mul(field_sub(p.x, delta), field_add(p.x, delta));
  const FieldElement alpha = field_add(twice(t), t);  // 3(X - Z²)(X + Z²) = 3X² + aZ⁴ with a = -3
  const FieldElement four_beta = twice(twice(beta));

  JacobianPoint out;
  out.x = field_sub(field_sqr(alpha), twice(four_beta));
  out.z = field_sub(field_sub(field_sqr(field_add(p.y, p.z)), gamma), delta);
  const FieldElement gamma_sq = field_sqr(gamma);
  out.y = field_sub(field_mul(alpha, field_sub(four_beta, out.x)), twice(twice(twice(gamma_sq))));
  return out;
}

JacobianPoint point_add_mixed(const JacobianPoint& p, const AffinePoint& q, uint64_t q_is_infinity_mask) {
  const FieldElement z1z1 = field_sqr(p.z);
  const FieldElement u2 = field_mul(q.x, z1z1);
  const FieldElement s2 = field_mul(q.y, field_mul(p.z, z1z1));
  const FieldElement h = field_sub(u2, p.x);
  const FieldElement hh = field_sqr(h);
  const FieldElement i = twice(twice(hh));
  const FieldElement j = field_mul(h, i);
  const FieldElement r = twice(field_sub(s2, p.y));
  const FieldElement v = field_mul(p.x, i);

  JacobianPoint sum;
  sum.x = field_sub(field_sub(field_sqr(r), j), twice(v));
  sum.y = field_sub(field_mul(r, field_sub(v, sum.x)), twice(field_mul(p.y, j)));
  // For q = -p, H = 0 makes this Z zero: the formula already yields infinity.
  sum.z = field_sub(field_sub(field_sqr(field_add(p.z, h)), z1z1), hh);

  const uint64_t p_is_infinity = field_is_zero_mask(p.z);
  // H = 0 and r = 0 means q = p, where the formula degenerates to (0, 0, 0). Base-point multiplication
  // with a scalar in [1, n) never gets here (its table rows are distinct multiples that cannot meet), so
  // a branch costs nothing in the common path and gives away nothing about valid scalars.
  const uint64_t same_point = field_is_zero_mask(h) & field_is_zero_mask(r) & ~p_is_infinity & ~q_is_infinity_mask;
  if (same_point) sum = point_double(p);

  sum = select(p_is_infinity, to_jacobian(q), sum);
  return select(q_is_infinity_mask, p, sum);
}

bool to_affine(const JacobianPoint& p, AffinePoint& out) {
  if (field_is_zero_mask(p.z)) return false;
  const FieldElement z_inv = field_invert(p.z);
  const FieldElement z_inv2 = field_sqr(z_inv);
  out.x = field_mul(p.x, z_inv2);
  out.y = field_mul(p.y, field_mul(z_inv2, z_inv));
  return true;
}

void to_affine_batch(std::span<const JacobianPoint> in, std::span<AffinePoint> out) {
  if (in.empty()) return;
  // prefix[k] = z_0 · … · z_k; one inversion of the full product, then walk back peeling one z at a time.
  std::vector<FieldElement> prefix(in.size());
  prefix[0] = in[0].z;
  for (size_t k = 1; k < in.size(); ++k) prefix[k] = field_mul(prefix[k - 1], in[k].z);
  FieldElement running_inverse = field_invert(prefix[in.size() - 1]);
  for (size_t k = in.size(); k-- > 0;) {
    const FieldElement z_inv = k == 0 ? running_inverse : field_mul(running_inverse, prefix[k - 1]);
    running_inverse = field_mul(running_inverse, in[k].z);
    const FieldElement z_inv2 = field_sqr(z_inv);
    out[k].x = field_mul(in[k].x, z_inv2);
    out[k].y = field_mul(in[k].y, field_mul(z_inv2, z_inv));
  }
}

void affine_to_bytes(const AffinePoint& p, std::span<uint8_t, 64> out) {
  field_to_bytes(p.x, out.first<32>());
  field_to_bytes(p.y, out.last<32>());
}

}  // namespace kb::hal::cryptopp::p256
