#pragma once
// What the crypto-command tests share: a chip image built field by field (then locked the way the
// fixtures do it, by lock bytes), and the test's own OpenSSL path for every expected value, kept
// apart from the model's Crypto++ code.
#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>

#include <cstdint>
#include <vector>

#include "simulator/atecc608a/eeprom.h"
#include "tests/unit/simulator/atecc608a/atecc_harness.h"

namespace kb::sim::atecc608a::test_support {

using Bytes = std::vector<uint8_t>;

inline constexpr uint8_t kOk = 0x00;
inline constexpr uint8_t kMiscompare = 0x01;
inline constexpr uint8_t kParse = 0x03;
inline constexpr uint8_t kSelfTestError = 0x07;
inline constexpr uint8_t kRefused = 0x0F;

// A factory image with the fields a test sets; apply() writes it into the chip.
class ChipImage {
 public:
  ChipImage() : image_(factory_image()) {}
  ChipImage& u16(size_t offset, uint16_t value) {
    image_.config[offset] = static_cast<uint8_t>(value);
    image_.config[offset + 1] = static_cast<uint8_t>(value >> 8);
    return *this;
  }
  ChipImage& byte(size_t offset, uint8_t value) {
    image_.config[offset] = value;
    return *this;
  }
  ChipImage& slot(size_t n, uint16_t slot_config, uint16_t key_config) {
    return u16(20 + 2 * n, slot_config).u16(96 + 2 * n, key_config);
  }
  ChipImage& slot_bytes(size_t n, size_t offset, const Bytes& bytes) {
    std::copy(bytes.begin(), bytes.end(), image_.data.begin() + static_cast<std::ptrdiff_t>(slot_offset(n) + offset));
    return *this;
  }
  // 72-byte public-key format: pad, X, pad, Y (fact sheet B7.4), first byte = validation nibble.
  ChipImage& public_key(size_t n, const Bytes& xy, uint8_t first_byte = 0x00) {
    Bytes stored(72, 0x00);
    stored[0] = first_byte;
    std::copy(xy.begin(), xy.begin() + 32, stored.begin() + 4);
    std::copy(xy.begin() + 32, xy.end(), stored.begin() + 40);
    return slot_bytes(n, 0, stored);
  }
  ChipImage& lock(bool config, bool data) {
    if (config) image_.config[87] = 0x00;
    if (data) image_.config[86] = 0x00;
    return *this;
  }
  void apply(AteccOnBus& b) const { b.chip.set_image(image_); }

 private:
  EepromImage image_;
};

inline Bytes repeat(uint8_t v, size_t n) {
  return Bytes(n, v);
}
inline Bytes concat(Bytes a, const Bytes& b) {
  for (uint8_t x : b) a.push_back(x);
  return a;
}
inline Bytes slice(const Bytes& b, size_t at, size_t n) {
  return {b.begin() + static_cast<std::ptrdiff_t>(at), b.begin() + static_cast<std::ptrdiff_t>(at + n)};
}

inline Bytes openssl_sha256(const Bytes& m) {
  Bytes out(32);
  unsigned int n = 32;
  EVP_Digest(m.data(), m.size(), out.data(), &n, EVP_sha256(), nullptr);
  return out;
}

inline Bytes openssl_hmac(const Bytes& key, const Bytes& m) {
  Bytes out(32);
  unsigned int n = 32;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), m.data(), m.size(), out.data(), &n);
  return out;
}

// One AES-128 ECB block.
inline Bytes openssl_aes(const Bytes& key, const Bytes& block, bool encrypt = true) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  Bytes out(32);
  int n = 0;
  EVP_CipherInit_ex(ctx, EVP_aes_128_ecb(), nullptr, key.data(), nullptr, encrypt ? 1 : 0);
  EVP_CIPHER_CTX_set_padding(ctx, 0);
  EVP_CipherUpdate(ctx, out.data(), &n, block.data(), static_cast<int>(block.size()));
  EVP_CIPHER_CTX_free(ctx);
  out.resize(16);
  return out;
}

// A fresh P-256 key pair from OpenSSL, with raw-digest ECDSA.
class HostKey {
 public:
  HostKey() : key_(EVP_EC_gen("P-256")) {
    BIGNUM *x = nullptr, *y = nullptr;
    EVP_PKEY_get_bn_param(key_, OSSL_PKEY_PARAM_EC_PUB_X, &x);
    EVP_PKEY_get_bn_param(key_, OSSL_PKEY_PARAM_EC_PUB_Y, &y);
    xy_.resize(64);
    BN_bn2binpad(x, xy_.data(), 32);
    BN_bn2binpad(y, xy_.data() + 32, 32);
    BN_free(x);
    BN_free(y);
  }
  ~HostKey() { EVP_PKEY_free(key_); }
  HostKey(const HostKey&) = delete;
  HostKey& operator=(const HostKey&) = delete;

  const Bytes& xy() const { return xy_; }
  Bytes sign(const Bytes& digest) const {
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(key_, nullptr);
    Bytes der(80);
    size_t n = der.size();
    EVP_PKEY_sign_init(ctx);
    EVP_PKEY_sign(ctx, der.data(), &n, digest.data(), digest.size());
    EVP_PKEY_CTX_free(ctx);
    const unsigned char* p = der.data();
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(n));
    Bytes rs(64);
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), rs.data(), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), rs.data() + 32, 32);
    ECDSA_SIG_free(sig);
    return rs;
  }

 private:
  EVP_PKEY* key_;
  Bytes xy_;
};

// An OpenSSL public key from X | Y (null when the point is not on the curve); the caller frees it.
inline EVP_PKEY* openssl_public_key(const Bytes& xy) {
  Bytes pub{0x04};
  pub = concat(pub, xy);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
  OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub.data(), pub.size());
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* from = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* key = nullptr;
  EVP_PKEY_fromdata_init(from);
  EVP_PKEY_fromdata(from, &key, EVP_PKEY_PUBLIC_KEY, params);
  EVP_PKEY_CTX_free(from);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  return key;
}

// ECDSA verification of R | S over a raw digest under X | Y, on OpenSSL.
inline bool openssl_verifies(const Bytes& xy, const Bytes& digest, const Bytes& rs) {
  EVP_PKEY* key = openssl_public_key(xy);
  if (key == nullptr) return false;
  ECDSA_SIG* sig = ECDSA_SIG_new();
  ECDSA_SIG_set0(sig, BN_bin2bn(rs.data(), 32, nullptr), BN_bin2bn(rs.data() + 32, 32, nullptr));
  unsigned char* der = nullptr;
  const int n = i2d_ECDSA_SIG(sig, &der);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(key, nullptr);
  const bool ok = EVP_PKEY_verify_init(ctx) == 1 &&
                  EVP_PKEY_verify(ctx, der, static_cast<size_t>(n), digest.data(), digest.size()) == 1;
  EVP_PKEY_CTX_free(ctx);
  OPENSSL_free(der);
  ECDSA_SIG_free(sig);
  EVP_PKEY_free(key);
  return ok;
}

// The 9-byte serial number: config bytes 0-3 then 8-12 (fact sheet B7.1).
inline Bytes serial_of(AteccOnBus& b) {
  const auto cfg = b.chip.eeprom().config();
  Bytes sn(cfg.begin(), cfg.begin() + 4);
  for (size_t i = 8; i < 13; ++i) sn.push_back(cfg[i]);
  return sn;
}

// The Sign-internal / Verify-validate message digest (cryptoauthlib atcah_sign_internal_msg):
// SHA-256(TempKey | 0x41 | other[0..9] | SN[8] | other[10..13] | SN[0..1] | other[14..18]).
inline Bytes internal_digest(const Bytes& temp_key, const Bytes& other, const Bytes& sn) {
  Bytes m = temp_key;
  m.push_back(0x41);
  m = concat(m, slice(other, 0, 10));
  m.push_back(sn[8]);
  m = concat(m, slice(other, 10, 4));
  m.push_back(sn[0]);
  m.push_back(sn[1]);
  m = concat(m, slice(other, 14, 5));
  EXPECT_EQ(m.size(), 55u);
  return openssl_sha256(m);
}

// Loads TempKey the way the model's GenDig / GenKey will (those commands are not modelled yet).
inline void inject_temp_key(AteccOnBus& b, const Bytes& value, uint8_t key_id, bool gen_dig, bool gen_key,
                            bool from_random = false) {
  TempKey& t = b.chip.mutable_volatile_state().temp_key;
  t = TempKey{};
  std::copy(value.begin(), value.end(), t.value.begin());
  t.valid = true;
  t.key_id = key_id;
  t.gen_dig_data = gen_dig;
  t.gen_key_data = gen_key;
  t.from_random = from_random;
}

}  // namespace kb::sim::atecc608a::test_support
