#pragma once
// CCM (RFC 3610 section 2, with the CCM* empty tag of IEEE 802.15.4) from OpenSSL, for checking the
// model's CCM* commands, which run on Crypto++'s CCM mode: two libraries, no shared code. Without a
// tag, CCM* is CTR from counter block A1 = 01 | nonce | 00 01, the keystream CCM itself uses.
#include <openssl/evp.h>

#include <memory>

#include "hal/crypto_openssl/openssl_crypto.h"
#include "tests/unit/simulator/stsafe_a120/host_channel.h"

namespace kb::sim::stsafe_a120::test_support {

// ciphertext | tag for a 13-byte nonce (length field L = 2), tag_length 0, 4, 6, .., 16.
inline Bytes ccm_reference_encrypt(const Bytes& key, const Bytes& nonce, const Bytes& aad, const Bytes& message,
                                   size_t tag_length) {
  Bytes out(message.size()), tag(tag_length);
  if (tag_length > 0) {
    static hal::openssl::OpensslCrypto crypto;
    EXPECT_EQ(crypto.aes_ccm_encrypt(key, nonce, aad, message, out, tag), hal::CryptoResult::kOk);
    return cat({out, tag});
  }
  const Bytes a1 = cat({Bytes{0x01}, nonce, hex("00 01")});
  std::unique_ptr<EVP_CIPHER_CTX, void (*)(EVP_CIPHER_CTX*)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int n = 0;
  uint8_t nothing = 0;
  const bool ok = EVP_EncryptInit_ex2(ctx.get(), key.size() == 16 ? EVP_aes_128_ctr() : EVP_aes_256_ctr(), key.data(),
                                      a1.data(), nullptr) == 1 &&
                  (message.empty() || EVP_EncryptUpdate(ctx.get(), out.data(), &n, message.data(),
                                                        static_cast<int>(message.size())) == 1) &&
                  EVP_EncryptFinal_ex(ctx.get(), &nothing, &n) == 1;
  EXPECT_TRUE(ok) << "OpenSSL AES-CTR";
  return out;
}

}  // namespace kb::sim::stsafe_a120::test_support
