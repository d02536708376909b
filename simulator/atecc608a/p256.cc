#include "simulator/atecc608a/p256.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include <memory>
#include <stdexcept>

namespace kb::sim::atecc608a::p256 {

namespace {

template <auto F>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    F(p);
  }
};
using Bn = std::unique_ptr<BIGNUM, Deleter<BN_clear_free>>;
using Point = std::unique_ptr<EC_POINT, Deleter<EC_POINT_free>>;
using Pkey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using ParamBld = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM_free>>;
using Sig = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG_free>>;

constexpr const char* kGroupName = "prime256v1";

// Each thread has its own library context whose random generator is OpenSSL's TEST-RAND: it
// returns exactly the bytes it was given, which is how the chip's deterministic random stream
// becomes the ECDSA nonce input. The group and the scratch context belong to the same thread.
struct Context {
  OSSL_LIB_CTX* lib = nullptr;
  EC_GROUP* group = nullptr;
  BIGNUM* prime = nullptr;
  BN_CTX* scratch = nullptr;
  Context() {
    lib = OSSL_LIB_CTX_new();
    if (lib == nullptr || RAND_set_DRBG_type(lib, "TEST-RAND", nullptr, nullptr, nullptr) != 1) {
      throw std::runtime_error("ATECC608A model: OpenSSL cannot set up its library context");
    }
    group = EC_GROUP_new_by_curve_name_ex(lib, nullptr, NID_X9_62_prime256v1);
    prime = BN_new();
    scratch = BN_CTX_new_ex(lib);
    if (group == nullptr || prime == nullptr || scratch == nullptr ||
        EC_GROUP_get_curve(group, prime, nullptr, nullptr, scratch) != 1) {
      throw std::runtime_error("ATECC608A model: OpenSSL cannot build P-256");
    }
  }
  ~Context() {
    BN_CTX_free(scratch);
    BN_free(prime);
    EC_GROUP_free(group);
    OSSL_LIB_CTX_free(lib);
  }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
};

Context& context() {
  thread_local Context c;
  return c;
}

Bn integer(std::span<const uint8_t> big_endian) {
  return Bn(BN_bin2bn(big_endian.data(), static_cast<int>(big_endian.size()), nullptr));
}

Bn scalar(std::span<const uint8_t> private_key) {
  if (private_key.size() != kCoordinateLength) return nullptr;
  Bn d = integer(private_key);
  if (!d || BN_is_zero(d.get()) || BN_cmp(d.get(), EC_GROUP_get0_order(context().group)) >= 0) return nullptr;
  BN_set_flags(d.get(), BN_FLG_CONSTTIME);
  return d;
}

// 04 | X | Y, the encoding OpenSSL takes for a public key.
std::vector<uint8_t> uncompressed(std::span<const uint8_t> xy) {
  std::vector<uint8_t> out{0x04};
  out.insert(out.end(), xy.begin(), xy.end());
  return out;
}

Pkey make_key(std::span<const uint8_t> public_xy, const BIGNUM* d) {
  Context& c = context();
  ParamBld bld(OSSL_PARAM_BLD_new());
  const std::vector<uint8_t> pub = uncompressed(public_xy);
  if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, kGroupName, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, pub.data(), pub.size()) != 1 ||
      (d != nullptr && OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d) != 1)) {
    return nullptr;
  }
  Params params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(c.lib, "EC", nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, d != nullptr ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    ERR_clear_error();
    return nullptr;
  }
  return Pkey(key);
}

}  // namespace

bool private_key_is_valid(std::span<const uint8_t> private_key) {
  return scalar(private_key) != nullptr;
}

std::optional<std::vector<uint8_t>> public_key(std::span<const uint8_t> private_key) {
  Bn d = scalar(private_key);
  if (!d) return std::nullopt;
  Context& c = context();
  Point q(EC_POINT_new(c.group));
  Bn x(BN_new()), y(BN_new());
  std::vector<uint8_t> out(2 * kCoordinateLength);
  if (!q || !x || !y || EC_POINT_mul(c.group, q.get(), d.get(), nullptr, nullptr, c.scratch) != 1 ||
      EC_POINT_get_affine_coordinates(c.group, q.get(), x.get(), y.get(), c.scratch) != 1 ||
      BN_bn2binpad(x.get(), out.data(), kCoordinateLength) != kCoordinateLength ||
      BN_bn2binpad(y.get(), out.data() + kCoordinateLength, kCoordinateLength) != kCoordinateLength) {
    ERR_clear_error();
    return std::nullopt;
  }
  return out;
}

bool public_key_is_valid(std::span<const uint8_t> public_xy) {
  if (public_xy.size() != 2 * kCoordinateLength) return false;
  Context& c = context();
  Bn x = integer(public_xy.first(kCoordinateLength));
  Bn y = integer(public_xy.subspan(kCoordinateLength));
  Point q(EC_POINT_new(c.group));
  // set_affine_coordinates rejects a point off the curve; coordinates >= p are refused first
  // because OpenSSL would reduce them.
  const bool ok = x && y && q && BN_cmp(x.get(), c.prime) < 0 && BN_cmp(y.get(), c.prime) < 0 &&
                  EC_POINT_set_affine_coordinates(c.group, q.get(), x.get(), y.get(), c.scratch) == 1;
  ERR_clear_error();
  return ok;
}

std::optional<std::vector<uint8_t>> shared_x(std::span<const uint8_t> private_key, std::span<const uint8_t> peer_xy) {
  Bn d = scalar(private_key);
  if (!d || !public_key_is_valid(peer_xy)) return std::nullopt;
  Context& c = context();
  Bn x = integer(peer_xy.first(kCoordinateLength));
  Bn y = integer(peer_xy.subspan(kCoordinateLength));
  Point q(EC_POINT_new(c.group)), s(EC_POINT_new(c.group));
  Bn sx(BN_new());
  std::vector<uint8_t> out(kCoordinateLength);
  if (!x || !y || !q || !s || !sx ||
      EC_POINT_set_affine_coordinates(c.group, q.get(), x.get(), y.get(), c.scratch) != 1 ||
      EC_POINT_mul(c.group, s.get(), nullptr, q.get(), d.get(), c.scratch) != 1 ||
      EC_POINT_is_at_infinity(c.group, s.get()) == 1 ||
      EC_POINT_get_affine_coordinates(c.group, s.get(), sx.get(), nullptr, c.scratch) != 1 ||
      BN_bn2binpad(sx.get(), out.data(), kCoordinateLength) != kCoordinateLength) {
    ERR_clear_error();
    return std::nullopt;
  }
  return out;
}

std::optional<std::array<uint8_t, 64>> sign(std::span<const uint8_t> private_key, std::span<const uint8_t, 32> digest,
                                            std::span<const uint8_t, kSignEntropyLength> entropy) {
  Bn d = scalar(private_key);
  if (!d) return std::nullopt;
  const std::optional<std::vector<uint8_t>> pub = public_key(private_key);
  if (!pub) return std::nullopt;
  Pkey key = make_key(*pub, d.get());
  if (!key) return std::nullopt;
  Context& c = context();
  std::vector<uint8_t> seed(entropy.begin(), entropy.end());
  const OSSL_PARAM rand_params[] = {
      OSSL_PARAM_construct_octet_string(OSSL_RAND_PARAM_TEST_ENTROPY, seed.data(), seed.size()),
      OSSL_PARAM_construct_end()};
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(c.lib, key.get(), nullptr));
  std::array<uint8_t, 80> der{};
  size_t der_length = der.size();
  if (!ctx || EVP_RAND_CTX_set_params(RAND_get0_private(c.lib), rand_params) != 1 ||
      EVP_PKEY_sign_init(ctx.get()) != 1 ||
      EVP_PKEY_sign(ctx.get(), der.data(), &der_length, digest.data(), digest.size()) != 1) {
    ERR_clear_error();
    return std::nullopt;
  }
  const unsigned char* p = der.data();
  Sig sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der_length)));
  std::array<uint8_t, 64> out{};
  if (!sig || BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out.data(), kCoordinateLength) != kCoordinateLength ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out.data() + kCoordinateLength, kCoordinateLength) !=
          kCoordinateLength) {
    ERR_clear_error();
    return std::nullopt;
  }
  return out;
}

bool verify(std::span<const uint8_t> public_xy, std::span<const uint8_t, 32> digest,
            std::span<const uint8_t, 64> signature) {
  if (!public_key_is_valid(public_xy)) return false;
  Pkey key = make_key(public_xy, nullptr);
  Sig sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(signature.data(), kCoordinateLength, nullptr);
  BIGNUM* s = BN_bin2bn(signature.data() + kCoordinateLength, kCoordinateLength, nullptr);
  if (!key || !sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ERR_clear_error();
    return false;
  }
  unsigned char* der = nullptr;
  const int der_length = i2d_ECDSA_SIG(sig.get(), &der);
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(context().lib, key.get(), nullptr));
  const bool ok = der_length > 0 && ctx && EVP_PKEY_verify_init(ctx.get()) == 1 &&
                  EVP_PKEY_verify(ctx.get(), der, static_cast<size_t>(der_length), digest.data(), digest.size()) == 1;
  OPENSSL_free(der);
  ERR_clear_error();
  return ok;
}

}  // namespace kb::sim::atecc608a::p256
