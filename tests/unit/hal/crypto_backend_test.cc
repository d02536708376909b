// Both kb::hal::Crypto backends, OpenSSL (every host target's) and Crypto++ (the cross-check), as
// one typed suite: published vectors (source named on each), the STSAFE fact sheet's deterministic
// P-256 / KEK vector, malformed keys and wrong sizes. crypto_cross_check_test.cc compares the two
// on random inputs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "hal/crypto_cryptopp/cryptopp_crypto.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "hal/host/stdio_console.h"
#include "tests/unit/hal/crypto_test_support.h"

namespace kb::hal {
namespace {

using cryptopp::CryptoppCrypto;
using openssl::OpensslCrypto;
using test::Buffer;
using test::concat;
using test::flipped;
using test::hex;
using test::repeat;
using test::text;

using ::testing::Each;
using ::testing::Eq;

using Buffer = std::vector<uint8_t>;

// A sentinel fill, so tests can tell "zeroed" from "never written".
constexpr uint8_t kUnwritten = 0xEE;

template <typename Backend>
class CryptoBackendTest : public ::testing::Test {
 protected:
  Backend crypto_;
};

// Key wrap is OpenSSL's alone: Crypto++ has none, and the project writes no cipher mode itself.
// crypto_cross_check_test.cc opens OpenSSL's wrap with the STSAFE model's Crypto++ unwrap.
class OpensslKeyWrapTest : public ::testing::Test {
 protected:
  OpensslCrypto crypto_;
};

using Backends = ::testing::Types<OpensslCrypto, CryptoppCrypto>;
class BackendNames {
 public:
  template <typename T>
  static std::string GetName(int) {
    return std::is_same_v<T, OpensslCrypto> ? "OpenSSL" : "Cryptopp";
  }
};
TYPED_TEST_SUITE(CryptoBackendTest, Backends, BackendNames);

// ---------------------------------------------------------------- AES ECB / CBC

// SP 800-38A appendix F: the shared key and four plaintext blocks.
const Buffer kSp80038aKey128 = hex("2b7e151628aed2a6abf7158809cf4f3c");
const Buffer kSp80038aKey256 = hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
const Buffer kSp80038aPlain =
    hex("6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51"
        "30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710");

TYPED_TEST(CryptoBackendTest, AesEcbFips197AppendixC) {
  // FIPS-197 C.1 (AES-128) and C.3 (AES-256).
  const Buffer plain = hex("00112233445566778899aabbccddeeff");
  struct Case {
    Buffer key, cipher;
  } cases[] = {{hex("000102030405060708090a0b0c0d0e0f"), hex("69c4e0d86a7b0430d8cdb78070b4c55a")},
               {hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"),
                hex("8ea2b7ca516745bfeafc49904b496089")}};
  for (const Case& c : cases) {
    Buffer out(16);
    ASSERT_EQ(this->crypto_.aes_ecb_encrypt(c.key, plain, out), CryptoResult::kOk);
    EXPECT_EQ(out, c.cipher);
    ASSERT_EQ(this->crypto_.aes_ecb_decrypt(c.key, c.cipher, out), CryptoResult::kOk);
    EXPECT_EQ(out, plain);
  }
}

TYPED_TEST(CryptoBackendTest, AesEcbSp80038aF11AndF15) {
  // SP 800-38A F.1.1 ECB-AES128.Encrypt / F.1.2 Decrypt.
  const Buffer cipher128 =
      hex("3ad77bb40d7a3660a89ecaf32466ef97 f5d3d58503b9699de785895a96fdbaaf"
          "43b1cd7f598ece23881b00e3ed030688 7b0c785e27e8ad3f8223207104725dd4");
  // SP 800-38A F.1.5 ECB-AES256.Encrypt / F.1.6 Decrypt.
  const Buffer cipher256 =
      hex("f3eed1bdb5d2a03c064b5a7e3db181f8 591ccb10d410ed26dc5ba74a31362870"
          "b6ed21b99ca6f4f9f153e7b1beafed1d 23304b7a39f9f3ff067d8d8f9e24ecc7");
  Buffer out(64);
  ASSERT_EQ(this->crypto_.aes_ecb_encrypt(kSp80038aKey128, kSp80038aPlain, out), CryptoResult::kOk);
  EXPECT_EQ(out, cipher128);
  ASSERT_EQ(this->crypto_.aes_ecb_decrypt(kSp80038aKey128, cipher128, out), CryptoResult::kOk);
  EXPECT_EQ(out, kSp80038aPlain);
  ASSERT_EQ(this->crypto_.aes_ecb_encrypt(kSp80038aKey256, kSp80038aPlain, out), CryptoResult::kOk);
  EXPECT_EQ(out, cipher256);
  ASSERT_EQ(this->crypto_.aes_ecb_decrypt(kSp80038aKey256, cipher256, out), CryptoResult::kOk);
  EXPECT_EQ(out, kSp80038aPlain);
}

TYPED_TEST(CryptoBackendTest, AesCbcSp80038aF21) {
  // SP 800-38A F.2.1 CBC-AES128.Encrypt / F.2.2 Decrypt.
  const Buffer iv = hex("000102030405060708090a0b0c0d0e0f");
  const Buffer cipher =
      hex("7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2"
          "73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7");
  Buffer out(64);
  ASSERT_EQ(this->crypto_.aes_cbc_encrypt(kSp80038aKey128, iv, kSp80038aPlain, out), CryptoResult::kOk);
  EXPECT_EQ(out, cipher);
  ASSERT_EQ(this->crypto_.aes_cbc_decrypt(kSp80038aKey128, iv, cipher, out), CryptoResult::kOk);
  EXPECT_EQ(out, kSp80038aPlain);
}

TYPED_TEST(CryptoBackendTest, AesRejectsBadSizes) {
  Buffer out(16);
  const Buffer block(16, 0);
  const Buffer iv(16, 0);
  EXPECT_EQ(this->crypto_.aes_ecb_encrypt(Buffer(24, 0), block, out), CryptoResult::kInvalidArgument);  // AES-192
  EXPECT_EQ(this->crypto_.aes_ecb_encrypt(Buffer(15, 0), block, out), CryptoResult::kInvalidArgument);
  Buffer out15(15);
  EXPECT_EQ(this->crypto_.aes_ecb_decrypt(Buffer(16, 0), Buffer(15, 0), out15), CryptoResult::kInvalidArgument);
  EXPECT_EQ(this->crypto_.aes_ecb_encrypt(Buffer(16, 0), Buffer(32, 0), out), CryptoResult::kInvalidArgument);
  EXPECT_EQ(this->crypto_.aes_cbc_encrypt(Buffer(16, 0), Buffer(12, 0), block, out), CryptoResult::kInvalidArgument);
  EXPECT_EQ(this->crypto_.aes_cbc_decrypt(Buffer(33, 0), iv, block, out), CryptoResult::kInvalidArgument);
  Buffer tag(8);
  EXPECT_EQ(this->crypto_.aes_cmac(Buffer(16, 0), block, tag), CryptoResult::kInvalidArgument);
}

// ---------------------------------------------------------------- AES-CMAC

TYPED_TEST(CryptoBackendTest, AesCmacRfc4493Examples) {
  // RFC 4493 section 4, examples 1-4: message = the first 0, 16, 40 and 64 bytes of the
  // SP 800-38A plaintext under the same AES-128 key.
  struct Case {
    size_t length;
    Buffer tag;
  } cases[] = {{0, hex("bb1d6929e95937287fa37d129b756746")},
               {16, hex("070a16b46b4d4144f79bdd9dd04a287c")},
               {40, hex("dfa66747de9ae63030ca32611497c827")},
               {64, hex("51f0bebf7e3b9d92fc49741779363cfe")}};
  for (const Case& c : cases) {
    Buffer tag(16);
    ASSERT_EQ(this->crypto_.aes_cmac(kSp80038aKey128, Bytes(kSp80038aPlain).first(c.length), tag), CryptoResult::kOk);
    EXPECT_EQ(tag, c.tag) << "message length " << c.length;
  }
}

// ---------------------------------------------------------------- AES-CCM

struct CcmVector {
  const char* source;
  Buffer key, nonce, aad, plain, cipher, tag;
};

std::vector<CcmVector> ccm_vectors() {
  const Buffer sp80038c_key = hex("404142434445464748494a4b4c4d4e4f");
  return {
      // RFC 3610 section 8, packet vector #1 (M = 8, L = 2): the first 8 packet bytes are the
      // header (AAD), the other 23 the payload.
      {"RFC 3610 #1", hex("c0c1c2c3c4c5c6c7c8c9cacbcccdcecf"), hex("00000003020100a0a1a2a3a4a5"),
       hex("0001020304050607"), hex("08090a0b0c0d0e0f101112131415161718191a1b1c1d1e"),
       hex("588c979a61c663d2f066d0c2c0f989806d5f6b61dac384"), hex("17e8d12cfdf926e0")},
      // SP 800-38C appendix C.1: Tlen 32, Nlen 56, Alen 64, Plen 32.
      {"SP 800-38C C.1", sp80038c_key, hex("10111213141516"), hex("0001020304050607"), hex("20212223"), hex("7162015b"),
       hex("4dac255d")},
      // SP 800-38C appendix C.2: Tlen 48, Nlen 64, Alen 128, Plen 128.
      {"SP 800-38C C.2", sp80038c_key, hex("1011121314151617"), hex("000102030405060708090a0b0c0d0e0f"),
       hex("202122232425262728292a2b2c2d2e2f"), hex("d2a1f0e051ea5f62081a7792073d593d"), hex("1fc64fbfaccd")},
      // SP 800-38C appendix C.3: Tlen 64, Nlen 96, Alen 160, Plen 192.
      {"SP 800-38C C.3", sp80038c_key, hex("101112131415161718191a1b"), hex("000102030405060708090a0b0c0d0e0f10111213"),
       hex("202122232425262728292a2b2c2d2e2f3031323334353637"), hex("e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5"),
       hex("484392fbc1b09951")},
  };
}

TYPED_TEST(CryptoBackendTest, AesCcmPublishedVectors) {
  for (const CcmVector& v : ccm_vectors()) {
    Buffer cipher(v.plain.size()), tag(v.tag.size());
    ASSERT_EQ(this->crypto_.aes_ccm_encrypt(v.key, v.nonce, v.aad, v.plain, cipher, tag), CryptoResult::kOk)
        << v.source;
    EXPECT_EQ(cipher, v.cipher) << v.source;
    EXPECT_EQ(tag, v.tag) << v.source;
    Buffer plain(v.cipher.size());
    ASSERT_EQ(this->crypto_.aes_ccm_decrypt(v.key, v.nonce, v.aad, v.cipher, v.tag, plain), CryptoResult::kOk)
        << v.source;
    EXPECT_EQ(plain, v.plain) << v.source;
  }
}

TYPED_TEST(CryptoBackendTest, AesCcmAnyFlippedBitFailsAndReleasesNothing) {
  for (const CcmVector& v : ccm_vectors()) {
    struct Tampered {
      const char* what;
      Buffer nonce, aad, cipher, tag;
    } cases[] = {
        {"ciphertext", v.nonce, v.aad, flipped(v.cipher, 0), v.tag},
        {"tag", v.nonce, v.aad, v.cipher, flipped(v.tag, v.tag.size() - 1, 0x80)},
        {"nonce", flipped(v.nonce, v.nonce.size() - 1), v.aad, v.cipher, v.tag},
        {"aad", v.nonce, flipped(v.aad, 3, 0x10), v.cipher, v.tag},
    };
    for (const Tampered& t : cases) {
      Buffer plain(v.cipher.size(), kUnwritten);
      EXPECT_EQ(this->crypto_.aes_ccm_decrypt(v.key, t.nonce, t.aad, t.cipher, t.tag, plain),
                CryptoResult::kVerifyFailed)
          << v.source << ", flipped " << t.what;
      EXPECT_THAT(plain, Each(Eq(0))) << v.source << ", flipped " << t.what;
    }
  }
}

TYPED_TEST(CryptoBackendTest, AesCcmTagLengthIsPartOfTheComputation) {
  // Every even tag length 4..16 round-trips, and a shorter tag is not a prefix of a longer one
  // (SP 800-38C encodes Tlen in B0).
  const CcmVector v = ccm_vectors()[0];
  Buffer tag16(16);
  Buffer cipher(v.plain.size());
  ASSERT_EQ(this->crypto_.aes_ccm_encrypt(v.key, v.nonce, v.aad, v.plain, cipher, tag16), CryptoResult::kOk);
  for (size_t length = 4; length <= 16; length += 2) {
    Buffer tag(length), plain(v.plain.size());
    ASSERT_EQ(this->crypto_.aes_ccm_encrypt(v.key, v.nonce, v.aad, v.plain, cipher, tag), CryptoResult::kOk) << length;
    EXPECT_EQ(cipher, v.cipher) << length;
    if (length < 16) {
      EXPECT_NE(tag, Buffer(tag16.begin(), tag16.begin() + length)) << length;
    }
    EXPECT_EQ(this->crypto_.aes_ccm_decrypt(v.key, v.nonce, v.aad, cipher, tag, plain), CryptoResult::kOk) << length;
    EXPECT_EQ(plain, v.plain) << length;
  }
}

TYPED_TEST(CryptoBackendTest, AesCcmRejectsBadSizes) {
  const CcmVector v = ccm_vectors()[1];
  Buffer cipher(v.plain.size());
  for (size_t tag_length : {0u, 2u, 5u, 18u}) {
    Buffer tag(tag_length);
    EXPECT_EQ(this->crypto_.aes_ccm_encrypt(v.key, v.nonce, v.aad, v.plain, cipher, tag),
              CryptoResult::kInvalidArgument)
        << tag_length;
  }
  Buffer tag(4);
  EXPECT_EQ(this->crypto_.aes_ccm_encrypt(v.key, Buffer(6, 0), v.aad, v.plain, cipher, tag),
            CryptoResult::kInvalidArgument);
  EXPECT_EQ(this->crypto_.aes_ccm_encrypt(v.key, Buffer(14, 0), v.aad, v.plain, cipher, tag),
            CryptoResult::kInvalidArgument);
  Buffer short_cipher(v.plain.size() - 1);
  EXPECT_EQ(this->crypto_.aes_ccm_encrypt(v.key, v.nonce, v.aad, v.plain, short_cipher, tag),
            CryptoResult::kInvalidArgument);
}

// ---------------------------------------------------------------- RFC 3394 key wrap

TEST(CryptoppKeyWrapTest, IsUnsupportedAndReleasesNothing) {
  CryptoppCrypto crypto;
  const Buffer kek(16, 0x01);
  Buffer out(24, kUnwritten), back(16, kUnwritten);
  EXPECT_EQ(crypto.aes_key_wrap(kek, Buffer(16, 0x02), out), CryptoResult::kUnsupported);
  EXPECT_THAT(out, Each(Eq(0)));
  EXPECT_EQ(crypto.aes_key_unwrap(kek, Buffer(24, 0x03), back), CryptoResult::kUnsupported);
  EXPECT_THAT(back, Each(Eq(0)));
}

TEST_F(OpensslKeyWrapTest, KeyWrapRfc3394Section41) {
  // RFC 3394 4.1: wrap 128 bits of key data with a 128-bit KEK.
  const Buffer kek = hex("000102030405060708090A0B0C0D0E0F");
  const Buffer key = hex("00112233445566778899AABBCCDDEEFF");
  const Buffer wrapped = hex("1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5");
  Buffer out(24);
  ASSERT_EQ(this->crypto_.aes_key_wrap(kek, key, out), CryptoResult::kOk);
  EXPECT_EQ(out, wrapped);
  Buffer back(16);
  ASSERT_EQ(this->crypto_.aes_key_unwrap(kek, wrapped, back), CryptoResult::kOk);
  EXPECT_EQ(back, key);
}

TEST_F(OpensslKeyWrapTest, KeyWrapRfc3394Section46) {
  // RFC 3394 4.6: wrap 256 bits of key data with a 256-bit KEK.
  const Buffer kek = hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
  const Buffer key = hex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
  const Buffer wrapped = hex("28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 CBC7F0E71A99F43B FB988B9B7A02DD21");
  Buffer out(40);
  ASSERT_EQ(this->crypto_.aes_key_wrap(kek, key, out), CryptoResult::kOk);
  EXPECT_EQ(out, wrapped);
  Buffer back(32);
  ASSERT_EQ(this->crypto_.aes_key_unwrap(kek, wrapped, back), CryptoResult::kOk);
  EXPECT_EQ(back, key);
}

TEST_F(OpensslKeyWrapTest, KeyUnwrapIntegrityFailureReleasesNothing) {
  const Buffer kek = hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
  const Buffer wrapped = hex("28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 CBC7F0E71A99F43B FB988B9B7A02DD21");
  for (size_t byte : {size_t{0}, size_t{20}, size_t{39}}) {
    Buffer out(32, kUnwritten);
    EXPECT_EQ(this->crypto_.aes_key_unwrap(kek, flipped(wrapped, byte), out), CryptoResult::kVerifyFailed) << byte;
    EXPECT_THAT(out, Each(Eq(0))) << byte;
  }
  Buffer out(32, kUnwritten);
  EXPECT_EQ(this->crypto_.aes_key_unwrap(flipped(kek, 31), wrapped, out), CryptoResult::kVerifyFailed);
  EXPECT_THAT(out, Each(Eq(0)));
}

TEST_F(OpensslKeyWrapTest, KeyWrapRejectsBadSizes) {
  const Buffer kek(16, 0);
  Buffer out16(16), out24(24), out28(28), out32(32), out8(8);
  EXPECT_EQ(this->crypto_.aes_key_wrap(kek, Buffer(8, 0), out16), CryptoResult::kInvalidArgument);  // n must be >= 2
  EXPECT_EQ(this->crypto_.aes_key_wrap(kek, Buffer(20, 0), out28), CryptoResult::kInvalidArgument);
  EXPECT_EQ(this->crypto_.aes_key_wrap(kek, Buffer(16, 0), out32), CryptoResult::kInvalidArgument);
  EXPECT_EQ(this->crypto_.aes_key_unwrap(kek, Buffer(16, 0), out8), CryptoResult::kInvalidArgument);
  EXPECT_EQ(this->crypto_.aes_key_wrap(Buffer(24, 0), Buffer(16, 0), out24), CryptoResult::kInvalidArgument);
}

// ---------------------------------------------------------------- AES-GCM (OpenSSL only)

// The GCM specification's (McGrew and Viega) test cases 4 (AES-128) and 16 (AES-256): 60-byte
// message, 20-byte AAD, 96-bit IV. Crypto++'s backend has no GCM: kUnsupported.
struct GcmVector {
  Buffer key, ciphertext, tag;
};
const Buffer kGcmIv = hex("cafebabefacedbaddecaf888");
const Buffer kGcmAad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
const Buffer kGcmPlain =
    hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de6"
        "57ba637b39");
std::vector<GcmVector> gcm_vectors() {
  return {
      {hex("feffe9928665731c6d6a8f9467308308"),
       hex("42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b39"
           "6a0aac973d58e091"),
       hex("5bc94fbc3221a5db94fae95ae7121a47")},
      {hex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"),
       hex("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e63"
           "93ba7a0abcc9f662"),
       hex("76fc6ece0f4e1768cddf8853bb2d551b")},
  };
}

TEST(OpensslGcmTest, SpecificationTestCasesFourAndSixteen) {
  OpensslCrypto crypto;
  for (const GcmVector& v : gcm_vectors()) {
    Buffer cipher(kGcmPlain.size()), tag(16), plain(kGcmPlain.size());
    ASSERT_EQ(crypto.aes_gcm_encrypt(v.key, kGcmIv, kGcmAad, kGcmPlain, cipher, tag), CryptoResult::kOk);
    EXPECT_EQ(cipher, v.ciphertext);
    EXPECT_EQ(tag, v.tag);
    ASSERT_EQ(crypto.aes_gcm_decrypt(v.key, kGcmIv, kGcmAad, v.ciphertext, v.tag, plain), CryptoResult::kOk);
    EXPECT_EQ(plain, kGcmPlain);
    // A shorter tag is the full tag's first bytes.
    Buffer tag12(12);
    ASSERT_EQ(crypto.aes_gcm_encrypt(v.key, kGcmIv, kGcmAad, kGcmPlain, cipher, tag12), CryptoResult::kOk);
    EXPECT_EQ(tag12, Buffer(v.tag.begin(), v.tag.begin() + 12));
    ASSERT_EQ(crypto.aes_gcm_decrypt(v.key, kGcmIv, kGcmAad, v.ciphertext, tag12, plain), CryptoResult::kOk);
  }
}

TEST(OpensslGcmTest, AnyFlippedBitFailsAndReleasesNothing) {
  OpensslCrypto crypto;
  const GcmVector v = gcm_vectors()[1];
  for (size_t byte : {size_t{0}, size_t{30}, size_t{59}}) {
    Buffer plain(kGcmPlain.size(), kUnwritten);
    EXPECT_EQ(crypto.aes_gcm_decrypt(v.key, kGcmIv, kGcmAad, flipped(v.ciphertext, byte), v.tag, plain),
              CryptoResult::kVerifyFailed);
    EXPECT_THAT(plain, Each(Eq(0))) << byte;
  }
  Buffer plain(kGcmPlain.size(), kUnwritten);
  EXPECT_EQ(crypto.aes_gcm_decrypt(v.key, kGcmIv, kGcmAad, v.ciphertext, flipped(v.tag, 15), plain),
            CryptoResult::kVerifyFailed);
  EXPECT_EQ(crypto.aes_gcm_decrypt(v.key, kGcmIv, flipped(kGcmAad, 0), v.ciphertext, v.tag, plain),
            CryptoResult::kVerifyFailed);
  EXPECT_THAT(plain, Each(Eq(0)));
}

TEST(OpensslGcmTest, RejectsBadSizesAndCryptoppHasNone) {
  OpensslCrypto crypto;
  const GcmVector v = gcm_vectors()[0];
  Buffer cipher(kGcmPlain.size()), short_cipher(kGcmPlain.size() - 1);
  for (size_t tag_length : {size_t{0}, size_t{3}, size_t{6}, size_t{11}, size_t{17}}) {
    Buffer tag(tag_length);
    EXPECT_EQ(crypto.aes_gcm_encrypt(v.key, kGcmIv, kGcmAad, kGcmPlain, cipher, tag), CryptoResult::kInvalidArgument)
        << tag_length;
  }
  Buffer tag(16);
  EXPECT_EQ(crypto.aes_gcm_encrypt(v.key, Buffer{}, kGcmAad, kGcmPlain, cipher, tag), CryptoResult::kInvalidArgument);
  EXPECT_EQ(crypto.aes_gcm_encrypt(Buffer(24, 0), kGcmIv, kGcmAad, kGcmPlain, cipher, tag),
            CryptoResult::kInvalidArgument);
  EXPECT_EQ(crypto.aes_gcm_encrypt(v.key, kGcmIv, kGcmAad, kGcmPlain, short_cipher, tag),
            CryptoResult::kInvalidArgument);
  CryptoppCrypto other;
  EXPECT_EQ(other.aes_gcm_encrypt(v.key, kGcmIv, kGcmAad, kGcmPlain, cipher, tag), CryptoResult::kUnsupported);
}

// ---------------------------------------------------------------- SHA-256, HMAC, HKDF

TYPED_TEST(CryptoBackendTest, Sha256Fips180Abc) {
  // FIPS 180-2 appendix B.1: SHA-256("abc").
  Buffer digest(32);
  ASSERT_EQ(this->crypto_.sha256(text("abc"), digest), CryptoResult::kOk);
  EXPECT_EQ(digest, hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  Buffer wrong_size(31);
  EXPECT_EQ(this->crypto_.sha256(text("abc"), wrong_size), CryptoResult::kInvalidArgument);
}

TYPED_TEST(CryptoBackendTest, HmacSha256Rfc4231TestCase2) {
  // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
  Buffer mac(32);
  ASSERT_EQ(this->crypto_.hmac_sha256(text("Jefe"), text("what do ya want for nothing?"), mac), CryptoResult::kOk);
  EXPECT_EQ(mac, hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
}

TYPED_TEST(CryptoBackendTest, HkdfSha256Rfc5869TestCase1) {
  // RFC 5869 A.1.
  Buffer okm(42);
  ASSERT_EQ(
      this->crypto_.hkdf_sha256(hex("000102030405060708090a0b0c"), repeat(0x0b, 22), hex("f0f1f2f3f4f5f6f7f8f9"), okm),
      CryptoResult::kOk);
  EXPECT_EQ(okm, hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"));
}

TYPED_TEST(CryptoBackendTest, HkdfSha256Rfc5869TestCase3EmptySaltAndInfo) {
  // RFC 5869 A.3: salt and info are zero-length.
  Buffer okm(42);
  ASSERT_EQ(this->crypto_.hkdf_sha256({}, repeat(0x0b, 22), {}, okm), CryptoResult::kOk);
  EXPECT_EQ(okm, hex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"));
}

TYPED_TEST(CryptoBackendTest, HkdfRejectsOutputLengthsRfc5869Forbids) {
  Buffer none;
  Buffer too_long(255 * 32 + 1);
  EXPECT_EQ(this->crypto_.hkdf_sha256({}, repeat(0x0b, 22), {}, none), CryptoResult::kInvalidArgument);
  EXPECT_EQ(this->crypto_.hkdf_sha256({}, repeat(0x0b, 22), {}, too_long), CryptoResult::kInvalidArgument);
}

// ---------------------------------------------------------------- P-256 and the STSAFE KEK chain

// /work/shared/reference/stsafe-a120-protocol.md section 4.6 (deterministic P-256 vector).
const Buffer kChipPrivate = repeat(0x11, 32);
const Buffer kChipPublic =
    hex("0217E617F0B6443928278F96999E69A23A4F2C152BDF6D6CDF66E5B80282D4ED"
        "194A7DEBCB97712D2DDA3CA85AA8765A56F45FC758599652F2897C65306E5794");
const Buffer kHostPrivate = repeat(0x22, 32);
const Buffer kHostPublic =
    hex("D65A93977CAA3D1B081852FF57A79E465F1660577304BAEAD505DD3A48589CF3"
        "50185E895372DF6221EA3A137557E473FDDB6755F05BD507C3C533FCE9C91285");
const Buffer kSharedZ = hex("CCFC261F58193C98CA4AD4A53BBAC6F0EE29BC4D48438090446908622CA79AF6");
// Same fact sheet, section 4.1 step 5: the HKDF salt.
const Buffer kKekSalt = hex("E45D4CFD2015DE9E0AA9A9F6A49F45100F99D9633FB1B2DDDBEEE675D54DE25B");

TYPED_TEST(CryptoBackendTest, P256PublicFromPrivateFactSheet46) {
  Buffer pub(64);
  ASSERT_EQ(this->crypto_.p256_public_from_private(kChipPrivate, pub), CryptoResult::kOk);
  EXPECT_EQ(pub, kChipPublic);
  ASSERT_EQ(this->crypto_.p256_public_from_private(kHostPrivate, pub), CryptoResult::kOk);
  EXPECT_EQ(pub, kHostPublic);
}

TYPED_TEST(CryptoBackendTest, P256EcdhFactSheet46BothDirections) {
  Buffer z(32);
  ASSERT_EQ(this->crypto_.p256_ecdh(kHostPrivate, kChipPublic, z), CryptoResult::kOk);
  EXPECT_EQ(z, kSharedZ);
  ASSERT_EQ(this->crypto_.p256_ecdh(kChipPrivate, kHostPublic, z), CryptoResult::kOk);
  EXPECT_EQ(z, kSharedZ);
}

TYPED_TEST(CryptoBackendTest, P256RejectsKeysOffTheCurveOrOutOfRange) {
  Buffer z(32), pub(64);
  EXPECT_EQ(this->crypto_.p256_ecdh(kHostPrivate, flipped(kChipPublic, 63), z), CryptoResult::kInvalidKey);
  EXPECT_EQ(this->crypto_.p256_ecdh(kHostPrivate, Buffer(64, 0), z), CryptoResult::kInvalidKey);
  // A coordinate >= p is not a field element.
  EXPECT_EQ(this->crypto_.p256_ecdh(kHostPrivate, repeat(0xFF, 64), z), CryptoResult::kInvalidKey);
  EXPECT_EQ(this->crypto_.p256_public_from_private(Buffer(32, 0), pub), CryptoResult::kInvalidKey);
  // n, the group order (SEC 2 secp256r1), is one past the largest private key.
  const Buffer order = hex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
  EXPECT_EQ(this->crypto_.p256_public_from_private(order, pub), CryptoResult::kInvalidKey);
  EXPECT_EQ(this->crypto_.p256_ecdh(order, kChipPublic, z), CryptoResult::kInvalidKey);
  const Buffer digest(32, 0x5A);
  const Buffer signature(64, 0x01);
  EXPECT_EQ(this->crypto_.p256_verify_digest(flipped(kChipPublic, 10), digest, signature), CryptoResult::kInvalidKey);
  Buffer sig(64);
  EXPECT_EQ(this->crypto_.p256_sign_digest(order, digest, sig), CryptoResult::kInvalidKey);
  EXPECT_EQ(this->crypto_.p256_sign_digest(Buffer(32, 0), digest, sig), CryptoResult::kInvalidKey);
}

// (0, sqrt(b)) is on P-256 (x = 0 is the smallest x with x^3 - 3x + b a square mod p); (p, y) names
// the same point with an x that is not a field element, and must not be reduced into it.
const Buffer kPointWithXZero =
    hex("0000000000000000000000000000000000000000000000000000000000000000"
        "66485C780E2F83D72433BD5D84A06BB6541C2AF31DAE871728BF856A174F93F4");
const Buffer kSamePointXEqualsP =
    hex("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF"
        "66485C780E2F83D72433BD5D84A06BB6541C2AF31DAE871728BF856A174F93F4");

TYPED_TEST(CryptoBackendTest, P256CoordinatesMustBeFieldElements) {
  Buffer z(32);
  ASSERT_EQ(this->crypto_.p256_ecdh(kHostPrivate, kPointWithXZero, z), CryptoResult::kOk) << "the control point";
  EXPECT_EQ(this->crypto_.p256_ecdh(kHostPrivate, kSamePointXEqualsP, z), CryptoResult::kInvalidKey);
  // y + p for the fact sheet's chip key would not fit 32 bytes; p - y is the negated point, valid.
  const Buffer digest(32, 0x5A);
  EXPECT_EQ(this->crypto_.p256_verify_digest(kSamePointXEqualsP, digest, Buffer(64, 0x01)), CryptoResult::kInvalidKey);
}

TYPED_TEST(CryptoBackendTest, P256PointAtInfinityIsNoKey) {
  // X || Y has no encoding for the point at infinity; all-zero, the usual stand-in, is off the curve.
  Buffer z(32);
  EXPECT_EQ(this->crypto_.p256_ecdh(kHostPrivate, Buffer(64, 0), z), CryptoResult::kInvalidKey);
  EXPECT_EQ(this->crypto_.p256_verify_digest(Buffer(64, 0), Buffer(32, 0x5A), Buffer(64, 0x01)),
            CryptoResult::kInvalidKey);
}

TYPED_TEST(CryptoBackendTest, P256RejectsWrongSizes) {
  Buffer pub(64), z(32), sig(64);
  const Buffer digest(32, 0x5A);
  for (size_t size : {0u, 31u, 33u}) {
    EXPECT_EQ(this->crypto_.p256_public_from_private(Buffer(size, 0x22), pub), CryptoResult::kInvalidArgument) << size;
    EXPECT_EQ(this->crypto_.p256_ecdh(Buffer(size, 0x22), kChipPublic, z), CryptoResult::kInvalidArgument) << size;
    EXPECT_EQ(this->crypto_.p256_sign_digest(Buffer(size, 0x22), digest, sig), CryptoResult::kInvalidArgument) << size;
    EXPECT_EQ(this->crypto_.p256_sign_digest(kHostPrivate, Buffer(size, 0x5A), sig), CryptoResult::kInvalidArgument)
        << size;
  }
  for (size_t size : {0u, 63u, 65u}) {
    const Buffer peer = Buffer(kChipPublic.begin(), kChipPublic.begin() + std::min<size_t>(size, 64));
    const Buffer odd = size == 65 ? concat(kChipPublic, Buffer(1, 0)) : peer;
    EXPECT_EQ(this->crypto_.p256_ecdh(kHostPrivate, odd, z), CryptoResult::kInvalidArgument) << size;
    EXPECT_EQ(this->crypto_.p256_verify_digest(odd, digest, sig), CryptoResult::kInvalidArgument) << size;
    EXPECT_EQ(this->crypto_.p256_verify_digest(kChipPublic, digest, Buffer(size, 1)), CryptoResult::kInvalidArgument)
        << size;
  }
  Buffer short_pub(63), short_z(31), long_sig(65), priv(32);
  EXPECT_EQ(this->crypto_.p256_public_from_private(kHostPrivate, short_pub), CryptoResult::kInvalidArgument);
  EXPECT_EQ(this->crypto_.p256_ecdh(kHostPrivate, kChipPublic, short_z), CryptoResult::kInvalidArgument);
  EXPECT_EQ(this->crypto_.p256_sign_digest(kHostPrivate, digest, long_sig), CryptoResult::kInvalidArgument);
  EXPECT_EQ(this->crypto_.p256_generate(priv, short_pub), CryptoResult::kInvalidArgument);
  EXPECT_EQ(this->crypto_.p256_generate(short_z, pub), CryptoResult::kInvalidArgument);
}

TYPED_TEST(CryptoBackendTest, HashesRejectWrongSizes) {
  Buffer mac31(31), mac33(33);
  EXPECT_EQ(this->crypto_.hmac_sha256(text("k"), text("m"), mac31), CryptoResult::kInvalidArgument);
  EXPECT_EQ(this->crypto_.sha256(text("m"), mac33), CryptoResult::kInvalidArgument);
}

TYPED_TEST(CryptoBackendTest, VolatileKekChainAndCmacEnvelopeFactSheet46) {
  // Base KEK = HKDF(salt, Z, info = Pc || Ph); working KEK #1 = HKDF(salt, base, 10 11 01).
  Buffer base_kek(32);
  ASSERT_EQ(this->crypto_.hkdf_sha256(kKekSalt, kSharedZ, concat(kChipPublic, kHostPublic), base_kek),
            CryptoResult::kOk);
  EXPECT_EQ(base_kek, hex("D16330A28B16E9AC3406927A24BBB80F6FFF5F52DABA136442BD336908032433"));
  Buffer working_kek(32);
  ASSERT_EQ(this->crypto_.hkdf_sha256(kKekSalt, base_kek, hex("101101"), working_kek), CryptoResult::kOk);
  EXPECT_EQ(working_kek, hex("8C5781CC0666102E1073BA6E4BE7C8C037002CD4FFC359AD78B805ACFF8A01FE"));
}

TEST_F(OpensslKeyWrapTest, CmacEnvelopeUnderWorkingKekFactSheet46) {
  // The slot-3 AES-128 CMAC envelope, wrapped with RFC 3394 under working KEK #1 (derived above).
  const Buffer working_kek = hex("8C5781CC0666102E1073BA6E4BE7C8C037002CD4FFC359AD78B805ACFF8A01FE");
  const Buffer envelope = concat(concat(hex("00030001000302"), repeat(0x5A, 16)), hex("80"));
  const Buffer wrapped = hex("ABAFEE3EBC19224CF4A5521136F3F46FC77D92B1584112C08BB8D2F389B91F9C");
  Buffer out(32);
  ASSERT_EQ(this->crypto_.aes_key_wrap(working_kek, envelope, out), CryptoResult::kOk);
  EXPECT_EQ(out, wrapped);
  Buffer back(24);
  ASSERT_EQ(this->crypto_.aes_key_unwrap(working_kek, wrapped, back), CryptoResult::kOk);
  EXPECT_EQ(back, envelope);
}

TYPED_TEST(CryptoBackendTest, EstablishHostKeyOkmFactSheet46) {
  // Section 4.4: info is Ph || Pc (host first), L = 32 for AES-128 MAC key + cipher key.
  Buffer okm(32);
  ASSERT_EQ(this->crypto_.hkdf_sha256(kKekSalt, kSharedZ, concat(kHostPublic, kChipPublic), okm), CryptoResult::kOk);
  EXPECT_EQ(okm, hex("9DE7C3AFFC5C6B965A554B20FF7AFDB6F3410F28A54E359B2C243B83F12CA185"));
}

// ---------------------------------------------------------------- ECDSA

// RFC 6979 appendix A.2.5: P-256 key pair, and the SHA-256 signature of "sample".
const Buffer kRfc6979Private = hex("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721");
const Buffer kRfc6979Public =
    hex("60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"
        "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299");
const Buffer kRfc6979SampleSignature =
    hex("EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716"
        "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");

TYPED_TEST(CryptoBackendTest, EcdsaVerifiesRfc6979A25Signature) {
  Buffer digest(32);
  ASSERT_EQ(this->crypto_.sha256(text("sample"), digest), CryptoResult::kOk);
  EXPECT_EQ(this->crypto_.p256_verify_digest(kRfc6979Public, digest, kRfc6979SampleSignature), CryptoResult::kOk);
  EXPECT_EQ(this->crypto_.p256_verify_digest(kRfc6979Public, digest, flipped(kRfc6979SampleSignature, 63)),
            CryptoResult::kVerifyFailed);
  EXPECT_EQ(this->crypto_.p256_verify_digest(kRfc6979Public, flipped(digest, 0), kRfc6979SampleSignature),
            CryptoResult::kVerifyFailed);
}

// Verifications with alternating keys on one instance: the backend may keep the last key it
// imported, never the last verdict.
TYPED_TEST(CryptoBackendTest, EcdsaVerifyWithAlternatingKeys) {
  Buffer digest(32), other_private(32), other_public(64);
  ASSERT_EQ(this->crypto_.sha256(text("sample"), digest), CryptoResult::kOk);
  ASSERT_EQ(this->crypto_.p256_generate(other_private, other_public), CryptoResult::kOk);
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(this->crypto_.p256_verify_digest(kRfc6979Public, digest, kRfc6979SampleSignature), CryptoResult::kOk);
    EXPECT_EQ(this->crypto_.p256_verify_digest(other_public, digest, kRfc6979SampleSignature),
              CryptoResult::kVerifyFailed);
    EXPECT_EQ(this->crypto_.p256_verify_digest(flipped(kRfc6979Public, 10), digest, kRfc6979SampleSignature),
              CryptoResult::kInvalidKey);
  }
  EXPECT_EQ(this->crypto_.p256_verify_digest(kRfc6979Public, digest, kRfc6979SampleSignature), CryptoResult::kOk);
}

TYPED_TEST(CryptoBackendTest, EcdsaSignsTheRfc6979A25KeyAndSample) {
  Buffer pub(64), digest(32), signature(64), again(64);
  ASSERT_EQ(this->crypto_.p256_public_from_private(kRfc6979Private, pub), CryptoResult::kOk);
  EXPECT_EQ(pub, kRfc6979Public);
  ASSERT_EQ(this->crypto_.sha256(text("sample"), digest), CryptoResult::kOk);
  ASSERT_EQ(this->crypto_.p256_sign_digest(kRfc6979Private, digest, signature), CryptoResult::kOk);
  ASSERT_EQ(this->crypto_.p256_sign_digest(kRfc6979Private, digest, again), CryptoResult::kOk);
  EXPECT_EQ(this->crypto_.p256_verify_digest(kRfc6979Public, digest, signature), CryptoResult::kOk);
  if constexpr (std::is_same_v<TypeParam, CryptoppCrypto>) {
    // Deterministic nonces make the RFC's exact (r, s) reproducible.
    EXPECT_EQ(signature, kRfc6979SampleSignature);
    EXPECT_EQ(again, signature);
  } else {
    // OpenSSL 3.0 draws k at random: same digest, same key, another signature, both valid.
    EXPECT_NE(again, signature);
    EXPECT_EQ(this->crypto_.p256_verify_digest(kRfc6979Public, digest, again), CryptoResult::kOk);
  }
}

TYPED_TEST(CryptoBackendTest, EcdsaSignThenVerifyAndRejectFlippedBits) {
  Buffer priv(32), pub(64), signature(64);
  ASSERT_EQ(this->crypto_.p256_generate(priv, pub), CryptoResult::kOk);
  const Buffer digest = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  ASSERT_EQ(this->crypto_.p256_sign_digest(priv, digest, signature), CryptoResult::kOk);
  EXPECT_EQ(this->crypto_.p256_verify_digest(pub, digest, signature), CryptoResult::kOk);
  EXPECT_EQ(this->crypto_.p256_verify_digest(pub, digest, flipped(signature, 5)), CryptoResult::kVerifyFailed);
  EXPECT_EQ(this->crypto_.p256_verify_digest(pub, digest, flipped(signature, 40)), CryptoResult::kVerifyFailed);
  EXPECT_EQ(this->crypto_.p256_verify_digest(pub, flipped(digest, 31), signature), CryptoResult::kVerifyFailed);
  EXPECT_EQ(this->crypto_.p256_verify_digest(kChipPublic, digest, signature), CryptoResult::kVerifyFailed);
  // r = 0 and s = n are outside [1, n-1].
  EXPECT_EQ(this->crypto_.p256_verify_digest(pub, digest,
                                             concat(Buffer(32, 0), Buffer(signature.begin() + 32, signature.end()))),
            CryptoResult::kVerifyFailed);
  EXPECT_EQ(
      this->crypto_.p256_verify_digest(pub, digest,
                                       concat(Buffer(signature.begin(), signature.begin() + 32),
                                              hex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551"))),
      CryptoResult::kVerifyFailed);
}

TEST(OpensslHkdfTest, InfoBeyondOpensslsLimitIsAnInvalidArgument) {
  OpensslCrypto crypto;
  Buffer okm(32);
  EXPECT_EQ(crypto.hkdf_sha256({}, repeat(0x0b, 22), Buffer(OpensslCrypto::kMaxHkdfInfo, 0x01), okm),
            CryptoResult::kOk);
  EXPECT_EQ(crypto.hkdf_sha256({}, repeat(0x0b, 22), Buffer(OpensslCrypto::kMaxHkdfInfo + 1, 0x01), okm),
            CryptoResult::kInvalidArgument);
}

TEST(OpensslErrorLogTest, RejectedInputsAreNotLibraryFailures) {
  // A malformed key or a wrong tag is the caller's problem: it gets its result value, and neither
  // last_error nor the log console hears of it (they are for OpenSSL failing).
  OpensslCrypto crypto;
  host::CaptureConsole log;
  crypto.set_log(&log);
  Buffer z(32), plain(4), out(16);
  EXPECT_EQ(crypto.p256_ecdh(repeat(0x22, 32), Buffer(64, 0), z), CryptoResult::kInvalidKey);
  EXPECT_EQ(crypto.aes_ccm_decrypt(Buffer(16, 1), Buffer(13, 2), {}, Buffer(4, 3), Buffer(8, 4), plain),
            CryptoResult::kVerifyFailed);
  EXPECT_EQ(crypto.aes_key_unwrap(Buffer(16, 1), Buffer(24, 5), out), CryptoResult::kVerifyFailed);
  EXPECT_EQ(crypto.p256_verify_digest(kChipPublic, Buffer(32, 0x5A), Buffer(64, 0x01)), CryptoResult::kVerifyFailed);
  EXPECT_EQ(crypto.last_error(), "");
  EXPECT_EQ(log.text(), "");
}

// ---------------------------------------------------------------- randomness

template <typename Backend>
class CryptoSeedTest : public ::testing::Test {};
TYPED_TEST_SUITE(CryptoSeedTest, Backends, BackendNames);

TYPED_TEST(CryptoSeedTest, SameSeedSameRandomBytesAndKeys) {
  TypeParam a(1234), b(1234), c(1235);
  Buffer ra(48), rb(48), rc(48);
  ASSERT_EQ(a.random(ra), CryptoResult::kOk);
  ASSERT_EQ(b.random(rb), CryptoResult::kOk);
  ASSERT_EQ(c.random(rc), CryptoResult::kOk);
  EXPECT_EQ(ra, rb);
  EXPECT_NE(ra, rc);

  Buffer priv_a(32), pub_a(64), priv_b(32), pub_b(64), priv_c(32), pub_c(64);
  ASSERT_EQ(a.p256_generate(priv_a, pub_a), CryptoResult::kOk);
  ASSERT_EQ(b.p256_generate(priv_b, pub_b), CryptoResult::kOk);
  ASSERT_EQ(c.p256_generate(priv_c, pub_c), CryptoResult::kOk);
  EXPECT_EQ(priv_a, priv_b);
  EXPECT_EQ(pub_a, pub_b);
  EXPECT_NE(priv_a, priv_c);
}

TYPED_TEST(CryptoSeedTest, GeneratedKeysAreConsistentPairs) {
  TypeParam crypto(7);
  Buffer priv1(32), pub1(64), priv2(32), pub2(64), derived(64);
  ASSERT_EQ(crypto.p256_generate(priv1, pub1), CryptoResult::kOk);
  ASSERT_EQ(crypto.p256_generate(priv2, pub2), CryptoResult::kOk);
  EXPECT_NE(priv1, priv2);
  ASSERT_EQ(crypto.p256_public_from_private(priv1, derived), CryptoResult::kOk);
  EXPECT_EQ(derived, pub1);
  Buffer z12(32), z21(32);
  ASSERT_EQ(crypto.p256_ecdh(priv1, pub2, z12), CryptoResult::kOk);
  ASSERT_EQ(crypto.p256_ecdh(priv2, pub1, z21), CryptoResult::kOk);
  EXPECT_EQ(z12, z21);
}

TYPED_TEST(CryptoSeedTest, SystemRandomnessDiffersBetweenCalls) {
  TypeParam crypto;
  Buffer first(32), second(32);
  ASSERT_EQ(crypto.random(first), CryptoResult::kOk);
  ASSERT_EQ(crypto.random(second), CryptoResult::kOk);
  EXPECT_NE(first, second);  // equal with probability 2^-256
}

TYPED_TEST(CryptoSeedTest, LargeRequestsSpanSeveralGeneratorCalls) {
  // Hash_DRBG serves at most 64 KiB a call; a larger request must still be filled throughout.
  TypeParam crypto(99);
  Buffer big(200000, 0);
  ASSERT_EQ(crypto.random(big), CryptoResult::kOk);
  EXPECT_NE(Buffer(big.end() - 64, big.end()), Buffer(64, 0));
  EXPECT_NE(Buffer(big.begin() + 65536, big.begin() + 65536 + 64), Buffer(64, 0));
}

TYPED_TEST(CryptoSeedTest, SeededSignaturesStillVerify) {
  TypeParam crypto(5);
  Buffer priv(32), pub(64), sig(64);
  const Buffer digest(32, 0xA5);
  ASSERT_EQ(crypto.p256_generate(priv, pub), CryptoResult::kOk);
  ASSERT_EQ(crypto.p256_sign_digest(priv, digest, sig), CryptoResult::kOk);
  EXPECT_EQ(crypto.p256_verify_digest(pub, digest, sig), CryptoResult::kOk);
}

}  // namespace
}  // namespace kb::hal
