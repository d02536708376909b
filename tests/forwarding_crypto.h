#pragma once
// A platform crypto that hands every call to another one. Tests derive from it and override the
// one operation they spoil, so everything else stays the real backend's.
#include "hal/crypto.h"

namespace kb::test {

class ForwardingCrypto : public hal::Crypto {
 public:
  using Bytes = hal::Bytes;
  using MutableBytes = hal::MutableBytes;
  using R = hal::CryptoResult;

  explicit ForwardingCrypto(hal::Crypto& inner) : inner_(inner) {}

  R aes_ecb_encrypt(Bytes k, Bytes in, MutableBytes out) override { return inner_.aes_ecb_encrypt(k, in, out); }
  R aes_ecb_decrypt(Bytes k, Bytes in, MutableBytes out) override { return inner_.aes_ecb_decrypt(k, in, out); }
  R aes_cbc_encrypt(Bytes k, Bytes iv, Bytes in, MutableBytes out) override {
    return inner_.aes_cbc_encrypt(k, iv, in, out);
  }
  R aes_cbc_decrypt(Bytes k, Bytes iv, Bytes in, MutableBytes out) override {
    return inner_.aes_cbc_decrypt(k, iv, in, out);
  }
  R aes_cmac(Bytes k, Bytes m, MutableBytes tag16) override { return inner_.aes_cmac(k, m, tag16); }
  R aes_ccm_encrypt(Bytes k, Bytes n, Bytes a, Bytes p, MutableBytes c, MutableBytes t) override {
    return inner_.aes_ccm_encrypt(k, n, a, p, c, t);
  }
  R aes_ccm_decrypt(Bytes k, Bytes n, Bytes a, Bytes c, Bytes t, MutableBytes p) override {
    return inner_.aes_ccm_decrypt(k, n, a, c, t, p);
  }
  R aes_key_wrap(Bytes kek, Bytes in, MutableBytes out) override { return inner_.aes_key_wrap(kek, in, out); }
  R aes_key_unwrap(Bytes kek, Bytes in, MutableBytes out) override { return inner_.aes_key_unwrap(kek, in, out); }
  R sha256(Bytes m, MutableBytes d) override { return inner_.sha256(m, d); }
  R hmac_sha256(Bytes k, Bytes m, MutableBytes mac) override { return inner_.hmac_sha256(k, m, mac); }
  R hkdf_sha256(Bytes salt, Bytes ikm, Bytes info, MutableBytes okm) override {
    return inner_.hkdf_sha256(salt, ikm, info, okm);
  }
  R p256_generate(MutableBytes priv, MutableBytes pub) override { return inner_.p256_generate(priv, pub); }
  R p256_public_from_private(Bytes priv, MutableBytes pub) override {
    return inner_.p256_public_from_private(priv, pub);
  }
  R p256_ecdh(Bytes priv, Bytes peer, MutableBytes x) override { return inner_.p256_ecdh(priv, peer, x); }
  R p256_sign_digest(Bytes priv, Bytes d, MutableBytes sig) override { return inner_.p256_sign_digest(priv, d, sig); }
  R p256_verify_digest(Bytes pub, Bytes d, Bytes sig) override { return inner_.p256_verify_digest(pub, d, sig); }
  R random(MutableBytes out) override { return inner_.random(out); }
  R ec_generate(hal::EcCurve c, MutableBytes priv, MutableBytes pub) override {
    return inner_.ec_generate(c, priv, pub);
  }
  R ec_ecdh(hal::EcCurve c, Bytes priv, Bytes peer, MutableBytes shared) override {
    return inner_.ec_ecdh(c, priv, peer, shared);
  }
  R ec_sign(hal::EcCurve c, Bytes priv, Bytes m, MutableBytes sig) override { return inner_.ec_sign(c, priv, m, sig); }
  R ec_verify(hal::EcCurve c, Bytes pub, Bytes m, Bytes sig) override { return inner_.ec_verify(c, pub, m, sig); }
  R aes_gcm_encrypt(Bytes k, Bytes iv, Bytes a, Bytes p, MutableBytes c, MutableBytes t) override {
    return inner_.aes_gcm_encrypt(k, iv, a, p, c, t);
  }
  R aes_gcm_decrypt(Bytes k, Bytes iv, Bytes a, Bytes c, Bytes t, MutableBytes p) override {
    return inner_.aes_gcm_decrypt(k, iv, a, c, t, p);
  }

 private:
  hal::Crypto& inner_;
};

}  // namespace kb::test
