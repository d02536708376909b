// AES (0x51): ECB blocks pinned to FIPS-197 appendix C.1 and to OpenSSL, keys from slots (key
// block = mode bits 6-7) and TempKey, the GFM mode against the GCM specification's test case 2
// and OpenSSL's GCM tag, and the key-type / permission / parameter matrix (fact sheet B6.2, B7.3).
#include "tests/unit/simulator/atecc608a/crypto_support.h"

namespace kb::sim::atecc608a {
namespace {

using namespace test_support;

// FIPS-197 appendix C.1 (AES-128).
const Bytes kFipsKey = hex("000102030405060708090a0b0c0d0e0f");
const Bytes kFipsPlain = hex("00112233445566778899aabbccddeeff");
const Bytes kFipsCipher = hex("69c4e0d86a7b0430d8cdb78070b4c55a");
const Bytes kSecondKey = hex("2b7e151628aed2a6abf7158809cf4f3c");

constexpr uint16_t kAesSlotConfig = 0x0080;  // IsSecret
constexpr uint16_t kAesKeyConfig = 0x0018;   // KeyType 6 (AES)
constexpr uint16_t kShaKeyConfig = 0x001C;   // KeyType 7
constexpr uint16_t kTempKey = 0xFFFF;

class AteccAes : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(b.wake(), hex("04 11 33 43"));
    b.cycle_each_command = true;
  }
  // Slot 1: AES keys FIPS | second; slot 9: four keys; slot 10: the FIPS key as a SHA key.
  ChipImage image() const {
    ChipImage img;
    img.slot(1, kAesSlotConfig, kAesKeyConfig).slot_bytes(1, 0, concat(kFipsKey, kSecondKey));
    img.slot(9, kAesSlotConfig, kAesKeyConfig).slot_bytes(9, 48, kSecondKey);
    img.slot(10, kAesSlotConfig, kShaKeyConfig).slot_bytes(10, 0, kFipsKey);
    return img;
  }
  void configure(bool lock_data = true) { image().lock(true, lock_data).apply(b); }
  AteccOnBus b;
};

TEST_F(AteccAes, Fips197EncryptAndDecryptWithASlotKey) {
  configure();
  EXPECT_EQ(b.payload(0x51, 0x00, 1, kFipsPlain), kFipsCipher);
  EXPECT_EQ(b.payload(0x51, 0x01, 1, kFipsCipher), kFipsPlain);
}

TEST_F(AteccAes, KeyBlockPicksTheKeyInsideTheSlot) {
  configure();
  const Bytes expected = openssl_aes(kSecondKey, kFipsPlain);
  EXPECT_EQ(b.payload(0x51, 0x40, 1, kFipsPlain), expected) << "block 1 of a 36-byte slot";
  EXPECT_EQ(b.payload(0x51, 0xC0, 9, kFipsPlain), expected) << "block 3 of a 72-byte slot";
  EXPECT_EQ(b.payload(0x51, 0xC1, 9, expected), kFipsPlain);
  EXPECT_EQ(b.status_of(0x51, 0x80, 1, kFipsPlain), kRefused) << "block 2 runs past a 36-byte slot";
}

TEST_F(AteccAes, TempKeyAsTheKey) {
  configure();
  EXPECT_EQ(b.status_of(0x51, 0x00, kTempKey, kFipsPlain), kRefused) << "TempKey not loaded";
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, concat(kSecondKey, kFipsKey)), kOk);
  EXPECT_EQ(b.payload(0x51, 0x40, kTempKey, kFipsPlain), kFipsCipher) << "second half of TempKey";
  EXPECT_EQ(b.payload(0x51, 0x00, kTempKey, kFipsPlain), openssl_aes(kSecondKey, kFipsPlain));
  EXPECT_EQ(b.status_of(0x51, 0x80, kTempKey, kFipsPlain), kRefused) << "upper TempKey not loaded";
  const Bytes sixty_four = concat(concat(kSecondKey, kSecondKey), concat(kSecondKey, kFipsKey));
  ASSERT_EQ(b.status_of(0x16, 0x23, 0, sixty_four), kOk);
  EXPECT_EQ(b.payload(0x51, 0xC0, kTempKey, kFipsPlain), kFipsCipher) << "64-byte TempKey, block 3";
}

TEST_F(AteccAes, KeyTypeAndPermissionMatrix) {
  configure(false);
  EXPECT_EQ(b.status_of(0x51, 0x00, 1, kFipsPlain), kRefused) << "slot keys need the data lock";
  configure();
  EXPECT_EQ(b.status_of(0x51, 0x00, 10, kFipsPlain), kRefused) << "KeyType SHA is not an AES key";
  EXPECT_EQ(b.status_of(0x51, 0x00, 2, kFipsPlain), kRefused) << "KeyType 0";
  ChipImage no_aes = image();
  no_aes.byte(13, 0x00).lock(true, true).apply(b);
  EXPECT_EQ(b.status_of(0x51, 0x00, 1, kFipsPlain), kRefused) << "AES_Enable (config byte 13) clear";
  EXPECT_EQ(b.status_of(0x51, 0x03, 0, concat(kFipsKey, kFipsPlain)), kRefused) << "GFM too";
}

TEST_F(AteccAes, ParameterValidation) {
  configure();
  EXPECT_EQ(b.status_of(0x51, 0x08, 1, kFipsPlain), kParse) << "bit 3";
  EXPECT_EQ(b.status_of(0x51, 0x20, 1, kFipsPlain), kParse) << "bit 5";
  EXPECT_EQ(b.status_of(0x51, 0x02, 1, kFipsPlain), kParse) << "operation 2";
  EXPECT_EQ(b.status_of(0x51, 0x04, 1, kFipsPlain), kParse) << "operation 4";
  EXPECT_EQ(b.status_of(0x51, 0x00, 1, slice(kFipsPlain, 0, 15)), kParse) << "15 bytes";
  EXPECT_EQ(b.status_of(0x51, 0x00, 1, concat(kFipsPlain, kFipsPlain)), kParse) << "32 bytes to encrypt";
  EXPECT_EQ(b.status_of(0x51, 0x03, 0, kFipsPlain), kParse) << "GFM takes H and a block";
  EXPECT_EQ(b.status_of(0x51, 0x00, 16, kFipsPlain), kParse) << "slot 16";
  EXPECT_EQ(b.status_of(0x51, 0x00, 0x8000, kFipsPlain), kParse);
}

// The GCM specification (McGrew and Viega), test case 2: K = 0, P = one zero block.
TEST_F(AteccAes, GfmMatchesGcmTestCase2) {
  configure();
  const Bytes h = hex("66e94bd4ef8a2c3b884cfa59ca342b2e");
  const Bytes c = hex("0388dace60b6a392f328c2b971b2fe78");
  EXPECT_EQ(b.payload(0x51, 0x03, 0, concat(h, c)), hex("5e2ec746917062882c85b0685353deb7")) << "X1 = C * H";
  const Bytes x1 = b.payload(0x51, 0x03, 0, concat(h, c));
  Bytes lengths = hex("00000000000000000000000000000080");
  for (size_t i = 0; i < 16; ++i) lengths[i] ^= x1[i];
  EXPECT_EQ(b.payload(0x51, 0x03, 0, concat(h, lengths)), hex("f38cbb1ad69223dcc3457ae5b6b0f885")) << "GHASH";
}

// The GCM tag of one block built from the chip's AES and GFM equals OpenSSL's AES-128-GCM tag.
TEST_F(AteccAes, GfmAndAesBuildOpenSslsGcmTag) {
  configure();
  const Bytes iv = hex("cafebabefacedbaddecaf888");
  const Bytes plain = hex("d9313225f88406e5a55909c5aff5269a");
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  Bytes cipher(16), tag(16);
  int n = 0;
  EVP_EncryptInit_ex(ctx, EVP_aes_128_gcm(), nullptr, kFipsKey.data(), iv.data());
  EVP_EncryptUpdate(ctx, cipher.data(), &n, plain.data(), 16);
  EVP_EncryptFinal_ex(ctx, cipher.data(), &n);
  EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, tag.data());
  EVP_CIPHER_CTX_free(ctx);
  const Bytes h = b.payload(0x51, 0x00, 1, repeat(0x00, 16));
  const Bytes ek_j0 = b.payload(0x51, 0x00, 1, concat(iv, hex("00000001")));
  Bytes x = b.payload(0x51, 0x03, 0, concat(h, cipher));
  Bytes lengths = hex("00000000000000000000000000000080");
  for (size_t i = 0; i < 16; ++i) lengths[i] ^= x[i];
  x = b.payload(0x51, 0x03, 0, concat(h, lengths));
  for (size_t i = 0; i < 16; ++i) x[i] ^= ek_j0[i];
  EXPECT_EQ(x, tag);
}

}  // namespace
}  // namespace kb::sim::atecc608a
