// SecureBoot (0x80): Full, FullCopy then FullStore under the FullDig and FullSig configurations,
// the encrypted digest with its validating MAC (formulas of cryptoauthlib atcah_secureboot_enc
// and atcah_secureboot_mac, computed here with OpenSSL), the prohibit flag, the persistent latch
// and parameter checks (fact sheet B6.2, B7.1 SecureBoot).
#include "tests/unit/simulator/atecc608a/crypto_support.h"

namespace kb::sim::atecc608a {
namespace {

using namespace test_support;

constexpr uint8_t kFull = 0x05, kFullStore = 0x06, kFullCopy = 0x07, kProhibit = 0x40, kEncrypted = 0x80;
// SecureBootConfig: PubKey slot 15, SigDig slot 14, then the mode in bits 0-1.
constexpr uint16_t kSlots = 0xFE00;
constexpr uint16_t kFullBoth = 1, kFullSig = 2, kFullDig = 3, kPersistent = 0x0008, kRandNonce = 0x0010;
const Bytes kIoKey = hex("0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0");

class AteccSecureBoot : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(b.wake(), hex("04 11 33 43"));
    b.cycle_each_command = true;
    digest = openssl_sha256(Bytes{'b', 'o', 'o', 't', ' ', 'i', 'm', 'a', 'g', 'e'});
    signature = signer.sign(digest);
  }
  void configure(uint16_t secure_boot) {
    ChipImage img;
    img.slot(15, 0x0000, 0x0010).public_key(15, signer.xy());  // P-256 public key, no validation
    img.slot(14, 0x0000, 0x001C).slot(13, 0x0080, 0x001C).slot_bytes(13, 0, kIoKey);
    img.u16(70, secure_boot).u16(90, 0xD002);  // IO protection key in slot 13
    img.lock(true, true).apply(b);
  }
  Bytes with_signature(const Bytes& d) const { return concat(d, signature); }
  Bytes slot14() { return b.payload(0x02, 0x82, data_address(14, 0)); }
  HostKey signer;
  Bytes digest, signature;
  AteccOnBus b;
};

TEST_F(AteccSecureBoot, FullVerifiesDigestAndSignature) {
  configure(kSlots | kFullBoth);
  EXPECT_EQ(b.status_of(0x80, kFull, 0, with_signature(digest)), kOk);
  Bytes other = digest;
  other[0] ^= 1;
  EXPECT_EQ(b.status_of(0x80, kFull, 0, with_signature(other)), kMiscompare);
  EXPECT_EQ(b.status_of(0x80, kFullCopy, 0, with_signature(digest)), kRefused) << "FullBoth stores nothing";
  EXPECT_EQ(b.status_of(0x80, kFullStore, 0, digest), kRefused);
}

TEST_F(AteccSecureBoot, FullDigStoresTheDigestThenChecksItAlone) {
  configure(kSlots | kFullDig);
  EXPECT_EQ(b.status_of(0x80, kFullStore, 0, digest), kMiscompare) << "no digest stored yet";
  Bytes forged = signature;
  forged[40] ^= 1;
  EXPECT_EQ(b.status_of(0x80, kFullCopy, 0, concat(digest, forged)), kMiscompare);
  EXPECT_EQ(slot14(), repeat(0x00, 32)) << "a failed FullCopy stores nothing";
  EXPECT_EQ(b.status_of(0x80, kFullCopy, 0, with_signature(digest)), kOk);
  EXPECT_EQ(slot14(), digest);
  EXPECT_EQ(b.status_of(0x80, kFullStore, 0, digest), kOk);
  Bytes other = digest;
  other[31] ^= 0x80;
  EXPECT_EQ(b.status_of(0x80, kFullStore, 0, other), kMiscompare);
}

TEST_F(AteccSecureBoot, FullSigStoresTheSignature) {
  configure(kSlots | kFullSig);
  EXPECT_EQ(b.status_of(0x80, kFullCopy, 0, with_signature(digest)), kOk);
  EXPECT_EQ(concat(slot14(), b.payload(0x02, 0x82, data_address(14, 1))), signature);
  EXPECT_EQ(b.status_of(0x80, kFullStore, 0, digest), kOk) << "the stored signature verifies the digest";
  Bytes other = digest;
  other[5] ^= 4;
  EXPECT_EQ(b.status_of(0x80, kFullStore, 0, other), kMiscompare);
}

TEST_F(AteccSecureBoot, EncryptedDigestAnswersTheValidatingMac) {
  configure(kSlots | kFullBoth);
  const Bytes nonce = repeat(0x6C, 32);
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, nonce), kOk);
  const Bytes hashed_key = openssl_sha256(concat(kIoKey, nonce));
  Bytes encrypted = digest;
  for (size_t i = 0; i < 32; ++i) encrypted[i] ^= hashed_key[i];
  const Bytes mac = b.payload(0x80, kEncrypted | kFull, 0, with_signature(encrypted));
  const Bytes expected = openssl_sha256(concat(concat(concat(hashed_key, digest), signature), hex("80 85 00 00")));
  EXPECT_EQ(mac, expected);
  EXPECT_EQ(b.status_of(0x80, kEncrypted | kFull, 0, with_signature(digest)), kMiscompare)
      << "an unencrypted digest decrypts to garbage";
}

TEST_F(AteccSecureBoot, EncryptedFullStoreOfADigestLeavesTheSignatureOutOfTheMac) {
  configure(kSlots | kFullDig);
  ASSERT_EQ(b.status_of(0x80, kFullCopy, 0, with_signature(digest)), kOk);
  const Bytes nonce = repeat(0x39, 32);
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, nonce), kOk);
  const Bytes hashed_key = openssl_sha256(concat(kIoKey, nonce));
  Bytes encrypted = digest;
  for (size_t i = 0; i < 32; ++i) encrypted[i] ^= hashed_key[i];
  EXPECT_EQ(b.payload(0x80, kEncrypted | kFullStore, 0, encrypted),
            openssl_sha256(concat(concat(hashed_key, digest), hex("80 86 00 00"))));
}

TEST_F(AteccSecureBoot, RandomNonceRequirement) {
  configure(kSlots | kFullBoth | kRandNonce);
  EXPECT_EQ(b.status_of(0x80, kFull, 0, with_signature(digest)), kRefused) << "needs the encrypted form";
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, repeat(1, 32)), kOk);
  EXPECT_EQ(b.status_of(0x80, kEncrypted | kFull, 0, with_signature(digest)), kRefused) << "pass-through nonce";
  const Bytes rand_out = b.payload(0x16, 0x00, 0, repeat(0x22, 20));
  ASSERT_EQ(rand_out.size(), 32u);
  // TempKey = SHA-256(RandOut | NumIn | 16 00 00) (fact sheet B6.2 Nonce).
  const Bytes temp_key = openssl_sha256(concat(concat(rand_out, repeat(0x22, 20)), hex("16 00 00")));
  const Bytes hashed_key = openssl_sha256(concat(kIoKey, temp_key));
  Bytes encrypted = digest;
  for (size_t i = 0; i < 32; ++i) encrypted[i] ^= hashed_key[i];
  EXPECT_EQ(b.payload(0x80, kEncrypted | kFull, 0, with_signature(encrypted)).size(), 32u);
}

TEST_F(AteccSecureBoot, ProhibitLastsUntilPowerCycle) {
  configure(kSlots | kFullBoth);
  EXPECT_EQ(b.status_of(0x80, kProhibit | kFull, 0, with_signature(digest)), kOk);
  EXPECT_EQ(b.status_of(0x80, kFull, 0, with_signature(digest)), kRefused);
  ASSERT_EQ(b.wake().size(), 4u);
  ASSERT_EQ(b.sleep(), BusOutcome::kAck);
  EXPECT_EQ(b.status_of(0x80, kFull, 0, with_signature(digest)), kRefused) << "sleep keeps it";
  b.chip.power_cycle();
  EXPECT_EQ(b.status_of(0x80, kFull, 0, with_signature(digest)), kOk);
}

TEST_F(AteccSecureBoot, PersistentEnableSetsTheLatch) {
  configure(kSlots | kFullBoth | kPersistent);
  EXPECT_EQ(b.payload(0x30, 0x04, 0), hex("00 00 00 00"));
  Bytes other = digest;
  other[1] ^= 1;
  EXPECT_EQ(b.status_of(0x80, kFull, 0, with_signature(other)), kMiscompare);
  EXPECT_EQ(b.payload(0x30, 0x04, 0), hex("00 00 00 00")) << "a failed boot leaves it clear";
  EXPECT_EQ(b.status_of(0x80, kFull, 0, with_signature(digest)), kOk);
  EXPECT_EQ(b.payload(0x30, 0x04, 0), hex("01 00 00 00"));
}

TEST_F(AteccSecureBoot, RefusedWhenDisabledOrBeforeTheDataLock) {
  configure(kSlots);
  EXPECT_EQ(b.status_of(0x80, kFull, 0, with_signature(digest)), kRefused) << "SecureBootMode 0";
  ChipImage().u16(70, kSlots | kFullBoth).lock(true, false).apply(b);
  EXPECT_EQ(b.status_of(0x80, kFull, 0, with_signature(digest)), kRefused) << "data zone unlocked";
}

TEST_F(AteccSecureBoot, ParameterValidation) {
  configure(kSlots | kFullBoth);
  EXPECT_EQ(b.status_of(0x80, 0x04, 0, with_signature(digest)), kParse) << "mode 4";
  EXPECT_EQ(b.status_of(0x80, 0x00, 0, with_signature(digest)), kParse) << "mode 0";
  EXPECT_EQ(b.status_of(0x80, 0x25, 0, with_signature(digest)), kParse) << "bit 5";
  EXPECT_EQ(b.status_of(0x80, kFull, 1, with_signature(digest)), kParse) << "Param2 is 0";
  EXPECT_EQ(b.status_of(0x80, kFull, 0, digest), kParse) << "Full needs the signature";
  EXPECT_EQ(b.status_of(0x80, kFullStore, 0, with_signature(digest)), kParse) << "FullStore takes the digest";
}

}  // namespace
}  // namespace kb::sim::atecc608a
