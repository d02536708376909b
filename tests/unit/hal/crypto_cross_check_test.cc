// The OpenSSL and Crypto++ backends on the same random inputs, every operation: two independent
// libraries agreeing on thousands of sizes and values catch a wrong parameter (a nonce length, a
// tag length, an empty-input corner) that one library's vectors alone might miss. Key wrap, which
// Crypto++ lacks, is checked against the STSAFE model's unwrap (Crypto++ AES). Inputs come from a
// fixed-seed generator, so a failure replays.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "hal/crypto_cryptopp/cryptopp_crypto.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "simulator/stsafe_a120/chip_crypto.h"
#include "tests/unit/hal/crypto_test_support.h"

namespace kb::hal {
namespace {

using test::Buffer;

constexpr int kSymmetricRounds = 200;
constexpr int kCurveRounds = 12;  // Crypto++'s P-256 takes about a millisecond an operation

class CryptoCrossCheckTest : public ::testing::Test {
 protected:
  Buffer bytes(size_t n) {
    Buffer b(n);
    for (auto& x : b) x = static_cast<uint8_t>(rng_());
    return b;
  }
  size_t between(size_t lo, size_t hi) { return std::uniform_int_distribution<size_t>(lo, hi)(rng_); }
  Buffer aes_key() { return bytes(between(0, 1) ? 32 : 16); }

  std::mt19937_64 rng_{20240610};
  openssl::OpensslCrypto openssl_{11};
  cryptopp::CryptoppCrypto cryptopp_{11};
};

TEST_F(CryptoCrossCheckTest, AesEcbAndCbcAgree) {
  for (int round = 0; round < kSymmetricRounds; ++round) {
    const Buffer key = aes_key(), iv = bytes(16), in = bytes(16 * between(0, 8));
    Buffer a(in.size()), b(in.size());
    ASSERT_EQ(openssl_.aes_ecb_encrypt(key, in, a), CryptoResult::kOk);
    ASSERT_EQ(cryptopp_.aes_ecb_encrypt(key, in, b), CryptoResult::kOk);
    ASSERT_EQ(a, b) << "ECB encrypt, round " << round;
    ASSERT_EQ(openssl_.aes_ecb_decrypt(key, in, a), CryptoResult::kOk);
    ASSERT_EQ(cryptopp_.aes_ecb_decrypt(key, in, b), CryptoResult::kOk);
    ASSERT_EQ(a, b) << "ECB decrypt, round " << round;
    ASSERT_EQ(openssl_.aes_cbc_encrypt(key, iv, in, a), CryptoResult::kOk);
    ASSERT_EQ(cryptopp_.aes_cbc_encrypt(key, iv, in, b), CryptoResult::kOk);
    ASSERT_EQ(a, b) << "CBC encrypt, round " << round;
    ASSERT_EQ(openssl_.aes_cbc_decrypt(key, iv, in, a), CryptoResult::kOk);
    ASSERT_EQ(cryptopp_.aes_cbc_decrypt(key, iv, in, b), CryptoResult::kOk);
    ASSERT_EQ(a, b) << "CBC decrypt, round " << round;
  }
}

TEST_F(CryptoCrossCheckTest, AesCmacAgrees) {
  for (int round = 0; round < kSymmetricRounds; ++round) {
    const Buffer key = aes_key(), message = bytes(between(0, 100));
    Buffer a(16), b(16);
    ASSERT_EQ(openssl_.aes_cmac(key, message, a), CryptoResult::kOk);
    ASSERT_EQ(cryptopp_.aes_cmac(key, message, b), CryptoResult::kOk);
    ASSERT_EQ(a, b) << "message length " << message.size();
  }
}

TEST_F(CryptoCrossCheckTest, AesCcmAgreesAndEachOpensTheOther) {
  for (int round = 0; round < kSymmetricRounds; ++round) {
    const Buffer key = aes_key(), nonce = bytes(between(7, 13)), aad = bytes(between(0, 40)),
                 plain = bytes(between(0, 80));
    const size_t tag_size = 2 * between(2, 8);
    Buffer ca(plain.size()), ta(tag_size), cb(plain.size()), tb(tag_size);
    ASSERT_EQ(openssl_.aes_ccm_encrypt(key, nonce, aad, plain, ca, ta), CryptoResult::kOk);
    ASSERT_EQ(cryptopp_.aes_ccm_encrypt(key, nonce, aad, plain, cb, tb), CryptoResult::kOk);
    ASSERT_EQ(ca, cb) << "round " << round;
    ASSERT_EQ(ta, tb) << "round " << round;
    Buffer pa(plain.size()), pb(plain.size());
    ASSERT_EQ(openssl_.aes_ccm_decrypt(key, nonce, aad, cb, tb, pa), CryptoResult::kOk);
    ASSERT_EQ(cryptopp_.aes_ccm_decrypt(key, nonce, aad, ca, ta, pb), CryptoResult::kOk);
    ASSERT_EQ(pa, plain);
    ASSERT_EQ(pb, plain);
    Buffer bad_tag = ta;
    bad_tag[between(0, tag_size - 1)] ^= 0x04;
    EXPECT_EQ(openssl_.aes_ccm_decrypt(key, nonce, aad, ca, bad_tag, pa), CryptoResult::kVerifyFailed);
    EXPECT_EQ(cryptopp_.aes_ccm_decrypt(key, nonce, aad, ca, bad_tag, pb), CryptoResult::kVerifyFailed);
  }
}

TEST_F(CryptoCrossCheckTest, KeyWrapOpensInTheModelsCryptoppUnwrap) {
  for (int round = 0; round < kSymmetricRounds; ++round) {
    const Buffer kek = aes_key(), key = bytes(8 * between(2, 8));
    Buffer wrapped(key.size() + 8), back(key.size());
    ASSERT_EQ(openssl_.aes_key_wrap(kek, key, wrapped), CryptoResult::kOk);
    const auto model = sim::stsafe_a120::chip_crypto::aes_key_unwrap(kek, wrapped);
    ASSERT_TRUE(model.has_value()) << "round " << round;
    ASSERT_EQ(*model, key) << "round " << round;
    ASSERT_EQ(openssl_.aes_key_unwrap(kek, wrapped, back), CryptoResult::kOk);
    ASSERT_EQ(back, key);
    wrapped[between(0, wrapped.size() - 1)] ^= 0x20;
    EXPECT_EQ(openssl_.aes_key_unwrap(kek, wrapped, back), CryptoResult::kVerifyFailed);
    EXPECT_FALSE(sim::stsafe_a120::chip_crypto::aes_key_unwrap(kek, wrapped).has_value());
  }
}

TEST_F(CryptoCrossCheckTest, Sha256HmacAndHkdfAgree) {
  for (int round = 0; round < kSymmetricRounds; ++round) {
    const Buffer message = bytes(between(0, 300)), key = bytes(between(0, 100));
    Buffer a(32), b(32);
    ASSERT_EQ(openssl_.sha256(message, a), CryptoResult::kOk);
    ASSERT_EQ(cryptopp_.sha256(message, b), CryptoResult::kOk);
    ASSERT_EQ(a, b) << "SHA-256 of " << message.size() << " bytes";
    ASSERT_EQ(openssl_.hmac_sha256(key, message, a), CryptoResult::kOk);
    ASSERT_EQ(cryptopp_.hmac_sha256(key, message, b), CryptoResult::kOk);
    ASSERT_EQ(a, b) << "HMAC key " << key.size() << " bytes, message " << message.size();

    const Buffer salt = bytes(between(0, 80)), ikm = bytes(between(0, 80)), info = bytes(between(0, 200));
    Buffer oa(between(1, 200)), ob(oa.size());
    ASSERT_EQ(openssl_.hkdf_sha256(salt, ikm, info, oa), CryptoResult::kOk);
    ASSERT_EQ(cryptopp_.hkdf_sha256(salt, ikm, info, ob), CryptoResult::kOk);
    ASSERT_EQ(oa, ob) << "HKDF salt " << salt.size() << ", ikm " << ikm.size() << ", info " << info.size() << ", okm "
                      << oa.size();
  }
}

TEST_F(CryptoCrossCheckTest, P256KeysEcdhAndSignaturesAgree) {
  for (int round = 0; round < kCurveRounds; ++round) {
    // A key pair from each backend; each backend derives the other's public key.
    Buffer da(32), qa(64), db(32), qb(64), q(64);
    ASSERT_EQ(openssl_.p256_generate(da, qa), CryptoResult::kOk);
    ASSERT_EQ(cryptopp_.p256_generate(db, qb), CryptoResult::kOk);
    ASSERT_EQ(cryptopp_.p256_public_from_private(da, q), CryptoResult::kOk);
    ASSERT_EQ(q, qa);
    ASSERT_EQ(openssl_.p256_public_from_private(db, q), CryptoResult::kOk);
    ASSERT_EQ(q, qb);

    Buffer z1(32), z2(32), z3(32), z4(32);
    ASSERT_EQ(openssl_.p256_ecdh(da, qb, z1), CryptoResult::kOk);
    ASSERT_EQ(cryptopp_.p256_ecdh(da, qb, z2), CryptoResult::kOk);
    ASSERT_EQ(openssl_.p256_ecdh(db, qa, z3), CryptoResult::kOk);
    ASSERT_EQ(cryptopp_.p256_ecdh(db, qa, z4), CryptoResult::kOk);
    EXPECT_EQ(z1, z2);
    EXPECT_EQ(z1, z3);
    EXPECT_EQ(z1, z4);

    // A signature from either verifies on both; a changed digest verifies on neither.
    Buffer digest = bytes(32), sa(64), sb(64);
    ASSERT_EQ(openssl_.p256_sign_digest(da, digest, sa), CryptoResult::kOk);
    ASSERT_EQ(cryptopp_.p256_sign_digest(db, digest, sb), CryptoResult::kOk);
    EXPECT_EQ(cryptopp_.p256_verify_digest(qa, digest, sa), CryptoResult::kOk);
    EXPECT_EQ(openssl_.p256_verify_digest(qa, digest, sa), CryptoResult::kOk);
    EXPECT_EQ(openssl_.p256_verify_digest(qb, digest, sb), CryptoResult::kOk);
    EXPECT_EQ(cryptopp_.p256_verify_digest(qb, digest, sb), CryptoResult::kOk);
    digest[between(0, 31)] ^= 0x01;
    EXPECT_EQ(openssl_.p256_verify_digest(qb, digest, sb), CryptoResult::kVerifyFailed);
    EXPECT_EQ(cryptopp_.p256_verify_digest(qa, digest, sa), CryptoResult::kVerifyFailed);
  }
}

TEST_F(CryptoCrossCheckTest, RandomPublicKeysAreRejectedAlike) {
  // Random X || Y is almost never on the curve; whatever one backend says, the other must too.
  for (int round = 0; round < kSymmetricRounds; ++round) {
    const Buffer peer = bytes(64), priv = Buffer(32, 0x22);
    Buffer za(32), zb(32);
    const CryptoResult a = openssl_.p256_ecdh(priv, peer, za);
    const CryptoResult b = cryptopp_.p256_ecdh(priv, peer, zb);
    ASSERT_EQ(a, b) << "round " << round;
    EXPECT_EQ(a, CryptoResult::kInvalidKey);
  }
}

}  // namespace
}  // namespace kb::hal
