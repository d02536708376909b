#include "hal/sim/sim_timed_crypto.h"

#include "simulator/nrf/cryptocell_timing.h"

namespace kb::hal::sim {

PlatformCryptoCosts platform_crypto_costs(const kb::sim::Bench& bench) {
  for (const auto& d : bench.devices()) {
    if (d.device->kind() == "nrf5340") {
      return {kb::sim::nrf::kCc312P256ScalarMultiplicationNs, 2 * kb::sim::nrf::kCc312P256ScalarMultiplicationNs};
    }
  }
  return {};
}

CryptoResult SimTimedCrypto::aes_ecb_encrypt(Bytes key, Bytes in, MutableBytes out) {
  return inner_.aes_ecb_encrypt(key, in, out);
}
CryptoResult SimTimedCrypto::aes_ecb_decrypt(Bytes key, Bytes in, MutableBytes out) {
  return inner_.aes_ecb_decrypt(key, in, out);
}
CryptoResult SimTimedCrypto::aes_cbc_encrypt(Bytes key, Bytes iv, Bytes in, MutableBytes out) {
  return inner_.aes_cbc_encrypt(key, iv, in, out);
}
CryptoResult SimTimedCrypto::aes_cbc_decrypt(Bytes key, Bytes iv, Bytes in, MutableBytes out) {
  return inner_.aes_cbc_decrypt(key, iv, in, out);
}
CryptoResult SimTimedCrypto::aes_cmac(Bytes key, Bytes message, MutableBytes tag16) {
  return inner_.aes_cmac(key, message, tag16);
}
CryptoResult SimTimedCrypto::aes_ccm_encrypt(Bytes key, Bytes nonce, Bytes aad, Bytes plaintext,
                                             MutableBytes ciphertext, MutableBytes tag) {
  return inner_.aes_ccm_encrypt(key, nonce, aad, plaintext, ciphertext, tag);
}
CryptoResult SimTimedCrypto::aes_ccm_decrypt(Bytes key, Bytes nonce, Bytes aad, Bytes ciphertext, Bytes tag,
                                             MutableBytes plaintext) {
  return inner_.aes_ccm_decrypt(key, nonce, aad, ciphertext, tag, plaintext);
}
CryptoResult SimTimedCrypto::aes_key_wrap(Bytes kek, Bytes in, MutableBytes out) {
  return inner_.aes_key_wrap(kek, in, out);
}
CryptoResult SimTimedCrypto::aes_key_unwrap(Bytes kek, Bytes in, MutableBytes out) {
  return inner_.aes_key_unwrap(kek, in, out);
}
CryptoResult SimTimedCrypto::sha256(Bytes message, MutableBytes digest32) {
  return inner_.sha256(message, digest32);
}
CryptoResult SimTimedCrypto::hmac_sha256(Bytes key, Bytes message, MutableBytes mac32) {
  return inner_.hmac_sha256(key, message, mac32);
}
CryptoResult SimTimedCrypto::hkdf_sha256(Bytes salt, Bytes ikm, Bytes info, MutableBytes okm) {
  return inner_.hkdf_sha256(salt, ikm, info, okm);
}
CryptoResult SimTimedCrypto::p256_generate(MutableBytes private32, MutableBytes public64) {
  return charged(costs_.p256_scalar_multiplication, inner_.p256_generate(private32, public64));
}
CryptoResult SimTimedCrypto::p256_public_from_private(Bytes private32, MutableBytes public64) {
  return charged(costs_.p256_scalar_multiplication, inner_.p256_public_from_private(private32, public64));
}
CryptoResult SimTimedCrypto::p256_ecdh(Bytes private32, Bytes peer_public64, MutableBytes shared_x32) {
  return charged(costs_.p256_scalar_multiplication, inner_.p256_ecdh(private32, peer_public64, shared_x32));
}
CryptoResult SimTimedCrypto::p256_sign_digest(Bytes private32, Bytes digest32, MutableBytes signature64) {
  return charged(costs_.p256_scalar_multiplication, inner_.p256_sign_digest(private32, digest32, signature64));
}
CryptoResult SimTimedCrypto::p256_verify_digest(Bytes public64, Bytes digest32, Bytes signature64) {
  return charged(costs_.p256_verify, inner_.p256_verify_digest(public64, digest32, signature64));
}
CryptoResult SimTimedCrypto::random(MutableBytes out) {
  return inner_.random(out);
}

}  // namespace kb::hal::sim
