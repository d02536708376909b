#pragma once
// Host-side cryptography the provisioning code needs. On a Linux host it is OpenSSL 3 libcrypto
// (hal/crypto_openssl); on a board the platform supplies it (for example the SDK's crypto library).
#include <cstdint>
#include <span>

namespace kb::hal {

enum class CryptoResult : uint8_t {
  kOk = 0,
  kInvalidArgument,  // wrong key, nonce, tag or buffer size
  kVerifyFailed,     // tag, MAC, signature or key-wrap integrity check failed; no output released
  kInvalidKey,       // a public key off the curve or with a coordinate >= p, a private key out of range
  kUnsupported,
  kFailed,
};

const char* crypto_result_name(CryptoResult r);

using Bytes = std::span<const uint8_t>;
using MutableBytes = std::span<uint8_t>;

class Crypto {
 public:
  virtual ~Crypto() = default;

  // AES with a 16- or 32-byte key. ECB and CBC take whole blocks and add no padding.
  virtual CryptoResult aes_ecb_encrypt(Bytes key, Bytes in, MutableBytes out) = 0;
  virtual CryptoResult aes_ecb_decrypt(Bytes key, Bytes in, MutableBytes out) = 0;
  virtual CryptoResult aes_cbc_encrypt(Bytes key, Bytes iv, Bytes in, MutableBytes out) = 0;
  virtual CryptoResult aes_cbc_decrypt(Bytes key, Bytes iv, Bytes in, MutableBytes out) = 0;
  // Full 16-byte AES-CMAC (RFC 4493); callers truncate.
  virtual CryptoResult aes_cmac(Bytes key, Bytes message, MutableBytes tag16) = 0;
  // AES-CCM (SP 800-38C), nonce 7..13 bytes, tag 4..16 bytes (even).
  virtual CryptoResult aes_ccm_encrypt(Bytes key, Bytes nonce, Bytes aad, Bytes plaintext, MutableBytes ciphertext,
                                       MutableBytes tag) = 0;
  virtual CryptoResult aes_ccm_decrypt(Bytes key, Bytes nonce, Bytes aad, Bytes ciphertext, Bytes tag,
                                       MutableBytes plaintext) = 0;
  // RFC 3394 AES key wrap with the default IV; out is in + 8 bytes.
  virtual CryptoResult aes_key_wrap(Bytes kek, Bytes in, MutableBytes out) = 0;
  virtual CryptoResult aes_key_unwrap(Bytes kek, Bytes in, MutableBytes out) = 0;

  virtual CryptoResult sha256(Bytes message, MutableBytes digest32) = 0;
  virtual CryptoResult hmac_sha256(Bytes key, Bytes message, MutableBytes mac32) = 0;
  virtual CryptoResult hkdf_sha256(Bytes salt, Bytes ikm, Bytes info, MutableBytes okm) = 0;

  // P-256 keys are raw: private 32 bytes, public X||Y 64 bytes, signature R||S 64 bytes.
  virtual CryptoResult p256_generate(MutableBytes private32, MutableBytes public64) = 0;
  virtual CryptoResult p256_public_from_private(Bytes private32, MutableBytes public64) = 0;
  virtual CryptoResult p256_ecdh(Bytes private32, Bytes peer_public64, MutableBytes shared_x32) = 0;
  virtual CryptoResult p256_sign_digest(Bytes private32, Bytes digest32, MutableBytes signature64) = 0;
  virtual CryptoResult p256_verify_digest(Bytes public64, Bytes digest32, Bytes signature64) = 0;

  virtual CryptoResult random(MutableBytes out) = 0;
};

}  // namespace kb::hal
