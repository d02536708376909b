#include "simulator/stsafe_a120/chip_crypto.h"

#include <cryptopp/aes.h>
#include <cryptopp/ccm.h>
#include <cryptopp/cmac.h>
#include <cryptopp/hkdf.h>
#include <cryptopp/misc.h>
#include <cryptopp/modes.h>
#include <cryptopp/sha.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <memory>

#include "simulator/crypto/p256.h"

namespace kb::sim::stsafe_a120::chip_crypto {

namespace {
constexpr size_t kNonceLength = 13;
constexpr size_t kSemiblock = 8;

template <int TagLength>
Bytes ccm_encrypt_with(std::span<const uint8_t> key, std::span<const uint8_t> nonce, std::span<const uint8_t> aad,
                       std::span<const uint8_t> message) {
  typename CryptoPP::CCM<CryptoPP::AES, TagLength>::Encryption e;
  e.SetKeyWithIV(key.data(), key.size(), nonce.data(), nonce.size());
  e.SpecifyDataLengths(aad.size(), message.size(), 0);
  if (!aad.empty()) e.Update(aad.data(), aad.size());
  Bytes out(message.size() + TagLength);
  if (!message.empty()) e.ProcessData(out.data(), message.data(), message.size());
  e.TruncatedFinal(out.data() + message.size(), TagLength);
  return out;
}

template <int TagLength>
std::optional<Bytes> ccm_decrypt_with(std::span<const uint8_t> key, std::span<const uint8_t> nonce,
                                      std::span<const uint8_t> aad, std::span<const uint8_t> ciphertext,
                                      std::span<const uint8_t> tag) {
  typename CryptoPP::CCM<CryptoPP::AES, TagLength>::Decryption d;
  d.SetKeyWithIV(key.data(), key.size(), nonce.data(), nonce.size());
  d.SpecifyDataLengths(aad.size(), ciphertext.size(), 0);
  if (!aad.empty()) d.Update(aad.data(), aad.size());
  Bytes out(ciphertext.size());
  if (!ciphertext.empty()) d.ProcessData(out.data(), ciphertext.data(), ciphertext.size());
  if (!d.TruncatedVerify(tag.data(), tag.size())) return std::nullopt;
  return out;
}

// CCM* with no tag is CTR from counter block A_1 = flags (L - 1 = 1) | nonce | 00 01: the same
// keystream an authenticated CCM uses for its message.
Bytes ccm_star_ctr(std::span<const uint8_t> key, std::span<const uint8_t> nonce, std::span<const uint8_t> data) {
  std::array<uint8_t, kAesBlock> a1{};
  a1[0] = 0x01;
  std::copy(nonce.begin(), nonce.end(), a1.begin() + 1);
  a1[15] = 0x01;
  CryptoPP::CTR_Mode<CryptoPP::AES>::Encryption ctr(key.data(), key.size(), a1.data());
  Bytes out(data.size());
  if (!data.empty()) ctr.ProcessData(out.data(), data.data(), data.size());
  return out;
}
}  // namespace

std::array<uint8_t, kAesBlock> aes_cmac(std::span<const uint8_t> key, std::span<const uint8_t> message) {
  CryptoPP::CMAC<CryptoPP::AES> mac(key.data(), key.size());
  mac.Update(message.data(), message.size());
  std::array<uint8_t, kAesBlock> tag{};
  mac.Final(tag.data());
  return tag;
}

Bytes aes_ecb_encrypt(std::span<const uint8_t> key, std::span<const uint8_t> data) {
  CryptoPP::ECB_Mode<CryptoPP::AES>::Encryption e(key.data(), key.size());
  Bytes out(data.size());
  if (!data.empty()) e.ProcessData(out.data(), data.data(), data.size());
  return out;
}

Bytes aes_ecb_decrypt(std::span<const uint8_t> key, std::span<const uint8_t> data) {
  CryptoPP::ECB_Mode<CryptoPP::AES>::Decryption d(key.data(), key.size());
  Bytes out(data.size());
  if (!data.empty()) d.ProcessData(out.data(), data.data(), data.size());
  return out;
}

Bytes aes_cbc_encrypt(std::span<const uint8_t> key, std::span<const uint8_t, kAesBlock> iv,
                      std::span<const uint8_t> data) {
  CryptoPP::CBC_Mode<CryptoPP::AES>::Encryption e(key.data(), key.size(), iv.data());
  Bytes out(data.size());
  if (!data.empty()) e.ProcessData(out.data(), data.data(), data.size());
  return out;
}

Bytes aes_cbc_decrypt(std::span<const uint8_t> key, std::span<const uint8_t, kAesBlock> iv,
                      std::span<const uint8_t> data) {
  CryptoPP::CBC_Mode<CryptoPP::AES>::Decryption d(key.data(), key.size(), iv.data());
  Bytes out(data.size());
  if (!data.empty()) d.ProcessData(out.data(), data.data(), data.size());
  return out;
}

Bytes hkdf_sha256(std::span<const uint8_t> salt, std::span<const uint8_t> ikm, std::span<const uint8_t> info,
                  size_t length) {
  CryptoPP::HKDF<CryptoPP::SHA256> hkdf;
  Bytes out(length);
  hkdf.DeriveKey(out.data(), out.size(), ikm.data(), ikm.size(), salt.data(), salt.size(), info.data(), info.size());
  return out;
}

std::optional<Bytes> aes_key_wrap(std::span<const uint8_t> kek, std::span<const uint8_t> plaintext) {
  if (plaintext.size() % kSemiblock != 0 || plaintext.size() < 2 * kSemiblock) return std::nullopt;
  const EVP_CIPHER* cipher = nullptr;
  switch (kek.size()) {
    case 16: cipher = EVP_aes_128_wrap(); break;
    case 24: cipher = EVP_aes_192_wrap(); break;
    case 32: cipher = EVP_aes_256_wrap(); break;
    default: return std::nullopt;
  }
  const std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  if (!ctx) return std::nullopt;
  // As for the unwrap below: the wrap modes need the flag, and a null IV is RFC 3394's A6..A6.
  EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  if (EVP_EncryptInit_ex(ctx.get(), cipher, nullptr, kek.data(), nullptr) != 1) return std::nullopt;
  Bytes out(plaintext.size() + kSemiblock);
  int length = 0;
  if (EVP_EncryptUpdate(ctx.get(), out.data(), &length, plaintext.data(), static_cast<int>(plaintext.size())) <= 0 ||
      static_cast<size_t>(length) != out.size()) {
    return std::nullopt;
  }
  return out;
}

std::optional<Bytes> aes_key_unwrap(std::span<const uint8_t> kek, std::span<const uint8_t> wrapped) {
  if (wrapped.size() % kSemiblock != 0 || wrapped.size() < 3 * kSemiblock) return std::nullopt;
  const EVP_CIPHER* cipher = nullptr;
  switch (kek.size()) {
    case 16: cipher = EVP_aes_128_wrap(); break;
    case 24: cipher = EVP_aes_192_wrap(); break;
    case 32: cipher = EVP_aes_256_wrap(); break;
    default: return std::nullopt;
  }
  const std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  if (!ctx) return std::nullopt;
  // OpenSSL refuses the wrap modes through EVP unless the caller says it knows they are not
  // streaming ciphers. A null IV selects RFC 3394's default A6..A6, which the integrity check
  // compares against.
  EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  if (EVP_DecryptInit_ex(ctx.get(), cipher, nullptr, kek.data(), nullptr) != 1) return std::nullopt;
  Bytes out(wrapped.size());
  int length = 0;
  if (EVP_DecryptUpdate(ctx.get(), out.data(), &length, wrapped.data(), static_cast<int>(wrapped.size())) <= 0 ||
      static_cast<size_t>(length) != wrapped.size() - kSemiblock) {
    OPENSSL_cleanse(out.data(), out.size());
    return std::nullopt;
  }
  out.resize(static_cast<size_t>(length));
  return out;
}

Bytes ccm_encrypt(std::span<const uint8_t> key, std::span<const uint8_t, 13> nonce, std::span<const uint8_t> aad,
                  std::span<const uint8_t> message, size_t tag_length) {
  static_assert(kNonceLength == 13);
  switch (tag_length) {
    case 0: return ccm_star_ctr(key, nonce, message);
    case 4: return ccm_encrypt_with<4>(key, nonce, aad, message);
    case 8: return ccm_encrypt_with<8>(key, nonce, aad, message);
    case 16: return ccm_encrypt_with<16>(key, nonce, aad, message);
  }
  return {};
}

std::optional<Bytes> ccm_decrypt(std::span<const uint8_t> key, std::span<const uint8_t, 13> nonce,
                                 std::span<const uint8_t> aad, std::span<const uint8_t> ciphertext,
                                 std::span<const uint8_t> tag) {
  switch (tag.size()) {
    case 0: return ccm_star_ctr(key, nonce, ciphertext);
    case 4: return ccm_decrypt_with<4>(key, nonce, aad, ciphertext, tag);
    case 8: return ccm_decrypt_with<8>(key, nonce, aad, ciphertext, tag);
    case 16: return ccm_decrypt_with<16>(key, nonce, aad, ciphertext, tag);
  }
  return std::nullopt;
}

bool p256_private_key_is_valid(std::span<const uint8_t> private_key) {
  return crypto::p256::private_key_is_valid(private_key);
}

Bytes p256_public_key(std::span<const uint8_t> private_key) {
  std::optional<Bytes> q = crypto::p256::public_key(private_key);
  return q ? std::move(*q) : Bytes{};
}

bool p256_public_key_is_valid(std::span<const uint8_t> public_xy) {
  return crypto::p256::public_key_is_valid(public_xy);
}

std::optional<Bytes> p256_shared_secret(std::span<const uint8_t> private_key, std::span<const uint8_t> peer_xy) {
  return crypto::p256::shared_x(private_key, peer_xy);
}

bool equal_in_constant_time(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  return a.size() == b.size() && CryptoPP::VerifyBufsEqual(a.data(), b.data(), a.size());
}

}  // namespace kb::sim::stsafe_a120::chip_crypto
