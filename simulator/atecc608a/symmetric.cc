#include "simulator/atecc608a/symmetric.h"

#include <cryptopp/aes.h>
#include <cryptopp/gf2n.h>
#include <cryptopp/hmac.h>
#include <cryptopp/sha.h>

namespace kb::sim::atecc608a::symmetric {

namespace {
// GCM numbers the bits of a block from the most significant bit of byte 0 (coefficient of x^0).
CryptoPP::PolynomialMod2 to_polynomial(std::span<const uint8_t, 16> block) {
  CryptoPP::PolynomialMod2 p;
  for (size_t i = 0; i < 128; ++i) {
    if (((block[i / 8] >> (7 - i % 8)) & 1) != 0) p.SetBit(i);
  }
  return p;
}

Block from_polynomial(const CryptoPP::PolynomialMod2& p) {
  Block out{};
  for (size_t i = 0; i < 128; ++i) {
    if (p.GetBit(i)) out[i / 8] = static_cast<uint8_t>(out[i / 8] | 1u << (7 - i % 8));
  }
  return out;
}
}  // namespace

Block aes128_encrypt(std::span<const uint8_t, 16> key, std::span<const uint8_t, 16> block) {
  CryptoPP::AES::Encryption aes(key.data(), key.size());
  Block out{};
  aes.ProcessBlock(block.data(), out.data());
  return out;
}

Block aes128_decrypt(std::span<const uint8_t, 16> key, std::span<const uint8_t, 16> block) {
  CryptoPP::AES::Decryption aes(key.data(), key.size());
  Block out{};
  aes.ProcessBlock(block.data(), out.data());
  return out;
}

Block gcm_multiply(std::span<const uint8_t, 16> h, std::span<const uint8_t, 16> x) {
  // x^128 + x^7 + x^2 + x + 1.
  const CryptoPP::GF2NPP field(128, 7, 2, 1, 0);
  const CryptoPP::PolynomialMod2 product = field.Multiply(to_polynomial(x), to_polynomial(h));
  return from_polynomial(product);
}

Digest sha256(std::span<const uint8_t> message) {
  Digest out{};
  CryptoPP::SHA256().CalculateDigest(out.data(), message.data(), message.size());
  return out;
}

Digest hmac_sha256(std::span<const uint8_t> key, std::span<const uint8_t> message) {
  CryptoPP::HMAC<CryptoPP::SHA256> mac(key.data(), key.size());
  Digest out{};
  mac.CalculateDigest(out.data(), message.data(), message.size());
  return out;
}

std::vector<uint8_t> tls12_prf_sha256(std::span<const uint8_t> secret, std::span<const uint8_t> seed, size_t length) {
  // A(0) = seed, A(i) = HMAC(secret, A(i-1)); output = HMAC(secret, A(1) | seed) | HMAC(secret, A(2) | seed) ...
  std::vector<uint8_t> out;
  std::vector<uint8_t> a(seed.begin(), seed.end());
  while (out.size() < length) {
    const Digest next_a = hmac_sha256(secret, a);
    a.assign(next_a.begin(), next_a.end());
    std::vector<uint8_t> input = a;
    for (uint8_t b : seed) input.push_back(b);
    const Digest block = hmac_sha256(secret, input);
    for (uint8_t b : block) {
      if (out.size() < length) out.push_back(b);
    }
  }
  return out;
}

}  // namespace kb::sim::atecc608a::symmetric
