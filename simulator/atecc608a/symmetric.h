#pragma once
// The symmetric primitives of the ATECC608A model, on Crypto++ (the host side and the tests use
// OpenSSL, so the two sides do not share a code path): AES-128 blocks, the GCM field multiply
// (AES GFM mode), SHA-256, HMAC-SHA-256 and the TLS 1.2 PRF (KDF PRF mode).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace kb::sim::atecc608a::symmetric {

using Block = std::array<uint8_t, 16>;
using Digest = std::array<uint8_t, 32>;

Block aes128_encrypt(std::span<const uint8_t, 16> key, std::span<const uint8_t, 16> block);
Block aes128_decrypt(std::span<const uint8_t, 16> key, std::span<const uint8_t, 16> block);

// x * h in GF(2^128) with GCM's bit order and polynomial (NIST SP 800-38D, 6.3).
Block gcm_multiply(std::span<const uint8_t, 16> h, std::span<const uint8_t, 16> x);

Digest sha256(std::span<const uint8_t> message);
Digest hmac_sha256(std::span<const uint8_t> key, std::span<const uint8_t> message);

// P_SHA256(secret, seed) of RFC 5246 section 5, cut to length bytes (the label is part of seed).
std::vector<uint8_t> tls12_prf_sha256(std::span<const uint8_t> secret, std::span<const uint8_t> seed, size_t length);

}  // namespace kb::sim::atecc608a::symmetric
