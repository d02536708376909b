#pragma once
// Host-side cryptography the provisioning code needs. On a Linux host it is OpenSSL 3 libcrypto
// (hal/crypto_openssl); on a board the platform supplies it (for example the SDK's crypto library).
#include <cstddef>
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

// The curves of the ec_* methods below (the STSAFE-A120's set). Keys and results are raw bytes:
// a Weierstrass private key is the big-endian scalar padded to the order's size, its public key
// X || Y (each padded to the field's size), a signature R || S (each the order's size) and an ECDH
// result the x-coordinate of the shared point; X25519 and Ed25519 use RFC 7748 / RFC 8032's 32-byte
// keys, X25519's result is its 32-byte output and an Ed25519 signature is RFC 8032's 64 bytes.
enum class EcCurve : uint8_t {
  kNistP256,
  kNistP384,
  kNistP521,
  kBrainpoolP256r1,
  kBrainpoolP384r1,
  kBrainpoolP512r1,
  kX25519,
  kEd25519,
};
const char* ec_curve_name(EcCurve curve);  // "NIST P-256", ..., "X25519", "Ed25519"
constexpr size_t ec_private_key_bytes(EcCurve c) {
  switch (c) {
    case EcCurve::kNistP384:
    case EcCurve::kBrainpoolP384r1: return 48;
    case EcCurve::kNistP521: return 66;
    case EcCurve::kBrainpoolP512r1: return 64;
    default: return 32;
  }
}
constexpr bool ec_is_weierstrass(EcCurve c) {
  return c != EcCurve::kX25519 && c != EcCurve::kEd25519;
}
constexpr size_t ec_public_key_bytes(EcCurve c) {
  return ec_is_weierstrass(c) ? 2 * ec_private_key_bytes(c) : 32;
}
// 0 on X25519, which does not sign.
constexpr size_t ec_signature_bytes(EcCurve c) {
  return c == EcCurve::kX25519 ? 0 : c == EcCurve::kEd25519 ? 64 : 2 * ec_private_key_bytes(c);
}
// 0 on Ed25519, which does not agree keys.
constexpr size_t ec_shared_secret_bytes(EcCurve c) {
  return c == EcCurve::kEd25519 ? 0 : ec_private_key_bytes(c);
}

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

  // Every curve of EcCurve, sizes as above (anything else is kInvalidArgument). A backend without
  // them answers kUnsupported (these defaults); the OpenSSL backend has them all.
  // Key generation on a curve (X25519 and Ed25519 included).
  virtual CryptoResult ec_generate(EcCurve curve, MutableBytes private_key, MutableBytes public_key);
  // ECDH on a Weierstrass curve or X25519; a peer key off the curve (or an all-zero X25519 result)
  // is kInvalidKey.
  virtual CryptoResult ec_ecdh(EcCurve curve, Bytes private_key, Bytes peer_public, MutableBytes shared);
  // ECDSA over a digest the caller computed (1..64 bytes, used as FIPS 186-5 says: its leftmost
  // bits up to the order's size), or Ed25519 (pure) over the message itself.
  virtual CryptoResult ec_sign(EcCurve curve, Bytes private_key, Bytes digest_or_message, MutableBytes signature);
  // kOk when valid, kVerifyFailed when not (r or s outside [1, n-1] included), kInvalidKey for a
  // public key that is not a point of the curve.
  virtual CryptoResult ec_verify(EcCurve curve, Bytes public_key, Bytes digest_or_message, Bytes signature);

  // AES-GCM (SP 800-38D) with a 16- or 32-byte key, an IV of 1..64 bytes and a tag of 4, 8 or
  // 12..16 bytes (the leading bytes of the full tag). Decryption answers kVerifyFailed, output
  // zeroed, when the tag does not match. A backend without it answers kUnsupported (these defaults).
  virtual CryptoResult aes_gcm_encrypt(Bytes key, Bytes iv, Bytes aad, Bytes plaintext, MutableBytes ciphertext,
                                       MutableBytes tag);
  virtual CryptoResult aes_gcm_decrypt(Bytes key, Bytes iv, Bytes aad, Bytes ciphertext, Bytes tag,
                                       MutableBytes plaintext);
};

}  // namespace kb::hal
