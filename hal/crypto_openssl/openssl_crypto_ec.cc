// The ec_* methods on OpenSSL: NIST P-256/384/521 and Brainpool P-256r1/384r1/512r1 (points and
// scalars on the EC_POINT API with one EC_GROUP per curve and process, ECDSA through EVP_PKEY_sign /
// verify), X25519 and Ed25519 through EVP's raw keys. The arithmetic is OpenSSL's throughout.
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>

#include <array>
#include <vector>

#include "hal/crypto_openssl/openssl_crypto.h"
#include "hal/crypto_openssl/openssl_crypto_state.h"

namespace kb::hal::openssl {

using namespace detail;

namespace {

using State = OpensslCrypto::State;
constexpr size_t kMaxScalar = 66;  // P-521

struct Weierstrass {
  int nid;
  const char* group_name;  // OSSL_PKEY_PARAM_GROUP_NAME
};

Weierstrass weierstrass(EcCurve curve) {
  switch (curve) {
    case EcCurve::kNistP256: return {NID_X9_62_prime256v1, "prime256v1"};
    case EcCurve::kNistP384: return {NID_secp384r1, "secp384r1"};
    case EcCurve::kNistP521: return {NID_secp521r1, "secp521r1"};
    case EcCurve::kBrainpoolP256r1: return {NID_brainpoolP256r1, "brainpoolP256r1"};
    case EcCurve::kBrainpoolP384r1: return {NID_brainpoolP384r1, "brainpoolP384r1"};
    case EcCurve::kBrainpoolP512r1: return {NID_brainpoolP512r1, "brainpoolP512r1"};
    case EcCurve::kX25519:
    case EcCurve::kEd25519: break;
  }
  return {NID_undef, ""};
}

bool known_curve(EcCurve curve) {
  return static_cast<uint8_t>(curve) <= static_cast<uint8_t>(EcCurve::kEd25519);
}

// One group per Weierstrass curve, with its order and field prime, built on first use and shared
// read-only by every instance (as the P-256 group of openssl_crypto.cc is).
struct Group {
  GroupPtr group;
  const BIGNUM* order = nullptr;
  BnPtr prime;
};

const Group* group_of(EcCurve curve) {
  static const std::array<Group, 6> groups = [] {
    std::array<Group, 6> g;
    for (size_t i = 0; i < g.size(); ++i) {
      g[i].group.reset(EC_GROUP_new_by_curve_name(weierstrass(static_cast<EcCurve>(i)).nid));
      g[i].prime.reset(BN_new());
      if (!g[i].group || !g[i].prime ||
          EC_GROUP_get_curve(g[i].group.get(), g[i].prime.get(), nullptr, nullptr, nullptr) != 1) {
        g[i].group.reset();
        continue;
      }
      g[i].order = EC_GROUP_get0_order(g[i].group.get());
    }
    ERR_clear_error();
    return g;
  }();
  if (!ec_is_weierstrass(curve)) return nullptr;
  const Group& g = groups[static_cast<size_t>(curve)];
  return g.group && g.order != nullptr ? &g : nullptr;
}

BnPtr big_endian(Bytes bytes) {
  return BnPtr(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
}

// 1 <= d < n, else null (failed says when OpenSSL could not allocate).
BnPtr private_scalar(const Group& g, Bytes key, bool& failed) {
  BnPtr d = big_endian(key);
  failed = !d;
  if (!d || BN_is_zero(d.get()) || BN_cmp(d.get(), g.order) >= 0) return nullptr;
  BN_set_flags(d.get(), BN_FLG_CONSTTIME);
  return d;
}

// Both coordinates below p and the point on the curve (every curve here has cofactor 1, so that is
// the prime-order group); null otherwise.
PointPtr public_point(State& s, const Group& g, Bytes xy) {
  const size_t half = xy.size() / 2;
  BnPtr x = big_endian(xy.first(half));
  BnPtr y = big_endian(xy.subspan(half));
  PointPtr q(EC_POINT_new(g.group.get()));
  if (!x || !y || !q || BN_cmp(x.get(), g.prime.get()) >= 0 || BN_cmp(y.get(), g.prime.get()) >= 0 ||
      EC_POINT_set_affine_coordinates(g.group.get(), q.get(), x.get(), y.get(), s.bn.get()) != 1 ||
      EC_POINT_is_at_infinity(g.group.get(), q.get()) == 1) {
    ERR_clear_error();
    return nullptr;
  }
  return q;
}

bool write_point(State& s, const Group& g, const EC_POINT* point, MutableBytes xy) {
  const int half = static_cast<int>(xy.size() / 2);
  BnPtr x(BN_new()), y(BN_new());
  return x && y && EC_POINT_get_affine_coordinates(g.group.get(), point, x.get(), y.get(), s.bn.get()) == 1 &&
         BN_bn2binpad(x.get(), xy.data(), half) == half && BN_bn2binpad(y.get(), xy.data() + half, half) == half;
}

// An EVP key from a private scalar (may be null) or a public point X || Y (may be empty).
PkeyPtr make_key(State& s, EcCurve curve, const BIGNUM* d, Bytes xy) {
  char* group_name = const_cast<char*>(weierstrass(curve).group_name);
  std::array<unsigned char, kMaxScalar> native{};
  std::vector<unsigned char> point;
  OSSL_PARAM params[4];
  size_t n = 0;
  params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group_name, 0);
  const int scalar = static_cast<int>(ec_private_key_bytes(curve));
  if (d != nullptr) {
    if (BN_bn2nativepad(d, native.data(), scalar) != scalar) return nullptr;
    params[n++] = OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_PRIV_KEY, native.data(), static_cast<size_t>(scalar));
  }
  if (!xy.empty()) {
    point.reserve(1 + xy.size());
    point.push_back(0x04);
    for (uint8_t b : xy) point.push_back(b);
    params[n++] = OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
  }
  params[n] = OSSL_PARAM_construct_end();
  EVP_PKEY* key = nullptr;
  const int selection = d != nullptr ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY;
  const bool ok = EVP_PKEY_fromdata_init(s.key_import.get()) == 1 &&
                  EVP_PKEY_fromdata(s.key_import.get(), &key, selection, params) == 1;
  OPENSSL_cleanse(native.data(), native.size());
  if (!ok) {
    EVP_PKEY_free(key);
    return nullptr;
  }
  return PkeyPtr(key);
}

void free_openssl_bytes(unsigned char* p) {
  OPENSSL_free(p);
}

int raw_type(EcCurve curve) {
  return curve == EcCurve::kX25519 ? EVP_PKEY_X25519 : EVP_PKEY_ED25519;
}

PkeyPtr raw_private(EcCurve curve, Bytes key) {
  return PkeyPtr(EVP_PKEY_new_raw_private_key(raw_type(curve), nullptr, key.data(), key.size()));
}

PkeyPtr raw_public(EcCurve curve, Bytes key) {
  return PkeyPtr(EVP_PKEY_new_raw_public_key(raw_type(curve), nullptr, key.data(), key.size()));
}

}  // namespace

CryptoResult OpensslCrypto::ec_generate(EcCurve curve, MutableBytes private_key, MutableBytes public_key) {
  if (!known_curve(curve) || private_key.size() != ec_private_key_bytes(curve) ||
      public_key.size() != ec_public_key_bytes(curve)) {
    return CryptoResult::kInvalidArgument;
  }
  State& s = *state_;
  if (!ec_is_weierstrass(curve)) {
    // Every 32-byte string is an X25519 / Ed25519 private key (RFC 7748 clamps, RFC 8032 hashes).
    size_t length = public_key.size();
    PkeyPtr key;
    if (s.draw(private_key, /*secret=*/true)) key = raw_private(curve, private_key);
    if (!key || EVP_PKEY_get_raw_public_key(key.get(), public_key.data(), &length) != 1 || length != 32) {
      wipe(private_key);
      return s.fail(CryptoResult::kFailed, "key generation");
    }
    return CryptoResult::kOk;
  }
  const Group* g = group_of(curve);
  if (g == nullptr) return s.fail(CryptoResult::kUnsupported, ec_curve_name(curve));
  // Rejection sampling as for P-256 (FIPS 186-5 A.2.2); P-521's 66 bytes carry 521 bits, so the top
  // byte keeps its lowest bit only and a draw succeeds about half the time.
  for (int attempt = 0; attempt < 256; ++attempt) {
    if (!s.draw(private_key, /*secret=*/true)) break;
    if (curve == EcCurve::kNistP521) private_key[0] &= 0x01;
    bool failed = false;
    BnPtr d = private_scalar(*g, private_key, failed);
    if (failed) break;
    if (!d) continue;
    PointPtr q(EC_POINT_new(g->group.get()));
    if (!q || EC_POINT_mul(g->group.get(), q.get(), d.get(), nullptr, nullptr, s.bn.get()) != 1 ||
        !write_point(s, *g, q.get(), public_key)) {
      break;
    }
    return CryptoResult::kOk;
  }
  wipe(private_key);
  return s.fail(CryptoResult::kFailed, "key generation");
}

CryptoResult OpensslCrypto::ec_ecdh(EcCurve curve, Bytes private_key, Bytes peer_public, MutableBytes shared) {
  if (!known_curve(curve) || curve == EcCurve::kEd25519 || private_key.size() != ec_private_key_bytes(curve) ||
      peer_public.size() != ec_public_key_bytes(curve) || shared.size() != ec_shared_secret_bytes(curve)) {
    return CryptoResult::kInvalidArgument;
  }
  State& s = *state_;
  if (curve == EcCurve::kX25519) {
    PkeyPtr own = raw_private(curve, private_key);
    PkeyPtr peer = raw_public(curve, peer_public);
    if (!own || !peer) return s.fail(CryptoResult::kFailed, "X25519");
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own.get(), nullptr));
    size_t length = shared.size();
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1) return s.fail(CryptoResult::kFailed, "X25519");
    // OpenSSL refuses a peer of small order (an all-zero result, RFC 7748 section 6.1).
    if (EVP_PKEY_derive_set_peer(ctx.get(), peer.get()) != 1 ||
        EVP_PKEY_derive(ctx.get(), shared.data(), &length) != 1 || length != shared.size()) {
      ERR_clear_error();
      wipe(shared);
      return CryptoResult::kInvalidKey;
    }
    return CryptoResult::kOk;
  }
  const Group* g = group_of(curve);
  if (g == nullptr) return s.fail(CryptoResult::kUnsupported, ec_curve_name(curve));
  bool failed = false;
  BnPtr d = private_scalar(*g, private_key, failed);
  if (failed) return s.fail(CryptoResult::kFailed, "ECDH");
  PointPtr peer = public_point(s, *g, peer_public);
  if (!d || !peer) return CryptoResult::kInvalidKey;
  // SP 800-56A's Z: the x-coordinate of d * Q, padded to the field's size.
  PointPtr z(EC_POINT_new(g->group.get()));
  BnPtr x(BN_new());
  const int size = static_cast<int>(shared.size());
  if (!z || !x || EC_POINT_mul(g->group.get(), z.get(), nullptr, peer.get(), d.get(), s.bn.get()) != 1 ||
      EC_POINT_is_at_infinity(g->group.get(), z.get()) == 1 ||
      EC_POINT_get_affine_coordinates(g->group.get(), z.get(), x.get(), nullptr, s.bn.get()) != 1 ||
      BN_bn2binpad(x.get(), shared.data(), size) != size) {
    wipe(shared);
    return s.fail(CryptoResult::kFailed, "ECDH");
  }
  return CryptoResult::kOk;
}

CryptoResult OpensslCrypto::ec_sign(EcCurve curve, Bytes private_key, Bytes digest_or_message, MutableBytes signature) {
  if (!known_curve(curve) || curve == EcCurve::kX25519 || private_key.size() != ec_private_key_bytes(curve) ||
      signature.size() != ec_signature_bytes(curve) || !fits_int(digest_or_message.size())) {
    return CryptoResult::kInvalidArgument;
  }
  State& s = *state_;
  if (curve == EcCurve::kEd25519) {
    PkeyPtr key = raw_private(curve, private_key);
    Owned<EVP_MD_CTX, EVP_MD_CTX_free> md(EVP_MD_CTX_new());
    size_t length = signature.size();
    if (!key || !md || EVP_DigestSignInit(md.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
        EVP_DigestSign(md.get(), signature.data(), &length, data_or_empty(digest_or_message),
                       digest_or_message.size()) != 1 ||
        length != signature.size()) {
      wipe(signature);
      return s.fail(CryptoResult::kFailed, "Ed25519 sign");
    }
    return CryptoResult::kOk;
  }
  if (digest_or_message.empty() || digest_or_message.size() > 64) return CryptoResult::kInvalidArgument;
  const Group* g = group_of(curve);
  if (g == nullptr) return s.fail(CryptoResult::kUnsupported, ec_curve_name(curve));
  bool failed = false;
  BnPtr d = private_scalar(*g, private_key, failed);
  if (!d) return failed ? s.fail(CryptoResult::kFailed, "ECDSA sign") : CryptoResult::kInvalidKey;
  PkeyPtr key = make_key(s, curve, d.get(), {});
  PkeyCtxPtr ctx(key ? EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr) : nullptr);
  std::array<unsigned char, 160> der{};  // an ECDSA-Sig-Value of two 521-bit integers is at most 139 bytes
  size_t der_size = der.size();
  if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1 ||
      EVP_PKEY_sign(ctx.get(), der.data(), &der_size, digest_or_message.data(), digest_or_message.size()) != 1) {
    return s.fail(CryptoResult::kFailed, "ECDSA sign");
  }
  const unsigned char* at = der.data();
  Owned<ECDSA_SIG, ECDSA_SIG_free> sig(d2i_ECDSA_SIG(nullptr, &at, static_cast<long>(der_size)));
  const BIGNUM* r = nullptr;
  const BIGNUM* s_value = nullptr;
  if (sig) ECDSA_SIG_get0(sig.get(), &r, &s_value);
  const int half = static_cast<int>(signature.size() / 2);
  if (!sig || BN_bn2binpad(r, signature.data(), half) != half ||
      BN_bn2binpad(s_value, signature.data() + half, half) != half) {
    wipe(signature);
    return s.fail(CryptoResult::kFailed, "ECDSA sign: decode the signature");
  }
  return CryptoResult::kOk;
}

CryptoResult OpensslCrypto::ec_verify(EcCurve curve, Bytes public_key, Bytes digest_or_message, Bytes signature) {
  if (!known_curve(curve) || curve == EcCurve::kX25519 || public_key.size() != ec_public_key_bytes(curve) ||
      signature.size() != ec_signature_bytes(curve) || !fits_int(digest_or_message.size())) {
    return CryptoResult::kInvalidArgument;
  }
  State& s = *state_;
  if (curve == EcCurve::kEd25519) {
    PkeyPtr key = raw_public(curve, public_key);
    if (!key) {
      ERR_clear_error();
      return CryptoResult::kInvalidKey;
    }
    Owned<EVP_MD_CTX, EVP_MD_CTX_free> md(EVP_MD_CTX_new());
    if (!md || EVP_DigestVerifyInit(md.get(), nullptr, nullptr, nullptr, key.get()) != 1) {
      return s.fail(CryptoResult::kFailed, "Ed25519 verify");
    }
    const int verdict = EVP_DigestVerify(md.get(), signature.data(), signature.size(), data_or_empty(digest_or_message),
                                         digest_or_message.size());
    ERR_clear_error();  // a bad point or signature is a verdict, not a library failure
    return verdict == 1 ? CryptoResult::kOk : CryptoResult::kVerifyFailed;
  }
  if (digest_or_message.empty() || digest_or_message.size() > 64) return CryptoResult::kInvalidArgument;
  const Group* g = group_of(curve);
  if (g == nullptr) return s.fail(CryptoResult::kUnsupported, ec_curve_name(curve));
  if (!public_point(s, *g, public_key)) return CryptoResult::kInvalidKey;
  const size_t half = signature.size() / 2;
  BnPtr r = big_endian(signature.first(half));
  BnPtr s_value = big_endian(signature.subspan(half));
  if (!r || !s_value) return s.fail(CryptoResult::kFailed, "ECDSA verify");
  if (BN_is_zero(r.get()) || BN_is_zero(s_value.get()) || BN_cmp(r.get(), g->order) >= 0 ||
      BN_cmp(s_value.get(), g->order) >= 0) {
    return CryptoResult::kVerifyFailed;
  }
  Owned<ECDSA_SIG, ECDSA_SIG_free> sig(ECDSA_SIG_new());
  if (!sig || ECDSA_SIG_set0(sig.get(), r.get(), s_value.get()) != 1)
    return s.fail(CryptoResult::kFailed, "ECDSA verify");
  (void)r.release();  // owned by sig now
  (void)s_value.release();
  unsigned char* der = nullptr;
  const int der_size = i2d_ECDSA_SIG(sig.get(), &der);
  Owned<unsigned char, free_openssl_bytes> der_owner(der);
  PkeyPtr key = make_key(s, curve, nullptr, public_key);
  PkeyCtxPtr ctx(key ? EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr) : nullptr);
  if (der_size <= 0 || !ctx || EVP_PKEY_verify_init(ctx.get()) != 1)
    return s.fail(CryptoResult::kFailed, "ECDSA verify");
  const int verdict = EVP_PKEY_verify(ctx.get(), der, static_cast<size_t>(der_size), digest_or_message.data(),
                                      digest_or_message.size());
  if (verdict == 1) return CryptoResult::kOk;
  if (verdict == 0) {
    ERR_clear_error();
    return CryptoResult::kVerifyFailed;
  }
  return s.fail(CryptoResult::kFailed, "ECDSA verify");
}

}  // namespace kb::hal::openssl
