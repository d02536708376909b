// P-256 on OpenSSL. Point work (public from private, ECDH, key checks) runs on the EC_POINT API
// with the instance's one EC_GROUP: EVP's derive would rebuild the group from its name for every
// key, which costs more than the multiplication. ECDSA runs through EVP_PKEY_sign / verify. The
// curve arithmetic is OpenSSL's in both cases.
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>

#include <algorithm>
#include <array>
#include <optional>

#include "hal/crypto_openssl/openssl_crypto.h"
#include "hal/crypto_openssl/openssl_crypto_state.h"

namespace kb::hal::openssl {

using namespace detail;

namespace {

constexpr size_t kScalar = 32;
using State = OpensslCrypto::State;

void free_openssl_bytes(unsigned char* p) {
  OPENSSL_free(p);
}

BnPtr big_endian(const unsigned char* bytes) {
  return BnPtr(BN_bin2bn(bytes, kScalar, nullptr));
}

// A private scalar must lie in [1, n-1]; 0 or anything >= n is not a key. Null when it is not, or
// when OpenSSL cannot allocate (*failed then says which).
BnPtr private_scalar(State& s, Bytes private32, bool& failed) {
  BnPtr d = big_endian(private32.data());
  failed = !d;
  if (!d || BN_is_zero(d.get()) || BN_cmp(d.get(), s.order) >= 0) return nullptr;
  BN_set_flags(d.get(), BN_FLG_CONSTTIME);
  return d;
}

// Both coordinates must be field elements (below p) and the point must satisfy the curve
// equation; OpenSSL's set_affine_coordinates checks the equation. P-256 has cofactor 1, so every
// such point is in the prime-order group. X || Y cannot spell the point at infinity: 0 || 0 is not
// on the curve (b != 0).
PointPtr public_point(State& s, Bytes public64) {
  BnPtr x = big_endian(public64.data());
  BnPtr y = big_endian(public64.data() + kScalar);
  PointPtr q(EC_POINT_new(s.p256.get()));
  if (!x || !y || !q || BN_cmp(x.get(), s.prime.get()) >= 0 || BN_cmp(y.get(), s.prime.get()) >= 0 ||
      EC_POINT_set_affine_coordinates(s.p256.get(), q.get(), x.get(), y.get(), s.bn.get()) != 1 ||
      EC_POINT_is_at_infinity(s.p256.get(), q.get()) == 1) {
    ERR_clear_error();  // a rejected point is the caller's problem, not a library failure
    return nullptr;
  }
  return q;
}

bool write_point(State& s, const EC_POINT* point, MutableBytes public64) {
  BnPtr x(BN_new()), y(BN_new());
  return x && y && EC_POINT_get_affine_coordinates(s.p256.get(), point, x.get(), y.get(), s.bn.get()) == 1 &&
         BN_bn2binpad(x.get(), public64.data(), kScalar) == kScalar &&
         BN_bn2binpad(y.get(), public64.data() + kScalar, kScalar) == kScalar;
}

bool write_base_multiple(State& s, const BIGNUM* d, MutableBytes public64) {
  PointPtr q(EC_POINT_new(s.p256.get()));
  return q && EC_POINT_mul(s.p256.get(), q.get(), d, nullptr, nullptr, s.bn.get()) == 1 &&
         write_point(s, q.get(), public64);
}

// An EVP key from raw parts: the private scalar (may be null) and the public key (may be empty).
// The scalar goes through a native-endian stack copy, which is wiped here; OpenSSL's own copy is
// cleared when the key is freed.
PkeyPtr make_key(State& s, const BIGNUM* d, Bytes public64) {
  std::array<unsigned char, kScalar> native{};
  std::array<unsigned char, 1 + 2 * kScalar> point{0x04};
  static char group_name[] = "prime256v1";
  OSSL_PARAM params[4];
  size_t n = 0;
  params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group_name, 0);
  if (d != nullptr) {
    if (BN_bn2nativepad(d, native.data(), kScalar) != kScalar) return nullptr;
    params[n++] = OSSL_PARAM_construct_BN(OSSL_PKEY_PARAM_PRIV_KEY, native.data(), native.size());
  }
  if (!public64.empty()) {
    std::copy(public64.begin(), public64.end(), point.begin() + 1);
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

}  // namespace

CryptoResult OpensslCrypto::p256_generate(MutableBytes private32, MutableBytes public64) {
  if (private32.size() != kScalar || public64.size() != 2 * kScalar) return CryptoResult::kInvalidArgument;
  State& s = *state_;
  // Rejection sampling: 32 random bytes until they are a valid scalar (FIPS 186-5 A.2.2). A draw
  // fails with probability about 2^-32, so the loop ends; the bound only guards a broken source.
  for (int attempt = 0; attempt < 64; ++attempt) {
    if (!s.draw(private32, /*secret=*/true)) break;
    bool failed = false;
    BnPtr d = private_scalar(s, private32, failed);
    if (failed) break;
    if (!d) continue;
    if (!write_base_multiple(s, d.get(), public64)) break;
    return CryptoResult::kOk;
  }
  wipe(private32);
  return s.fail(CryptoResult::kFailed, "P-256 key generation");
}

CryptoResult OpensslCrypto::p256_public_from_private(Bytes private32, MutableBytes public64) {
  if (private32.size() != kScalar || public64.size() != 2 * kScalar) return CryptoResult::kInvalidArgument;
  State& s = *state_;
  bool failed = false;
  BnPtr d = private_scalar(s, private32, failed);
  if (!d) return failed ? s.fail(CryptoResult::kFailed, "P-256 public key") : CryptoResult::kInvalidKey;
  if (!write_base_multiple(s, d.get(), public64)) return s.fail(CryptoResult::kFailed, "P-256 public key");
  return CryptoResult::kOk;
}

CryptoResult OpensslCrypto::p256_ecdh(Bytes private32, Bytes peer_public64, MutableBytes shared_x32) {
  if (private32.size() != kScalar || peer_public64.size() != 2 * kScalar || shared_x32.size() != kScalar) {
    return CryptoResult::kInvalidArgument;
  }
  State& s = *state_;
  bool failed = false;
  BnPtr d = private_scalar(s, private32, failed);
  if (failed) return s.fail(CryptoResult::kFailed, "P-256 ECDH");
  PointPtr peer = public_point(s, peer_public64);
  if (!d || !peer) return CryptoResult::kInvalidKey;
  // The same multiplication OpenSSL's ECDH derive performs (SP 800-56A: Z is the x coordinate).
  PointPtr shared(EC_POINT_new(s.p256.get()));
  BnPtr x(BN_new());
  if (!shared || !x || EC_POINT_mul(s.p256.get(), shared.get(), nullptr, peer.get(), d.get(), s.bn.get()) != 1 ||
      EC_POINT_is_at_infinity(s.p256.get(), shared.get()) == 1 ||
      EC_POINT_get_affine_coordinates(s.p256.get(), shared.get(), x.get(), nullptr, s.bn.get()) != 1 ||
      BN_bn2binpad(x.get(), shared_x32.data(), kScalar) != kScalar) {
    wipe(shared_x32);
    return s.fail(CryptoResult::kFailed, "P-256 ECDH");
  }
  return CryptoResult::kOk;
}

CryptoResult OpensslCrypto::p256_sign_digest(Bytes private32, Bytes digest32, MutableBytes signature64) {
  if (private32.size() != kScalar || digest32.size() != kScalar || signature64.size() != 2 * kScalar) {
    return CryptoResult::kInvalidArgument;
  }
  State& s = *state_;
  bool failed = false;
  BnPtr d = private_scalar(s, private32, failed);
  if (!d) return failed ? s.fail(CryptoResult::kFailed, "P-256 sign") : CryptoResult::kInvalidKey;
  PkeyPtr key = make_key(s, d.get(), {});
  PkeyCtxPtr ctx(key ? EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr) : nullptr);
  // A DER ECDSA-Sig-Value of two 256-bit integers is at most 72 bytes.
  std::array<unsigned char, 80> der{};
  size_t der_size = der.size();
  if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1 ||
      EVP_PKEY_sign(ctx.get(), der.data(), &der_size, digest32.data(), digest32.size()) != 1) {
    return s.fail(CryptoResult::kFailed, "P-256 sign");
  }
  const unsigned char* at = der.data();
  Owned<ECDSA_SIG, ECDSA_SIG_free> sig(d2i_ECDSA_SIG(nullptr, &at, static_cast<long>(der_size)));
  const BIGNUM* r = nullptr;
  const BIGNUM* s_value = nullptr;
  if (sig) ECDSA_SIG_get0(sig.get(), &r, &s_value);
  if (!sig || BN_bn2binpad(r, signature64.data(), kScalar) != kScalar ||
      BN_bn2binpad(s_value, signature64.data() + kScalar, kScalar) != kScalar) {
    wipe(signature64);
    return s.fail(CryptoResult::kFailed, "P-256 sign: decode the signature");
  }
  return CryptoResult::kOk;
}

CryptoResult OpensslCrypto::p256_verify_digest(Bytes public64, Bytes digest32, Bytes signature64) {
  if (public64.size() != 2 * kScalar || digest32.size() != kScalar || signature64.size() != 2 * kScalar) {
    return CryptoResult::kInvalidArgument;
  }
  State& s = *state_;
  if (!public_point(s, public64)) return CryptoResult::kInvalidKey;
  BnPtr r = big_endian(signature64.data());
  BnPtr s_value = big_endian(signature64.data() + kScalar);
  if (!r || !s_value) return s.fail(CryptoResult::kFailed, "P-256 verify");
  // r and s outside [1, n-1] are no signature (FIPS 186-5 6.4.2 step 1).
  if (BN_is_zero(r.get()) || BN_is_zero(s_value.get()) || BN_cmp(r.get(), s.order) >= 0 ||
      BN_cmp(s_value.get(), s.order) >= 0) {
    return CryptoResult::kVerifyFailed;
  }
  Owned<ECDSA_SIG, ECDSA_SIG_free> sig(ECDSA_SIG_new());
  if (!sig || ECDSA_SIG_set0(sig.get(), r.get(), s_value.get()) != 1) {
    return s.fail(CryptoResult::kFailed, "P-256 verify");
  }
  (void)r.release();  // owned by sig now
  (void)s_value.release();
  unsigned char* der = nullptr;
  const int der_size = i2d_ECDSA_SIG(sig.get(), &der);
  Owned<unsigned char, free_openssl_bytes> der_owner(der);
  if (!s.verify_ctx || !std::equal(public64.begin(), public64.end(), s.verify_public.begin())) {
    s.verify_ctx.reset();
    s.verify_key = make_key(s, nullptr, public64);
    if (s.verify_key) s.verify_ctx.reset(EVP_PKEY_CTX_new_from_pkey(nullptr, s.verify_key.get(), nullptr));
    if (s.verify_ctx) std::copy(public64.begin(), public64.end(), s.verify_public.begin());
  }
  EVP_PKEY_CTX* ctx = s.verify_ctx.get();
  if (der_size <= 0 || ctx == nullptr || EVP_PKEY_verify_init(ctx) != 1) {
    s.verify_ctx.reset();
    return s.fail(CryptoResult::kFailed, "P-256 verify");
  }
  const int verdict = EVP_PKEY_verify(ctx, der, static_cast<size_t>(der_size), digest32.data(), digest32.size());
  if (verdict == 1) return CryptoResult::kOk;
  if (verdict == 0) {
    ERR_clear_error();
    return CryptoResult::kVerifyFailed;
  }
  return s.fail(CryptoResult::kFailed, "P-256 verify");
}

}  // namespace kb::hal::openssl
