#pragma once
// The OpenSSL backend with one change: p256_generate always returns the host ephemeral key of the
// fact sheet's deterministic vector (private key 32 x 22, section 4.6), so a whole KEK or ECDHE
// exchange can be held to that vector byte for byte.
#include <algorithm>
#include <cstdint>

#include "hal/crypto.h"
#include "hal/crypto_openssl/openssl_crypto.h"

namespace kb::test {

class FixedEphemeralCrypto final : public hal::Crypto {
 public:
  using Bytes = hal::Bytes;
  using MutableBytes = hal::MutableBytes;
  using R = hal::CryptoResult;

  R aes_ecb_encrypt(Bytes k, Bytes in, MutableBytes out) override { return c_.aes_ecb_encrypt(k, in, out); }
  R aes_ecb_decrypt(Bytes k, Bytes in, MutableBytes out) override { return c_.aes_ecb_decrypt(k, in, out); }
  R aes_cbc_encrypt(Bytes k, Bytes iv, Bytes in, MutableBytes out) override {
    return c_.aes_cbc_encrypt(k, iv, in, out);
  }
  R aes_cbc_decrypt(Bytes k, Bytes iv, Bytes in, MutableBytes out) override {
    return c_.aes_cbc_decrypt(k, iv, in, out);
  }
  R aes_cmac(Bytes k, Bytes m, MutableBytes tag) override { return c_.aes_cmac(k, m, tag); }
  R aes_ccm_encrypt(Bytes k, Bytes n, Bytes a, Bytes p, MutableBytes c, MutableBytes t) override {
    return c_.aes_ccm_encrypt(k, n, a, p, c, t);
  }
  R aes_ccm_decrypt(Bytes k, Bytes n, Bytes a, Bytes c, Bytes t, MutableBytes p) override {
    return c_.aes_ccm_decrypt(k, n, a, c, t, p);
  }
  R aes_key_wrap(Bytes kek, Bytes in, MutableBytes out) override { return c_.aes_key_wrap(kek, in, out); }
  R aes_key_unwrap(Bytes kek, Bytes in, MutableBytes out) override { return c_.aes_key_unwrap(kek, in, out); }
  R sha256(Bytes m, MutableBytes d) override { return c_.sha256(m, d); }
  R hmac_sha256(Bytes k, Bytes m, MutableBytes mac) override { return c_.hmac_sha256(k, m, mac); }
  R hkdf_sha256(Bytes s, Bytes ikm, Bytes info, MutableBytes okm) override { return c_.hkdf_sha256(s, ikm, info, okm); }
  R p256_generate(MutableBytes private32, MutableBytes public64) override {
    ++generated;
    std::fill(private32.begin(), private32.end(), uint8_t{0x22});
    return c_.p256_public_from_private(private32, public64);
  }
  R p256_public_from_private(Bytes priv, MutableBytes pub) override { return c_.p256_public_from_private(priv, pub); }
  R p256_ecdh(Bytes priv, Bytes peer, MutableBytes x) override { return c_.p256_ecdh(priv, peer, x); }
  R p256_sign_digest(Bytes priv, Bytes d, MutableBytes sig) override { return c_.p256_sign_digest(priv, d, sig); }
  R p256_verify_digest(Bytes pub, Bytes d, Bytes sig) override { return c_.p256_verify_digest(pub, d, sig); }
  R random(MutableBytes out) override { return c_.random(out); }
  R ec_sign(hal::EcCurve curve, Bytes priv, Bytes m, MutableBytes sig) override {
    return c_.ec_sign(curve, priv, m, sig);
  }
  R ec_verify(hal::EcCurve curve, Bytes pub, Bytes m, Bytes sig) override { return c_.ec_verify(curve, pub, m, sig); }

  int generated = 0;

 private:
  hal::openssl::OpensslCrypto c_{7};
};

}  // namespace kb::test
