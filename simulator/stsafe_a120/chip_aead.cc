#include "simulator/stsafe_a120/chip_aead.h"

#include <cryptopp/aes.h>
#include <cryptopp/ccm.h>
#include <cryptopp/gcm.h>
#include <cryptopp/modes.h>

#include <array>

namespace kb::sim::stsafe_a120::chip_aead {

namespace {
constexpr size_t kBlock = 16;

// Either direction of a Crypto++ authenticated cipher (GCM, CCM) behind AeadStream.
template <typename Cipher>
class CryptoppStream final : public AeadStream {
 public:
  CryptoppStream(std::unique_ptr<Cipher> cipher, size_t tag_length)
      : cipher_(std::move(cipher)), tag_length_(tag_length) {}
  void add_aad(std::span<const uint8_t> aad) override {
    if (!aad.empty()) cipher_->Update(aad.data(), aad.size());
  }
  Bytes process(std::span<const uint8_t> data) override {
    Bytes out(data.size());
    if (!data.empty()) cipher_->ProcessData(out.data(), data.data(), data.size());
    return out;
  }
  Bytes tag() override {
    Bytes out(tag_length_);
    cipher_->TruncatedFinal(out.data(), out.size());
    return out;
  }
  bool verify(std::span<const uint8_t> tag) override {
    return tag.size() == tag_length_ && cipher_->TruncatedVerify(tag.data(), tag.size());
  }

 private:
  std::unique_ptr<Cipher> cipher_;
  size_t tag_length_;
};

// CCM* without authentication: CTR from counter block A_1 = flags (L - 1 = 1) | nonce | 00 01,
// the keystream an authenticated CCM uses for its message. No AAD, no tag.
class CcmStarStream final : public AeadStream {
 public:
  CcmStarStream(std::span<const uint8_t> key, std::span<const uint8_t, 13> nonce) {
    std::array<uint8_t, kBlock> a1{};
    a1[0] = 0x01;
    std::copy(nonce.begin(), nonce.end(), a1.begin() + 1);
    a1[15] = 0x01;
    ctr_.SetKeyWithIV(key.data(), key.size(), a1.data(), a1.size());
  }
  void add_aad(std::span<const uint8_t>) override {}
  Bytes process(std::span<const uint8_t> data) override {
    Bytes out(data.size());
    if (!data.empty()) ctr_.ProcessData(out.data(), data.data(), data.size());
    return out;
  }
  Bytes tag() override { return {}; }
  bool verify(std::span<const uint8_t> tag) override { return tag.empty(); }

 private:
  CryptoPP::CTR_Mode<CryptoPP::AES>::Encryption ctr_;
};

template <typename Cipher>
std::unique_ptr<AeadStream> ccm_with(std::span<const uint8_t> key, std::span<const uint8_t> nonce, size_t tag_length,
                                     size_t aad_total, size_t message_total) {
  auto cipher = std::make_unique<Cipher>();
  cipher->SetKeyWithIV(key.data(), key.size(), nonce.data(), nonce.size());
  cipher->SpecifyDataLengths(aad_total, message_total, 0);
  return std::make_unique<CryptoppStream<Cipher>>(std::move(cipher), tag_length);
}

template <int TagLength>
std::unique_ptr<AeadStream> ccm_direction(std::span<const uint8_t> key, std::span<const uint8_t> nonce,
                                          size_t aad_total, size_t message_total, bool encrypt) {
  using Ccm = CryptoPP::CCM<CryptoPP::AES, TagLength>;
  if (encrypt) return ccm_with<typename Ccm::Encryption>(key, nonce, TagLength, aad_total, message_total);
  return ccm_with<typename Ccm::Decryption>(key, nonce, TagLength, aad_total, message_total);
}
}  // namespace

Bytes gcm_encrypt(std::span<const uint8_t> key, std::span<const uint8_t> iv, std::span<const uint8_t> aad,
                  std::span<const uint8_t> message, size_t tag_length) {
  CryptoPP::GCM<CryptoPP::AES>::Encryption e;
  e.SetKeyWithIV(key.data(), key.size(), iv.data(), iv.size());
  Bytes out(message.size() + tag_length);
  e.EncryptAndAuthenticate(out.data(), out.data() + message.size(), static_cast<int>(tag_length), iv.data(),
                           static_cast<int>(iv.size()), aad.data(), aad.size(), message.data(), message.size());
  return out;
}

std::optional<Bytes> gcm_decrypt(std::span<const uint8_t> key, std::span<const uint8_t> iv,
                                 std::span<const uint8_t> aad, std::span<const uint8_t> ciphertext,
                                 std::span<const uint8_t> tag) {
  CryptoPP::GCM<CryptoPP::AES>::Decryption d;
  d.SetKeyWithIV(key.data(), key.size(), iv.data(), iv.size());
  Bytes out(ciphertext.size());
  if (!d.DecryptAndVerify(out.data(), tag.data(), static_cast<int>(tag.size()), iv.data(), static_cast<int>(iv.size()),
                          aad.data(), aad.size(), ciphertext.data(), ciphertext.size())) {
    return std::nullopt;
  }
  return out;
}

std::unique_ptr<AeadStream> gcm_stream(std::span<const uint8_t> key, std::span<const uint8_t> iv, size_t tag_length,
                                       bool encrypt) {
  if (encrypt) {
    auto e = std::make_unique<CryptoPP::GCM<CryptoPP::AES>::Encryption>();
    e->SetKeyWithIV(key.data(), key.size(), iv.data(), iv.size());
    return std::make_unique<CryptoppStream<CryptoPP::GCM<CryptoPP::AES>::Encryption>>(std::move(e), tag_length);
  }
  auto d = std::make_unique<CryptoPP::GCM<CryptoPP::AES>::Decryption>();
  d->SetKeyWithIV(key.data(), key.size(), iv.data(), iv.size());
  return std::make_unique<CryptoppStream<CryptoPP::GCM<CryptoPP::AES>::Decryption>>(std::move(d), tag_length);
}

std::unique_ptr<AeadStream> ccm_stream(std::span<const uint8_t> key, std::span<const uint8_t, 13> nonce,
                                       size_t tag_length, size_t aad_total, size_t message_total, bool encrypt) {
  switch (tag_length) {
    case 0: return std::make_unique<CcmStarStream>(key, nonce);
    case 4: return ccm_direction<4>(key, nonce, aad_total, message_total, encrypt);
    case 8: return ccm_direction<8>(key, nonce, aad_total, message_total, encrypt);
    case 16: return ccm_direction<16>(key, nonce, aad_total, message_total, encrypt);
  }
  return nullptr;
}

}  // namespace kb::sim::stsafe_a120::chip_aead
