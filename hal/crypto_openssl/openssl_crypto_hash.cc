#include <openssl/core_names.h>

#include "hal/crypto_openssl/openssl_crypto.h"
#include "hal/crypto_openssl/openssl_crypto_state.h"

namespace kb::hal::openssl {

using namespace detail;

namespace {

constexpr size_t kDigest = 32;
constexpr size_t kMaxHkdfOutput = 255 * kDigest;

// OpenSSL's parameter API takes non-const pointers it only reads.
OSSL_PARAM octets(const char* name, Bytes b) {
  return OSSL_PARAM_construct_octet_string(name, const_cast<unsigned char*>(data_or_empty(b)), b.size());
}

char* sha256_name() {
  static char name[] = "SHA256";
  return name;
}

}  // namespace

CryptoResult OpensslCrypto::sha256(Bytes message, MutableBytes digest32) {
  if (digest32.size() != kDigest) return CryptoResult::kInvalidArgument;
  unsigned int written = 0;
  if (EVP_Digest(data_or_empty(message), message.size(), digest32.data(), &written, state_->sha256.get(), nullptr) !=
          1 ||
      written != kDigest) {
    return state_->fail(CryptoResult::kFailed, "SHA-256");
  }
  return CryptoResult::kOk;
}

CryptoResult OpensslCrypto::hmac_sha256(Bytes key, Bytes message, MutableBytes mac32) {
  if (mac32.size() != kDigest) return CryptoResult::kInvalidArgument;
  MacCtxPtr ctx(EVP_MAC_CTX_new(state_->hmac.get()));
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, sha256_name(), 0),
                               OSSL_PARAM_construct_end()};
  size_t written = 0;
  if (!ctx || EVP_MAC_init(ctx.get(), data_or_empty(key), key.size(), params) != 1 ||
      EVP_MAC_update(ctx.get(), data_or_empty(message), message.size()) != 1 ||
      EVP_MAC_final(ctx.get(), mac32.data(), &written, mac32.size()) != 1 || written != kDigest) {
    return state_->fail(CryptoResult::kFailed, "HMAC-SHA-256");
  }
  return CryptoResult::kOk;
}

CryptoResult OpensslCrypto::hkdf_sha256(Bytes salt, Bytes ikm, Bytes info, MutableBytes okm) {
  if (okm.empty() || okm.size() > kMaxHkdfOutput || info.size() > kMaxHkdfInfo) return CryptoResult::kInvalidArgument;
  KdfCtxPtr ctx(EVP_KDF_CTX_new(state_->hkdf.get()));
  // Without a salt parameter OpenSSL uses HashLen zero bytes, RFC 5869's "not provided".
  OSSL_PARAM params[5];
  size_t n = 0;
  params[n++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, sha256_name(), 0);
  params[n++] = octets(OSSL_KDF_PARAM_KEY, ikm);
  if (!salt.empty()) params[n++] = octets(OSSL_KDF_PARAM_SALT, salt);
  if (!info.empty()) params[n++] = octets(OSSL_KDF_PARAM_INFO, info);
  params[n] = OSSL_PARAM_construct_end();
  if (!ctx || EVP_KDF_derive(ctx.get(), okm.data(), okm.size(), params) != 1) {
    wipe(okm);
    return state_->fail(CryptoResult::kFailed, "HKDF-SHA-256");
  }
  return CryptoResult::kOk;
}

}  // namespace kb::hal::openssl
