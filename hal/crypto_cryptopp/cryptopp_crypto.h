#pragma once
// kb::hal::Crypto on Crypto++: a second, independent backend. Every host target uses the OpenSSL
// backend (hal/crypto_openssl); this one is what the unit tests compare OpenSSL against on random
// inputs and what the benchmarks measure it against. It has no key wrap (Crypto++ offers none and
// the project writes no block-cipher mode itself): aes_key_wrap and aes_key_unwrap are
// kUnsupported.
//
// One instance is not safe to use from two threads at once (it owns an RNG and curve scratch).
#include <cstdint>
#include <memory>

#include "hal/crypto.h"

namespace kb::hal::cryptopp {

class CryptoppCrypto final : public Crypto {
 public:
  // Randomness from the operating system.
  CryptoppCrypto();
  // Randomness from a deterministic generator whose only input is `seed`: the same seed gives the
  // same random() bytes and p256_generate() keys, so simulated runs replay exactly. For
  // simulation only; such keys are not secret.
  explicit CryptoppCrypto(uint64_t seed);
  ~CryptoppCrypto() override;
  CryptoppCrypto(const CryptoppCrypto&) = delete;
  CryptoppCrypto& operator=(const CryptoppCrypto&) = delete;

  // Sizes are exact: out is as long as in for ECB/CBC and CCM, tag16 16 bytes, digest and MAC
  // 32 bytes. Anything else is kInvalidArgument. Failed CCM tags zero the output before returning
  // kVerifyFailed.
  CryptoResult aes_ecb_encrypt(Bytes key, Bytes in, MutableBytes out) override;
  CryptoResult aes_ecb_decrypt(Bytes key, Bytes in, MutableBytes out) override;
  CryptoResult aes_cbc_encrypt(Bytes key, Bytes iv, Bytes in, MutableBytes out) override;
  CryptoResult aes_cbc_decrypt(Bytes key, Bytes iv, Bytes in, MutableBytes out) override;
  CryptoResult aes_cmac(Bytes key, Bytes message, MutableBytes tag16) override;
  CryptoResult aes_ccm_encrypt(Bytes key, Bytes nonce, Bytes aad, Bytes plaintext, MutableBytes ciphertext,
                               MutableBytes tag) override;
  CryptoResult aes_ccm_decrypt(Bytes key, Bytes nonce, Bytes aad, Bytes ciphertext, Bytes tag,
                               MutableBytes plaintext) override;
  CryptoResult aes_key_wrap(Bytes kek, Bytes in, MutableBytes out) override;
  CryptoResult aes_key_unwrap(Bytes kek, Bytes in, MutableBytes out) override;

  CryptoResult sha256(Bytes message, MutableBytes digest32) override;
  CryptoResult hmac_sha256(Bytes key, Bytes message, MutableBytes mac32) override;
  // okm is 1..8160 bytes (255 SHA-256 blocks). An empty salt means RFC 5869's 32 zero bytes.
  CryptoResult hkdf_sha256(Bytes salt, Bytes ikm, Bytes info, MutableBytes okm) override;

  // Signing uses RFC 6979 deterministic nonces, so it never depends on the RNG's quality and two
  // signatures of one digest with one key are identical.
  CryptoResult p256_generate(MutableBytes private32, MutableBytes public64) override;
  CryptoResult p256_public_from_private(Bytes private32, MutableBytes public64) override;
  CryptoResult p256_ecdh(Bytes private32, Bytes peer_public64, MutableBytes shared_x32) override;
  CryptoResult p256_sign_digest(Bytes private32, Bytes digest32, MutableBytes signature64) override;
  CryptoResult p256_verify_digest(Bytes public64, Bytes digest32, Bytes signature64) override;

  CryptoResult random(MutableBytes out) override;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace kb::hal::cryptopp
