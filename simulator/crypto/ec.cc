#include "simulator/crypto/ec.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>

#include <array>
#include <memory>
#include <stdexcept>
#include <string>

namespace kb::sim::crypto::ec {

namespace {

template <auto F>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    F(p);
  }
};
using Bn = std::unique_ptr<BIGNUM, Deleter<BN_clear_free>>;
using Point = std::unique_ptr<EC_POINT, Deleter<EC_POINT_clear_free>>;
using Pkey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using MdCtx = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using ParamBld = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD_free>>;
using Params = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM_free>>;
using Sig = std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG_free>>;

constexpr size_t kWeierstrassCount = 6;
constexpr size_t k25519Length = 32;

struct CurveInfo {
  std::string_view name;
  size_t key_length;
  int nid;  // Weierstrass curves only
};

constexpr std::array<CurveInfo, kCurveCount> kInfo = {{
    {"NIST P-256", 32, NID_X9_62_prime256v1},
    {"NIST P-384", 48, NID_secp384r1},
    {"NIST P-521", 66, NID_secp521r1},
    {"Brainpool P-256r1", 32, NID_brainpoolP256r1},
    {"Brainpool P-384r1", 48, NID_brainpoolP384r1},
    {"Brainpool P-512r1", 64, NID_brainpoolP512r1},
    {"X25519", 32, NID_undef},
    {"Ed25519", 32, NID_undef},
}};

const CurveInfo& info(Curve c) {
  return kInfo[static_cast<size_t>(c)];
}

struct Group {
  EC_GROUP* group = nullptr;
  BIGNUM* prime = nullptr;
  const BIGNUM* order = nullptr;
  int order_bits = 0;
};

// Per thread: the Weierstrass groups and a scratch context in the default library context (built
// once: building a group costs more than a multiplication), and a second library context whose
// random generator is OpenSSL's TEST-RAND. TEST-RAND hands out exactly the bytes it was given,
// which is how the caller's entropy becomes the ECDSA nonce input.
struct Context {
  std::array<Group, kWeierstrassCount> groups{};
  BN_CTX* scratch = nullptr;
  OSSL_LIB_CTX* signing = nullptr;

  Context() {
    scratch = BN_CTX_new();
    signing = OSSL_LIB_CTX_new();
    if (scratch == nullptr || signing == nullptr ||
        RAND_set_DRBG_type(signing, "TEST-RAND", nullptr, nullptr, nullptr) != 1) {
      release();
      throw std::runtime_error("simulator curves: OpenSSL cannot set up its contexts");
    }
    for (size_t i = 0; i < kWeierstrassCount; ++i) {
      Group& g = groups[i];
      g.group = EC_GROUP_new_by_curve_name(kInfo[i].nid);
      g.prime = BN_new();
      if (g.group == nullptr || g.prime == nullptr ||
          EC_GROUP_get_curve(g.group, g.prime, nullptr, nullptr, scratch) != 1) {
        release();
        throw std::runtime_error(std::string("simulator curves: OpenSSL cannot build ") + std::string(kInfo[i].name));
      }
      g.order = EC_GROUP_get0_order(g.group);
      g.order_bits = BN_num_bits(g.order);
    }
  }
  ~Context() { release(); }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  void release() {
    for (Group& g : groups) {
      BN_free(g.prime);
      EC_GROUP_free(g.group);
      g = Group{};
    }
    BN_CTX_free(scratch);
    OSSL_LIB_CTX_free(signing);
    scratch = nullptr;
    signing = nullptr;
  }
};

Context& context() {
  thread_local Context c;
  return c;
}

const Group& group(Curve c) {
  return context().groups[static_cast<size_t>(c)];
}

Bn integer(std::span<const uint8_t> big_endian) {
  return Bn(BN_bin2bn(big_endian.data(), static_cast<int>(big_endian.size()), nullptr));
}

// The private scalar of a Weierstrass curve, or null when it is not 1 <= d < n of the right length.
Bn scalar(Curve c, std::span<const uint8_t> private_key) {
  if (private_key.size() != key_length(c)) return nullptr;
  Bn d = integer(private_key);
  if (!d || BN_is_zero(d.get()) || BN_cmp(d.get(), group(c).order) >= 0) return nullptr;
  BN_set_flags(d.get(), BN_FLG_CONSTTIME);
  return d;
}

bool weierstrass_point_valid(Curve c, std::span<const uint8_t> xy) {
  const size_t n = key_length(c);
  if (xy.size() != 2 * n) return false;
  const Group& g = group(c);
  Bn x = integer(xy.first(n));
  Bn y = integer(xy.subspan(n));
  Point q(EC_POINT_new(g.group));
  // set_affine_coordinates refuses a point off the curve; coordinates >= p are refused first
  // because OpenSSL would reduce them.
  const bool ok = x && y && q && BN_cmp(x.get(), g.prime) < 0 && BN_cmp(y.get(), g.prime) < 0 &&
                  EC_POINT_set_affine_coordinates(g.group, q.get(), x.get(), y.get(), context().scratch) == 1;
  ERR_clear_error();
  return ok;
}

std::optional<std::vector<uint8_t>> weierstrass_public(Curve c, const BIGNUM* d) {
  const Group& g = group(c);
  const size_t n = key_length(c);
  Point q(EC_POINT_new(g.group));
  Bn x(BN_new()), y(BN_new());
  std::vector<uint8_t> out(2 * n);
  const int width = static_cast<int>(n);
  if (!q || !x || !y || EC_POINT_mul(g.group, q.get(), d, nullptr, nullptr, context().scratch) != 1 ||
      EC_POINT_get_affine_coordinates(g.group, q.get(), x.get(), y.get(), context().scratch) != 1 ||
      BN_bn2binpad(x.get(), out.data(), width) != width || BN_bn2binpad(y.get(), out.data() + n, width) != width) {
    ERR_clear_error();
    return std::nullopt;
  }
  return out;
}

// An EC key of curve c in library context lib: public X | Y, and the private scalar when given.
Pkey weierstrass_key(OSSL_LIB_CTX* lib, Curve c, std::span<const uint8_t> public_xy, const BIGNUM* d) {
  std::vector<uint8_t> point(1 + public_xy.size());
  point[0] = 0x04;  // uncompressed, the encoding OpenSSL takes
  std::copy(public_xy.begin(), public_xy.end(), point.begin() + 1);
  ParamBld bld(OSSL_PARAM_BLD_new());
  const char* group_name = OBJ_nid2sn(info(c).nid);
  if (!bld || group_name == nullptr ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group_name, 0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) != 1 ||
      (d != nullptr && OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d) != 1)) {
    ERR_clear_error();
    return nullptr;
  }
  Params params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(lib, "EC", nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, d != nullptr ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    ERR_clear_error();
    return nullptr;
  }
  return Pkey(key);
}

const char* raw_key_type(Curve c) {
  return c == Curve::kX25519 ? "X25519" : "ED25519";
}

Pkey raw_private_key(Curve c, std::span<const uint8_t> private_key) {
  if (private_key.size() != k25519Length) return nullptr;
  Pkey key(EVP_PKEY_new_raw_private_key_ex(nullptr, raw_key_type(c), nullptr, private_key.data(), private_key.size()));
  ERR_clear_error();
  return key;
}

Pkey raw_public_key(Curve c, std::span<const uint8_t> public_key) {
  if (public_key.size() != k25519Length) return nullptr;
  Pkey key(EVP_PKEY_new_raw_public_key_ex(nullptr, raw_key_type(c), nullptr, public_key.data(), public_key.size()));
  ERR_clear_error();
  return key;
}

// The private key with its public half, as OpenSSL wants it for ECDH and signing; null when the
// private key is not valid.
Pkey key_pair(OSSL_LIB_CTX* lib, Curve c, std::span<const uint8_t> private_key) {
  if (!is_weierstrass(c)) return raw_private_key(c, private_key);
  Bn d = scalar(c, private_key);
  if (!d) return nullptr;
  const std::optional<std::vector<uint8_t>> q = weierstrass_public(c, d.get());
  if (!q) return nullptr;
  return weierstrass_key(lib, c, *q, d.get());
}

Pkey peer_key(Curve c, std::span<const uint8_t> public_key) {
  if (!public_key_is_valid(c, public_key)) return nullptr;
  return is_weierstrass(c) ? weierstrass_key(nullptr, c, public_key, nullptr) : raw_public_key(c, public_key);
}

std::optional<std::vector<uint8_t>> ecdsa_sign(Curve c, std::span<const uint8_t> private_key,
                                               std::span<const uint8_t> digest, std::span<const uint8_t> entropy) {
  Context& ctx = context();
  Pkey key = key_pair(ctx.signing, c, private_key);
  if (!key) return std::nullopt;
  std::vector<uint8_t> seed(entropy.begin(), entropy.end());
  const OSSL_PARAM rand_params[] = {
      OSSL_PARAM_construct_octet_string(OSSL_RAND_PARAM_TEST_ENTROPY, seed.data(), seed.size()),
      OSSL_PARAM_construct_end()};
  PkeyCtx sign_ctx(EVP_PKEY_CTX_new_from_pkey(ctx.signing, key.get(), nullptr));
  size_t der_length = 0;
  if (!sign_ctx || EVP_RAND_CTX_set_params(RAND_get0_private(ctx.signing), rand_params) != 1 ||
      EVP_PKEY_sign_init(sign_ctx.get()) != 1 ||
      EVP_PKEY_sign(sign_ctx.get(), nullptr, &der_length, digest.data(), digest.size()) != 1) {
    OPENSSL_cleanse(seed.data(), seed.size());
    ERR_clear_error();
    return std::nullopt;
  }
  std::vector<uint8_t> der(der_length);
  const bool signed_ok = EVP_PKEY_sign(sign_ctx.get(), der.data(), &der_length, digest.data(), digest.size()) == 1;
  // The entropy fixed the nonce: it goes the way of the key.
  OPENSSL_cleanse(seed.data(), seed.size());
  if (!signed_ok) {
    ERR_clear_error();
    return std::nullopt;
  }
  const unsigned char* p = der.data();
  Sig sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der_length)));
  const size_t n = key_length(c);
  const int width = static_cast<int>(n);
  std::vector<uint8_t> out(2 * n);
  if (!sig || BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out.data(), width) != width ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out.data() + n, width) != width) {
    ERR_clear_error();
    return std::nullopt;
  }
  return out;
}

std::optional<std::vector<uint8_t>> ed25519_sign(std::span<const uint8_t> private_key,
                                                 std::span<const uint8_t> message) {
  Pkey key = raw_private_key(Curve::kEd25519, private_key);
  MdCtx md(EVP_MD_CTX_new());
  std::vector<uint8_t> out(2 * k25519Length);
  size_t length = out.size();
  if (!key || !md || EVP_DigestSignInit_ex(md.get(), nullptr, nullptr, nullptr, nullptr, key.get(), nullptr) != 1 ||
      EVP_DigestSign(md.get(), out.data(), &length, message.data(), message.size()) != 1 || length != out.size()) {
    ERR_clear_error();
    return std::nullopt;
  }
  return out;
}

bool ecdsa_verify(Curve c, std::span<const uint8_t> public_key, std::span<const uint8_t> digest,
                  std::span<const uint8_t> r_bytes, std::span<const uint8_t> s_bytes) {
  const size_t n = key_length(c);
  if (r_bytes.size() != n || s_bytes.size() != n) return false;
  Pkey key = peer_key(c, public_key);
  if (!key) return false;
  BIGNUM* r = BN_bin2bn(r_bytes.data(), static_cast<int>(n), nullptr);
  BIGNUM* s = BN_bin2bn(s_bytes.data(), static_cast<int>(n), nullptr);
  const BIGNUM* order = group(c).order;
  Sig sig(ECDSA_SIG_new());
  // 0 < r, s < n (SEC 1 4.1.4 step 1); OpenSSL checks it too, the model does not rely on that.
  if (r == nullptr || s == nullptr || !sig || BN_is_zero(r) || BN_is_zero(s) || BN_cmp(r, order) >= 0 ||
      BN_cmp(s, order) >= 0 || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ERR_clear_error();
    return false;
  }
  unsigned char* der = nullptr;
  const int der_length = i2d_ECDSA_SIG(sig.get(), &der);
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  const bool ok = der_length > 0 && ctx && EVP_PKEY_verify_init(ctx.get()) == 1 &&
                  EVP_PKEY_verify(ctx.get(), der, static_cast<size_t>(der_length), digest.data(), digest.size()) == 1;
  OPENSSL_free(der);
  ERR_clear_error();
  return ok;
}

bool ed25519_verify(std::span<const uint8_t> public_key, std::span<const uint8_t> message, std::span<const uint8_t> r,
                    std::span<const uint8_t> s) {
  if (r.size() != k25519Length || s.size() != k25519Length) return false;
  Pkey key = raw_public_key(Curve::kEd25519, public_key);
  MdCtx md(EVP_MD_CTX_new());
  std::array<uint8_t, 2 * k25519Length> signature{};
  std::copy(r.begin(), r.end(), signature.begin());
  std::copy(s.begin(), s.end(), signature.begin() + k25519Length);
  const bool ok = key && md &&
                  EVP_DigestVerifyInit_ex(md.get(), nullptr, nullptr, nullptr, nullptr, key.get(), nullptr) == 1 &&
                  EVP_DigestVerify(md.get(), signature.data(), signature.size(), message.data(), message.size()) == 1;
  ERR_clear_error();
  return ok;
}

}  // namespace

std::optional<Curve> curve_from_index(uint8_t index) {
  if (index >= kCurveCount) return std::nullopt;
  return kAllCurves[index];
}

std::string_view curve_name(Curve curve) {
  return info(curve).name;
}

bool is_weierstrass(Curve curve) {
  return curve != Curve::kX25519 && curve != Curve::kEd25519;
}

bool can_sign(Curve curve) {
  return curve != Curve::kX25519;
}

bool can_agree(Curve curve) {
  return curve != Curve::kEd25519;
}

size_t key_length(Curve curve) {
  return info(curve).key_length;
}

size_t public_key_length(Curve curve) {
  return is_weierstrass(curve) ? 2 * key_length(curve) : k25519Length;
}

std::optional<std::vector<uint8_t>> private_key_from_random(Curve curve, std::span<const uint8_t> random) {
  const size_t n = key_length(curve);
  if (random.size() != n) return std::nullopt;
  std::vector<uint8_t> key(random.begin(), random.end());
  if (!is_weierstrass(curve)) return key;
  const int excess = static_cast<int>(8 * n) - group(curve).order_bits;
  if (excess > 0) key[0] = static_cast<uint8_t>(key[0] & (0xFF >> excess));
  if (!private_key_is_valid(curve, key)) {
    OPENSSL_cleanse(key.data(), key.size());
    return std::nullopt;
  }
  return key;
}

bool private_key_is_valid(Curve curve, std::span<const uint8_t> private_key) {
  if (!is_weierstrass(curve)) return private_key.size() == k25519Length;
  return scalar(curve, private_key) != nullptr;
}

std::optional<std::vector<uint8_t>> public_key(Curve curve, std::span<const uint8_t> private_key) {
  if (is_weierstrass(curve)) {
    Bn d = scalar(curve, private_key);
    if (!d) return std::nullopt;
    return weierstrass_public(curve, d.get());
  }
  Pkey key = raw_private_key(curve, private_key);
  std::vector<uint8_t> out(k25519Length);
  size_t length = out.size();
  if (!key || EVP_PKEY_get_raw_public_key(key.get(), out.data(), &length) != 1 || length != out.size()) {
    ERR_clear_error();
    return std::nullopt;
  }
  return out;
}

bool public_key_is_valid(Curve curve, std::span<const uint8_t> public_key) {
  if (!is_weierstrass(curve)) return public_key.size() == k25519Length;
  return weierstrass_point_valid(curve, public_key);
}

std::optional<std::vector<uint8_t>> decompress_point(Curve curve, std::span<const uint8_t> x, bool y_is_odd) {
  if (!is_weierstrass(curve)) return std::nullopt;
  const size_t n = key_length(curve);
  if (x.size() != n) return std::nullopt;
  const Group& g = group(curve);
  Bn bx = integer(x);
  if (!bx || BN_cmp(bx.get(), g.prime) >= 0) return std::nullopt;
  Point q(EC_POINT_new(g.group));
  Bn ox(BN_new()), oy(BN_new());
  std::vector<uint8_t> out(2 * n);
  const int width = static_cast<int>(n);
  // OpenSSL solves y^2 = x^3 + ax + b and refuses an x with no square root.
  const bool ok =
      q && ox && oy &&
      EC_POINT_set_compressed_coordinates(g.group, q.get(), bx.get(), y_is_odd ? 1 : 0, context().scratch) == 1 &&
      EC_POINT_get_affine_coordinates(g.group, q.get(), ox.get(), oy.get(), context().scratch) == 1 &&
      BN_bn2binpad(ox.get(), out.data(), width) == width && BN_bn2binpad(oy.get(), out.data() + n, width) == width;
  ERR_clear_error();
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::vector<uint8_t>> shared_secret(Curve curve, std::span<const uint8_t> private_key,
                                                  std::span<const uint8_t> peer_public_key) {
  if (!can_agree(curve)) return std::nullopt;
  Pkey mine = key_pair(nullptr, curve, private_key);
  Pkey peer = peer_key(curve, peer_public_key);
  if (!mine || !peer) return std::nullopt;
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, mine.get(), nullptr));
  const size_t n = key_length(curve);
  std::vector<uint8_t> out(n);
  size_t length = out.size();
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 || EVP_PKEY_derive_set_peer(ctx.get(), peer.get()) != 1 ||
      EVP_PKEY_derive(ctx.get(), out.data(), &length) != 1 || length != n) {
    OPENSSL_cleanse(out.data(), out.size());
    ERR_clear_error();
    return std::nullopt;
  }
  return out;
}

std::optional<std::vector<uint8_t>> sign(Curve curve, std::span<const uint8_t> private_key,
                                         std::span<const uint8_t> message, std::span<const uint8_t> entropy) {
  if (curve == Curve::kEd25519) return ed25519_sign(private_key, message);
  if (!is_weierstrass(curve)) return std::nullopt;
  return ecdsa_sign(curve, private_key, message, entropy);
}

bool verify(Curve curve, std::span<const uint8_t> public_key, std::span<const uint8_t> message,
            std::span<const uint8_t> r, std::span<const uint8_t> s) {
  if (curve == Curve::kEd25519) return ed25519_verify(public_key, message, r, s);
  if (!is_weierstrass(curve)) return false;
  return ecdsa_verify(curve, public_key, message, r, s);
}

std::vector<uint8_t> group_order(Curve curve) {
  if (!is_weierstrass(curve)) return {};
  const size_t n = key_length(curve);
  std::vector<uint8_t> out(n);
  BN_bn2binpad(group(curve).order, out.data(), static_cast<int>(n));
  return out;
}

}  // namespace kb::sim::crypto::ec
