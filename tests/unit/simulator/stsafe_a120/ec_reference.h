#pragma once
// The tests' own OpenSSL path for the eight curves of fact sheet 2.4, written apart from the
// model's wrapper (simulator/crypto/ec.cc) and from the host library: key pairs the test generates,
// signature checks and ECDH, on raw big-endian keys (X | Y, or the 32-byte key) and R | S.
// Curves are indexed like kb::sim::crypto::ec::Curve and kb::core::stsafe::EccCurve (same order).
#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace kb::test::ec_reference {

using Bytes = std::vector<uint8_t>;

struct CurveCase {
  const char* name;      // for test messages
  const char* group;     // OpenSSL group name, nullptr for X25519 / Ed25519
  const char* key_type;  // "EC", "X25519", "ED25519"
  size_t size;           // coordinate / key size
  Bytes curve_id;        // the fact sheet 2.4 curve identifier field
};

// Fact sheet 2.4, in the order of the curve enums.
inline const std::array<CurveCase, 8>& curves() {
  static const std::array<CurveCase, 8> c = {{
      {"NIST P-256", "P-256", "EC", 32, {0x00, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07}},
      {"NIST P-384", "P-384", "EC", 48, {0x00, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x22}},
      {"NIST P-521", "P-521", "EC", 66, {0x00, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x23}},
      {"Brainpool P-256r1",
       "brainpoolP256r1",
       "EC",
       32,
       {0x00, 0x09, 0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07}},
      {"Brainpool P-384r1",
       "brainpoolP384r1",
       "EC",
       48,
       {0x00, 0x09, 0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0B}},
      {"Brainpool P-512r1",
       "brainpoolP512r1",
       "EC",
       64,
       {0x00, 0x09, 0x2B, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0D}},
      {"X25519", nullptr, "X25519", 32, {0x00, 0x03, 0x2B, 0x65, 0x6E}},
      {"Ed25519", nullptr, "ED25519", 32, {0x00, 0x03, 0x2B, 0x65, 0x70}},
  }};
  return c;
}

inline constexpr size_t kX25519 = 6;
inline constexpr size_t kEd25519 = 7;
inline bool weierstrass(size_t curve) {
  return curve < kX25519;
}

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

struct KeyPair {
  Bytes private_key;
  Bytes public_key;  // raw
};

// A fresh key pair from OpenSSL's own generator.
inline KeyPair generate(size_t curve) {
  const CurveCase& c = curves()[curve];
  Pkey key(c.group != nullptr ? EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", c.group)
                              : EVP_PKEY_Q_keygen(nullptr, nullptr, c.key_type));
  KeyPair out;
  if (!key) {
    ADD_FAILURE() << "OpenSSL keygen failed for " << c.name;
    return out;
  }
  if (!weierstrass(curve)) {
    out.private_key.resize(32);
    out.public_key.resize(32);
    size_t a = 32, b = 32;
    EXPECT_EQ(EVP_PKEY_get_raw_private_key(key.get(), out.private_key.data(), &a), 1);
    EXPECT_EQ(EVP_PKEY_get_raw_public_key(key.get(), out.public_key.data(), &b), 1);
    return out;
  }
  Bytes point(1 + 2 * c.size);
  size_t length = 0;
  EXPECT_EQ(EVP_PKEY_get_octet_string_param(key.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size(), &length),
            1);
  EXPECT_EQ(length, point.size());
  EXPECT_EQ(point[0], 0x04);
  out.public_key.assign(point.begin() + 1, point.end());
  BIGNUM* d = nullptr;
  EXPECT_EQ(EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_PRIV_KEY, &d), 1);
  out.private_key.resize(c.size);
  BN_bn2binpad(d, out.private_key.data(), static_cast<int>(c.size));
  BN_clear_free(d);
  return out;
}

// An OpenSSL key from raw bytes: public only, or with the private key (Weierstrass: its public
// half must be given too).
inline Pkey make_key(size_t curve, const Bytes& public_key, const Bytes* private_key = nullptr) {
  const CurveCase& c = curves()[curve];
  if (!weierstrass(curve)) {
    EVP_PKEY* k =
        private_key != nullptr
            ? EVP_PKEY_new_raw_private_key_ex(nullptr, c.key_type, nullptr, private_key->data(), private_key->size())
            : EVP_PKEY_new_raw_public_key_ex(nullptr, c.key_type, nullptr, public_key.data(), public_key.size());
    return Pkey(k);
  }
  Bytes point{0x04};
  for (uint8_t b : public_key) point.push_back(b);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  BIGNUM* d =
      private_key != nullptr ? BN_bin2bn(private_key->data(), static_cast<int>(private_key->size()), nullptr) : nullptr;
  OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, c.group, 0);
  OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
  if (d != nullptr) OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d);
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* key = nullptr;
  if (ctx == nullptr || params == nullptr || EVP_PKEY_fromdata_init(ctx) != 1 ||
      EVP_PKEY_fromdata(ctx, &key, d != nullptr ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params) != 1) {
    key = nullptr;
  }
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  BN_clear_free(d);
  ERR_clear_error();
  return Pkey(key);
}

// True when r_s (R | S, each `size` bytes) is a valid signature of message: ECDSA over the message
// as the digest, Ed25519 over the message itself.
inline bool verify(size_t curve, const Bytes& public_key, const Bytes& message, const Bytes& r_s) {
  Pkey key = make_key(curve, public_key);
  if (!key) return false;
  bool ok = false;
  if (curve == kEd25519) {
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    ok = EVP_DigestVerifyInit_ex(md, nullptr, nullptr, nullptr, nullptr, key.get(), nullptr) == 1 &&
         EVP_DigestVerify(md, r_s.data(), r_s.size(), message.data(), message.size()) == 1;
    EVP_MD_CTX_free(md);
  } else {
    const size_t half = r_s.size() / 2;
    ECDSA_SIG* sig = ECDSA_SIG_new();
    ECDSA_SIG_set0(sig, BN_bin2bn(r_s.data(), static_cast<int>(half), nullptr),
                   BN_bin2bn(r_s.data() + half, static_cast<int>(half), nullptr));
    unsigned char* der = nullptr;
    const int der_length = i2d_ECDSA_SIG(sig, &der);
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr);
    ok = der_length > 0 && EVP_PKEY_verify_init(ctx) == 1 &&
         EVP_PKEY_verify(ctx, der, static_cast<size_t>(der_length), message.data(), message.size()) == 1;
    EVP_PKEY_CTX_free(ctx);
    OPENSSL_free(der);
    ECDSA_SIG_free(sig);
  }
  ERR_clear_error();
  return ok;
}

// Signs with OpenSSL (random nonce): R | S.
inline Bytes sign(size_t curve, const KeyPair& pair, const Bytes& message) {
  Pkey key = make_key(curve, pair.public_key, &pair.private_key);
  Bytes out;
  if (!key) return out;
  const size_t n = curves()[curve].size;
  if (curve == kEd25519) {
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    out.resize(64);
    size_t length = out.size();
    EVP_DigestSignInit_ex(md, nullptr, nullptr, nullptr, nullptr, key.get(), nullptr);
    EVP_DigestSign(md, out.data(), &length, message.data(), message.size());
    EVP_MD_CTX_free(md);
    return out;
  }
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr);
  size_t length = 0;
  EVP_PKEY_sign_init(ctx);
  EVP_PKEY_sign(ctx, nullptr, &length, message.data(), message.size());
  Bytes der(length);
  EVP_PKEY_sign(ctx, der.data(), &length, message.data(), message.size());
  EVP_PKEY_CTX_free(ctx);
  const unsigned char* p = der.data();
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(length));
  out.resize(2 * n);
  BN_bn2binpad(ECDSA_SIG_get0_r(sig), out.data(), static_cast<int>(n));
  BN_bn2binpad(ECDSA_SIG_get0_s(sig), out.data() + n, static_cast<int>(n));
  ECDSA_SIG_free(sig);
  return out;
}

// ECDH (X25519): the shared x-coordinate, or empty when OpenSSL refuses.
inline Bytes ecdh(size_t curve, const KeyPair& mine, const Bytes& peer_public) {
  Pkey key = make_key(curve, mine.public_key, &mine.private_key);
  Pkey peer = make_key(curve, peer_public);
  Bytes out;
  if (!key || !peer) return out;
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr);
  size_t length = 0;
  if (EVP_PKEY_derive_init(ctx) == 1 && EVP_PKEY_derive_set_peer(ctx, peer.get()) == 1 &&
      EVP_PKEY_derive(ctx, nullptr, &length) == 1) {
    out.resize(length);
    if (EVP_PKEY_derive(ctx, out.data(), &length) != 1) out.clear();
  }
  EVP_PKEY_CTX_free(ctx);
  ERR_clear_error();
  return out;
}

// The public key field of fact sheet 2.4 for a raw key.
inline Bytes public_key_field(size_t curve, const Bytes& public_key) {
  const size_t n = curves()[curve].size;
  Bytes out;
  auto be16 = [&out](size_t v) {
    out.push_back(static_cast<uint8_t>(v >> 8));
    out.push_back(static_cast<uint8_t>(v));
  };
  if (!weierstrass(curve)) {
    be16(n);
    for (uint8_t b : public_key) out.push_back(b);
    return out;
  }
  out.push_back(0x04);
  be16(n);
  for (size_t i = 0; i < n; ++i) out.push_back(public_key[i]);
  be16(n);
  for (size_t i = n; i < 2 * n; ++i) out.push_back(public_key[i]);
  return out;
}

// len | R | len | S from R | S.
inline Bytes signature_field(const Bytes& r_s) {
  const size_t half = r_s.size() / 2;
  Bytes out;
  out.push_back(static_cast<uint8_t>(half >> 8));
  out.push_back(static_cast<uint8_t>(half));
  for (size_t i = 0; i < half; ++i) out.push_back(r_s[i]);
  out.push_back(static_cast<uint8_t>(half >> 8));
  out.push_back(static_cast<uint8_t>(half));
  for (size_t i = half; i < 2 * half; ++i) out.push_back(r_s[i]);
  return out;
}

}  // namespace kb::test::ec_reference
