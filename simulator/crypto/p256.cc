#include "simulator/crypto/p256.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>

#include <memory>
#include <stdexcept>

namespace kb::sim::crypto::p256 {

namespace {

struct BnFree {
  void operator()(BIGNUM* b) const { BN_clear_free(b); }
};
struct PointFree {
  void operator()(EC_POINT* p) const { EC_POINT_clear_free(p); }
};
struct BnCtxFree {
  void operator()(BN_CTX* c) const { BN_CTX_free(c); }
};
using Bn = std::unique_ptr<BIGNUM, BnFree>;
using Point = std::unique_ptr<EC_POINT, PointFree>;

// The group is built once: building it costs more than a multiplication. OpenSSL only reads it
// during arithmetic, so threads may share it; each thread keeps its own scratch context.
struct Curve {
  EC_GROUP* group = nullptr;
  const BIGNUM* order = nullptr;
  BIGNUM* prime = nullptr;
  Curve() {
    group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    prime = BN_new();
    if (group == nullptr || prime == nullptr || EC_GROUP_get_curve(group, prime, nullptr, nullptr, nullptr) != 1) {
      throw std::runtime_error("simulator P-256: OpenSSL cannot build the curve");
    }
    order = EC_GROUP_get0_order(group);
  }
  ~Curve() {
    BN_free(prime);
    EC_GROUP_free(group);
  }
  Curve(const Curve&) = delete;
  Curve& operator=(const Curve&) = delete;
};

const Curve& curve() {
  static const Curve c;
  return c;
}

BN_CTX* scratch() {
  thread_local std::unique_ptr<BN_CTX, BnCtxFree> ctx(BN_CTX_new());
  return ctx.get();
}

Bn integer(std::span<const uint8_t> big_endian) {
  return Bn(BN_bin2bn(big_endian.data(), static_cast<int>(big_endian.size()), nullptr));
}

Bn scalar(std::span<const uint8_t> private_key) {
  if (private_key.size() != kCoordinateLength) return nullptr;
  Bn d = integer(private_key);
  if (!d || BN_is_zero(d.get()) || BN_cmp(d.get(), curve().order) >= 0) return nullptr;
  BN_set_flags(d.get(), BN_FLG_CONSTTIME);
  return d;
}

Point point(std::span<const uint8_t> xy) {
  if (xy.size() != 2 * kCoordinateLength) return nullptr;
  const Curve& c = curve();
  Bn x = integer(xy.first(kCoordinateLength));
  Bn y = integer(xy.subspan(kCoordinateLength));
  Point q(EC_POINT_new(c.group));
  // set_affine_coordinates rejects a point off the curve; coordinates >= p must be refused first
  // because OpenSSL would reduce them.
  if (!x || !y || !q || BN_cmp(x.get(), c.prime) >= 0 || BN_cmp(y.get(), c.prime) >= 0 ||
      EC_POINT_set_affine_coordinates(c.group, q.get(), x.get(), y.get(), scratch()) != 1) {
    ERR_clear_error();
    return nullptr;
  }
  return q;
}

std::optional<std::vector<uint8_t>> coordinates(const EC_POINT* p, bool with_y) {
  const Curve& c = curve();
  Bn x(BN_new()), y(BN_new());
  std::vector<uint8_t> out((with_y ? 2 : 1) * kCoordinateLength);
  if (!x || !y || EC_POINT_is_at_infinity(c.group, p) == 1 ||
      EC_POINT_get_affine_coordinates(c.group, p, x.get(), y.get(), scratch()) != 1 ||
      BN_bn2binpad(x.get(), out.data(), kCoordinateLength) != kCoordinateLength ||
      (with_y && BN_bn2binpad(y.get(), out.data() + kCoordinateLength, kCoordinateLength) != kCoordinateLength)) {
    ERR_clear_error();
    return std::nullopt;
  }
  return out;
}

}  // namespace

bool private_key_is_valid(std::span<const uint8_t> private_key) {
  return scalar(private_key) != nullptr;
}

std::optional<std::vector<uint8_t>> public_key(std::span<const uint8_t> private_key) {
  Bn d = scalar(private_key);
  if (!d) return std::nullopt;
  const Curve& c = curve();
  Point q(EC_POINT_new(c.group));
  if (!q || EC_POINT_mul(c.group, q.get(), d.get(), nullptr, nullptr, scratch()) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  return coordinates(q.get(), true);
}

bool public_key_is_valid(std::span<const uint8_t> public_xy) {
  return point(public_xy) != nullptr;
}

std::optional<std::vector<uint8_t>> shared_x(std::span<const uint8_t> private_key, std::span<const uint8_t> peer_xy) {
  Bn d = scalar(private_key);
  Point q = point(peer_xy);
  if (!d || !q) return std::nullopt;
  const Curve& c = curve();
  Point s(EC_POINT_new(c.group));
  if (!s || EC_POINT_mul(c.group, s.get(), nullptr, q.get(), d.get(), scratch()) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  return coordinates(s.get(), false);
}

}  // namespace kb::sim::crypto::p256
