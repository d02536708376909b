#pragma once
// Elliptic curves for the device models, on OpenSSL 3 (EVP for keys, ECDH and signatures; EC_POINT
// only to derive a Weierstrass public key and to check a point): NIST P-256/384/521, Brainpool
// P-256r1/384r1/512r1, X25519 and Ed25519. The simulator's own wrapper, like p256.h beside it, so
// the models share no code with the host library. Keys are raw big-endian bytes:
//   Weierstrass: private key_length(c) bytes (1 <= d < n), public X | Y (2 * key_length(c) bytes)
//   X25519 / Ed25519: private and public 32 raw bytes (RFC 7748 / RFC 8032 encodings)
// Signatures are R | S, each key_length(c) bytes (Ed25519: the 64-byte RFC 8032 signature).
// Every temporary that held a private key is cleansed before it is freed. Safe to call from
// several threads.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace kb::sim::crypto::ec {

enum class Curve : uint8_t {
  kNistP256 = 0,
  kNistP384 = 1,
  kNistP521 = 2,
  kBrainpoolP256r1 = 3,
  kBrainpoolP384r1 = 4,
  kBrainpoolP512r1 = 5,
  kX25519 = 6,
  kEd25519 = 7,
};
inline constexpr Curve kAllCurves[] = {Curve::kNistP256,        Curve::kNistP384,        Curve::kNistP521,
                                       Curve::kBrainpoolP256r1, Curve::kBrainpoolP384r1, Curve::kBrainpoolP512r1,
                                       Curve::kX25519,          Curve::kEd25519};
inline constexpr size_t kCurveCount = sizeof kAllCurves / sizeof kAllCurves[0];

std::optional<Curve> curve_from_index(uint8_t index);  // the enum's value back, for stored records
std::string_view curve_name(Curve curve);              // "NIST P-256", "Brainpool P-384r1", "X25519", ...
bool is_weierstrass(Curve curve);
bool can_sign(Curve curve);   // every curve but X25519
bool can_agree(Curve curve);  // every curve but Ed25519
// Private key (and coordinate) length: 32, 48, 66, 32, 48, 64, 32, 32.
size_t key_length(Curve curve);
// Public key length: 2 * key_length on Weierstrass curves, 32 on X25519 / Ed25519.
size_t public_key_length(Curve curve);

// A private key from key_length(curve) random bytes. Weierstrass: the bits above the group order's
// bit length are cleared and a value of 0 or >= n is refused (nullopt: draw again), so every curve
// needs few draws, P-521 included. X25519 / Ed25519: the bytes are the key (the algorithms clamp).
std::optional<std::vector<uint8_t>> private_key_from_random(Curve curve, std::span<const uint8_t> random);
bool private_key_is_valid(Curve curve, std::span<const uint8_t> private_key);
// The public key of a private key, or nullopt when the private key is not valid.
std::optional<std::vector<uint8_t>> public_key(Curve curve, std::span<const uint8_t> private_key);
// Weierstrass: public_key_length bytes, both coordinates below p, on the curve (the NIST and
// Brainpool curves have cofactor 1, so that is the whole check). X25519 / Ed25519: 32 bytes (an
// Ed25519 key that is no point fails verification instead).
bool public_key_is_valid(Curve curve, std::span<const uint8_t> public_key);

// A Weierstrass point from its compressed form (SEC 1 2.3.4): x (key_length bytes) and the parity
// of y (`y_is_odd`, the 03 prefix). nullopt when x is not below p or no point of the curve has that
// x (its y^2 has no square root); X | Y otherwise.
std::optional<std::vector<uint8_t>> decompress_point(Curve curve, std::span<const uint8_t> x, bool y_is_odd);

// ECDH (X25519 on Curve25519): the x-coordinate of d * Q, key_length bytes; nullopt when a key is
// not valid or, on X25519, the result is all zeros (a low-order peer key).
std::optional<std::vector<uint8_t>> shared_secret(Curve curve, std::span<const uint8_t> private_key,
                                                  std::span<const uint8_t> peer_public_key);

// How many bytes of randomness sign() may consume (OpenSSL's nonce derivation and its blinding
// both draw from it; P-521 needs the most).
inline constexpr size_t kSignEntropyLength = 1024;
// ECDSA over `message` taken as the digest (any length; FIPS 186-5 keeps its leftmost bits up to
// the order's length), the nonce drawn from `entropy`, so the signature is a function of the
// inputs; Ed25519 (RFC 8032, pure) over the message itself, entropy unused. nullopt when the key is
// not valid, the curve cannot sign, or the entropy ran out.
std::optional<std::vector<uint8_t>> sign(Curve curve, std::span<const uint8_t> private_key,
                                         std::span<const uint8_t> message, std::span<const uint8_t> entropy);
// True when (r, s) is a valid signature of message under public_key. r and s of another length
// than key_length(curve), r or s zero or not below the order (ECDSA), S not below L or R no point
// (Ed25519), an invalid public key: all false.
bool verify(Curve curve, std::span<const uint8_t> public_key, std::span<const uint8_t> message,
            std::span<const uint8_t> r, std::span<const uint8_t> s);

// The group order n of a Weierstrass curve, big-endian, key_length bytes (tests build edge cases
// from it); empty for X25519 / Ed25519.
std::vector<uint8_t> group_order(Curve curve);

}  // namespace kb::sim::crypto::ec
