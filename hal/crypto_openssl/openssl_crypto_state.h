#pragma once
// Private to the OpenSSL backend: what one OpensslCrypto owns, and helpers its files share.
// Algorithms are fetched and the P-256 group is built once per process; fetching or building them
// per call (or per instance, which campaigns create by the thousand) costs more than the operation.
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <array>
#include <climits>
#include <memory>
#include <string>

#include "hal/crypto_openssl/openssl_crypto.h"

namespace kb::hal::openssl {

namespace detail {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, Free>>;

using CipherPtr = Owned<EVP_CIPHER, EVP_CIPHER_free>;
using CipherCtxPtr = Owned<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>;  // cleanses the key schedule
using MacPtr = Owned<EVP_MAC, EVP_MAC_free>;
using MacCtxPtr = Owned<EVP_MAC_CTX, EVP_MAC_CTX_free>;
using KdfPtr = Owned<EVP_KDF, EVP_KDF_free>;
using KdfCtxPtr = Owned<EVP_KDF_CTX, EVP_KDF_CTX_free>;
using MdPtr = Owned<EVP_MD, EVP_MD_free>;
using RandPtr = Owned<EVP_RAND, EVP_RAND_free>;
using RandCtxPtr = Owned<EVP_RAND_CTX, EVP_RAND_CTX_free>;
using PkeyPtr = Owned<EVP_PKEY, EVP_PKEY_free>;
using PkeyCtxPtr = Owned<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using GroupPtr = Owned<EC_GROUP, EC_GROUP_free>;
using PointPtr = Owned<EC_POINT, EC_POINT_clear_free>;
using BnPtr = Owned<BIGNUM, BN_clear_free>;  // scalars may be secret: always cleared
using BnCtxPtr = Owned<BN_CTX, BN_CTX_free>;

// AES with a 128- or 256-bit key, one fetched cipher each.
struct AesPair {
  CipherPtr aes128, aes256;
  const EVP_CIPHER* for_key(size_t key_size) const { return key_size == 16 ? aes128.get() : aes256.get(); }
};

inline bool is_aes_key(Bytes key) {
  return key.size() == 16 || key.size() == 32;
}

// OpenSSL counts bytes in int.
inline bool fits_int(size_t n) {
  return n <= static_cast<size_t>(INT_MAX);
}

// OpenSSL treats a null pointer as "no data" in places where the HAL means "zero bytes"; a
// zero-length span may carry one.
inline const unsigned char* data_or_empty(Bytes b) {
  static const unsigned char kNothing = 0;
  return b.empty() ? &kNothing : b.data();
}

// Zeroes a caller's buffer in a way the compiler may not drop.
inline void wipe(MutableBytes b) {
  if (!b.empty()) OPENSSL_cleanse(b.data(), b.size());
}

}  // namespace detail

namespace detail {

// Fetched algorithms and the P-256 group, built once per process: OpenSSL only reads them during
// an operation, so every instance (and thread) may share them.
struct Algorithms {
  AesPair ecb, cbc, ccm, gcm, wrap;
  MacPtr cmac, hmac;
  KdfPtr hkdf;
  MdPtr sha256;
  GroupPtr p256;
  const BIGNUM* order = nullptr;  // n, owned by the group
  BnPtr prime;                    // p, the field modulus
};

// Throws std::runtime_error (once, on first use) when libcrypto lacks one of them.
const Algorithms& algorithms();

}  // namespace detail

struct OpensslCrypto::State {
  const detail::AesPair& ecb = detail::algorithms().ecb;
  const detail::AesPair& cbc = detail::algorithms().cbc;
  const detail::AesPair& ccm = detail::algorithms().ccm;
  const detail::AesPair& gcm = detail::algorithms().gcm;
  const detail::AesPair& wrap = detail::algorithms().wrap;
  const detail::MacPtr& cmac = detail::algorithms().cmac;
  const detail::MacPtr& hmac = detail::algorithms().hmac;
  const detail::KdfPtr& hkdf = detail::algorithms().hkdf;
  const detail::MdPtr& sha256 = detail::algorithms().sha256;
  const detail::GroupPtr& p256 = detail::algorithms().p256;
  const BIGNUM* order = detail::algorithms().order;
  const detail::BnPtr& prime = detail::algorithms().prime;

  // Per instance: scratch and contexts OpenSSL writes to.
  detail::BnCtxPtr bn;
  detail::PkeyCtxPtr key_import;  // EVP_PKEY_fromdata for raw keys
  // The last P-256 public key a signature was verified with, imported once: a host checks many
  // signatures of one device key in a row. Keyed by its exact 64 bytes; holds no verdict.
  std::array<uint8_t, 64> verify_public{};
  detail::PkeyPtr verify_key;
  detail::PkeyCtxPtr verify_ctx;

  // Set only on a seeded instance: a Hash_DRBG whose entropy source is the seed.
  detail::RandCtxPtr seed_source;
  detail::RandCtxPtr seeded;

  std::string last_error;
  Console* log = nullptr;

  // Records what failed with OpenSSL's queued reasons (draining the queue) and returns r.
  CryptoResult fail(CryptoResult r, const char* what);
  // Fills out from the seeded generator, or from OpenSSL's DRBG (the private one when the bytes
  // become a key).
  bool draw(MutableBytes out, bool secret);
};

}  // namespace kb::hal::openssl
