#pragma once
// The cryptography inside the chip model: the symmetric primitives and KDFs on Crypto++, P-256 on
// OpenSSL through the simulator's own wrapper (simulator/crypto/p256.h). The host side runs on
// OpenSSL (hal/crypto_openssl) through its own code; for AES, CMAC, CCM*, key wrap and HKDF host and
// model use different libraries, so a wrong parameter on one side shows up against the other and
// against the published vectors.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace kb::sim::stsafe_a120::chip_crypto {

using Bytes = std::vector<uint8_t>;
inline constexpr size_t kAesBlock = 16;
inline constexpr size_t kP256CoordinateLength = 32;

// AES-CMAC (RFC 4493), the full 16-byte tag. key is 16 or 32 bytes.
std::array<uint8_t, kAesBlock> aes_cmac(std::span<const uint8_t> key, std::span<const uint8_t> message);

// AES-ECB over whole blocks (data.size() a multiple of 16).
Bytes aes_ecb_encrypt(std::span<const uint8_t> key, std::span<const uint8_t> data);
Bytes aes_ecb_decrypt(std::span<const uint8_t> key, std::span<const uint8_t> data);

// AES-CBC without padding (data.size() a multiple of 16).
Bytes aes_cbc_encrypt(std::span<const uint8_t> key, std::span<const uint8_t, kAesBlock> iv,
                      std::span<const uint8_t> data);
Bytes aes_cbc_decrypt(std::span<const uint8_t> key, std::span<const uint8_t, kAesBlock> iv,
                      std::span<const uint8_t> data);

// HKDF-SHA-256 (RFC 5869), extract then expand.
Bytes hkdf_sha256(std::span<const uint8_t> salt, std::span<const uint8_t> ikm, std::span<const uint8_t> info,
                  size_t length);

// AES key wrap (RFC 3394, default IV A6..A6) on OpenSSL: the input plus 8 bytes, or nullopt when
// the input is not whole 64-bit blocks, at least two of them, or the key is not 16, 24 or 32 bytes.
std::optional<Bytes> aes_key_wrap(std::span<const uint8_t> kek, std::span<const uint8_t> plaintext);

// AES key unwrap (RFC 3394, default IV A6..A6). nullopt when the length is not 8 * (n + 1) with
// n >= 2, or the integrity check fails.
std::optional<Bytes> aes_key_unwrap(std::span<const uint8_t> kek, std::span<const uint8_t> wrapped);

// CCM* with a 13-byte nonce (2-byte length field). tag_length 0 is encryption only (CCM* without
// authentication); otherwise 4, 8 or 16. Returns ciphertext | tag.
Bytes ccm_encrypt(std::span<const uint8_t> key, std::span<const uint8_t, 13> nonce, std::span<const uint8_t> aad,
                  std::span<const uint8_t> message, size_t tag_length);
// The plaintext, or nullopt when the tag does not match.
std::optional<Bytes> ccm_decrypt(std::span<const uint8_t> key, std::span<const uint8_t, 13> nonce,
                                 std::span<const uint8_t> aad, std::span<const uint8_t> ciphertext,
                                 std::span<const uint8_t> tag);

// NIST P-256. Keys are raw big-endian: private 32 bytes, public X | Y (64 bytes).
bool p256_private_key_is_valid(std::span<const uint8_t> private_key);  // 1 <= d < n
Bytes p256_public_key(std::span<const uint8_t> private_key);           // empty when the private key is not valid
bool p256_public_key_is_valid(std::span<const uint8_t> public_xy);     // on the curve, not the identity
// ECDH: the x-coordinate of d * Q, or nullopt when Q is not a valid point.
std::optional<Bytes> p256_shared_secret(std::span<const uint8_t> private_key, std::span<const uint8_t> peer_xy);

// Equality that takes the same time wherever the first difference is.
bool equal_in_constant_time(std::span<const uint8_t> a, std::span<const uint8_t> b);

}  // namespace kb::sim::stsafe_a120::chip_crypto
