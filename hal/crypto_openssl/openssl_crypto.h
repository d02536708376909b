#pragma once
// The host's kb::hal::Crypto on OpenSSL 3 libcrypto: every target's host side (sim, sim:, i2c:)
// uses it. The simulator's device models use Crypto++ for their symmetric primitives and their own
// small OpenSSL wrapper for P-256 (simulator/crypto), so host and model share no code of ours.
//
// One instance is not safe to use from two threads at once (it owns a generator and curve scratch).
#include <cstdint>
#include <memory>
#include <string>

#include "hal/console.h"
#include "hal/crypto.h"

namespace kb::hal::openssl {

class OpensslCrypto final : public Crypto {
 public:
  // Randomness from OpenSSL's own DRBG, seeded by the operating system. Throws std::runtime_error
  // when libcrypto lacks an algorithm this class needs (a broken installation).
  OpensslCrypto();
  // Randomness from an SP 800-90A Hash_DRBG (SHA-256) whose only input is `seed`: the same seed
  // gives the same random() bytes and p256_generate() keys, so simulated runs replay exactly. For
  // simulation only; such keys are not secret.
  explicit OpensslCrypto(uint64_t seed);
  ~OpensslCrypto() override;
  OpensslCrypto(const OpensslCrypto&) = delete;
  OpensslCrypto& operator=(const OpensslCrypto&) = delete;

  // Sizes are exact: out is as long as in for ECB/CBC and CCM, tag16 16 bytes, digest and MAC
  // 32 bytes, key wrap out = in + 8 (in a multiple of 8, at least 16), unwrap out = in - 8.
  // Anything else is kInvalidArgument. Failed CCM tags and key-wrap integrity checks zero the
  // output before returning kVerifyFailed.
  CryptoResult aes_ecb_encrypt(Bytes key, Bytes in, MutableBytes out) override;
  CryptoResult aes_ecb_decrypt(Bytes key, Bytes in, MutableBytes out) override;
  CryptoResult aes_cbc_encrypt(Bytes key, Bytes iv, Bytes in, MutableBytes out) override;
  CryptoResult aes_cbc_decrypt(Bytes key, Bytes iv, Bytes in, MutableBytes out) override;
  CryptoResult aes_cmac(Bytes key, Bytes message, MutableBytes tag16) override;
  // The message must fit the length field the nonce leaves (15 - nonce bytes): 64 KiB - 1 for a
  // 13-byte nonce.
  CryptoResult aes_ccm_encrypt(Bytes key, Bytes nonce, Bytes aad, Bytes plaintext, MutableBytes ciphertext,
                               MutableBytes tag) override;
  CryptoResult aes_ccm_decrypt(Bytes key, Bytes nonce, Bytes aad, Bytes ciphertext, Bytes tag,
                               MutableBytes plaintext) override;
  // GCM: IV 1..64 bytes, tag 4, 8 or 12..16 bytes.
  CryptoResult aes_gcm_encrypt(Bytes key, Bytes iv, Bytes aad, Bytes plaintext, MutableBytes ciphertext,
                               MutableBytes tag) override;
  CryptoResult aes_gcm_decrypt(Bytes key, Bytes iv, Bytes aad, Bytes ciphertext, Bytes tag,
                               MutableBytes plaintext) override;
  CryptoResult aes_key_wrap(Bytes kek, Bytes in, MutableBytes out) override;
  CryptoResult aes_key_unwrap(Bytes kek, Bytes in, MutableBytes out) override;

  CryptoResult sha256(Bytes message, MutableBytes digest32) override;
  CryptoResult hmac_sha256(Bytes key, Bytes message, MutableBytes mac32) override;
  // okm is 1..8160 bytes (255 SHA-256 blocks). An empty salt means RFC 5869's 32 zero bytes.
  // info is at most kMaxHkdfInfo bytes, OpenSSL's limit.
  static constexpr size_t kMaxHkdfInfo = 1024;
  CryptoResult hkdf_sha256(Bytes salt, Bytes ikm, Bytes info, MutableBytes okm) override;

  // A public key is X || Y with both coordinates below p and the point on the curve; anything else
  // (including 0 || 0, which stands for no point) is kInvalidKey. A private key outside [1, n-1] is
  // kInvalidKey. Signing draws its nonce from OpenSSL's DRBG even on a seeded instance (OpenSSL 3.0
  // has no RFC 6979), so two signatures of one digest differ; key generation and random() follow
  // the seed.
  CryptoResult p256_generate(MutableBytes private32, MutableBytes public64) override;
  CryptoResult p256_public_from_private(Bytes private32, MutableBytes public64) override;
  CryptoResult p256_ecdh(Bytes private32, Bytes peer_public64, MutableBytes shared_x32) override;
  CryptoResult p256_sign_digest(Bytes private32, Bytes digest32, MutableBytes signature64) override;
  CryptoResult p256_verify_digest(Bytes public64, Bytes digest32, Bytes signature64) override;

  // Every curve of EcCurve (openssl_crypto_ec.cc). Key generation follows the seed as for P-256;
  // ECDSA nonces come from OpenSSL's DRBG; Ed25519 is deterministic (RFC 8032).
  CryptoResult ec_generate(EcCurve curve, MutableBytes private_key, MutableBytes public_key) override;
  CryptoResult ec_ecdh(EcCurve curve, Bytes private_key, Bytes peer_public, MutableBytes shared) override;
  CryptoResult ec_sign(EcCurve curve, Bytes private_key, Bytes digest_or_message, MutableBytes signature) override;
  CryptoResult ec_verify(EcCurve curve, Bytes public_key, Bytes digest_or_message, Bytes signature) override;

  CryptoResult random(MutableBytes out) override;

  // Why the most recent call that returned kFailed (or kVerifyFailed on an OpenSSL error) failed:
  // the operation and OpenSSL's reasons, in one line. Empty until something fails; the text is
  // built only on failure.
  const std::string& last_error() const;
  // Where to also print that line when it is recorded, like the host library's logs (null: nowhere).
  void set_log(Console* log);

  // Opaque outside this backend's own files (openssl_crypto_state.h).
  struct State;

 private:
  std::unique_ptr<State> state_;
};

}  // namespace kb::hal::openssl
