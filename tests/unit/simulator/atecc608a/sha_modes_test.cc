// SHA (0x47) modes 3-7: HMAC start with a slot key or TempKey, finished by End (mode 2 on the
// 608), pinned to RFC 4231; Public (3) adding a stored public key, against OpenSSL; the key rules
// and the modes that are not the 608's or not modelled (fact sheet B6.2).
#include "tests/unit/simulator/atecc608a/crypto_support.h"

namespace kb::sim::atecc608a {
namespace {

using namespace test_support;

constexpr uint16_t kShaKey = 0x001C, kAesKey = 0x0018, kPublicP256 = 0x0010;
constexpr uint16_t kTempKey = 0xFFFF;

// RFC 4231 test cases 1 and 2 (HMAC-SHA-256). Keys shorter than 32 bytes are zero-padded in the
// slot, which HMAC's own zero padding to the block size makes the same key.
const Bytes kCase1Key = repeat(0x0b, 20);
const Bytes kCase1Data = {'H', 'i', ' ', 'T', 'h', 'e', 'r', 'e'};
const Bytes kCase1Mac = hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
const Bytes kCase2Key = {'J', 'e', 'f', 'e'};
const Bytes kCase2Data = {'w', 'h', 'a', 't', ' ', 'd', 'o', ' ', 'y', 'a', ' ', 'w', 'a', 'n',
                          't', ' ', 'f', 'o', 'r', ' ', 'n', 'o', 't', 'h', 'i', 'n', 'g', '?'};
const Bytes kCase2Mac = hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

Bytes padded(Bytes key) {
  key.resize(32, 0x00);
  return key;
}

class AteccShaModes : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(b.wake(), hex("04 11 33 43"));
    b.cycle_each_command = true;
    ChipImage img;
    img.slot(4, 0x0080, kShaKey).slot_bytes(4, 0, padded(kCase1Key));
    img.slot(5, 0x0080, kAesKey).slot_bytes(5, 0, padded(kCase1Key));
    img.slot(12, 0x0000, kPublicP256).public_key(12, host.xy());
    img.lock(true, true).apply(b);
  }
  HostKey host;
  AteccOnBus b;
};

TEST_F(AteccShaModes, HmacWithASlotKeyMatchesRfc4231Case1) {
  ASSERT_EQ(b.status_of(0x47, 0x04, 4), kOk);
  EXPECT_EQ(b.payload(0x47, 0xC2, static_cast<uint16_t>(kCase1Data.size()), kCase1Data), kCase1Mac);
  ASSERT_EQ(b.status_of(0x47, 0x00, 0), kOk);
  EXPECT_EQ(b.payload(0x47, 0xC2, 0, {}), openssl_sha256({})) << "a plain Start drops the HMAC key";
}

TEST_F(AteccShaModes, HmacWithTempKeyMatchesRfc4231Case2AcrossUpdates) {
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, padded(kCase2Key)), kOk);
  ASSERT_EQ(b.status_of(0x47, 0x04, kTempKey), kOk);
  EXPECT_EQ(b.payload(0x47, 0xC2, static_cast<uint16_t>(kCase2Data.size()), kCase2Data), kCase2Mac);
  // 64 + 5 bytes: an Update then an End.
  const Bytes long_message = concat(repeat(0x61, 64), Bytes{1, 2, 3, 4, 5});
  ASSERT_EQ(b.status_of(0x47, 0x04, 4), kOk);
  ASSERT_EQ(b.status_of(0x47, 0x01, 64, slice(long_message, 0, 64)), kOk);
  EXPECT_EQ(b.payload(0x47, 0xC2, 5, slice(long_message, 64, 5)), openssl_hmac(padded(kCase1Key), long_message));
}

TEST_F(AteccShaModes, HmacResultGoesToTempKey) {
  ASSERT_EQ(b.status_of(0x47, 0x04, 4), kOk);
  EXPECT_EQ(b.payload(0x47, 0x02, static_cast<uint16_t>(kCase1Data.size()), kCase1Data), kCase1Mac);
  const auto& t = b.chip.volatile_state().temp_key;
  EXPECT_TRUE(t.valid);
  EXPECT_EQ(Bytes(t.value.begin(), t.value.begin() + 32), kCase1Mac);
}

TEST_F(AteccShaModes, HmacKeyRules) {
  EXPECT_EQ(b.status_of(0x47, 0x04, 5), kRefused) << "an AES key is not an HMAC key";
  EXPECT_EQ(b.status_of(0x47, 0x04, 0), kRefused) << "KeyType 0";
  ASSERT_EQ(b.wake().size(), 4u);
  ASSERT_EQ(b.sleep(), BusOutcome::kAck);
  EXPECT_EQ(b.status_of(0x47, 0x04, kTempKey), kRefused) << "TempKey not loaded";
  EXPECT_EQ(b.status_of(0x47, 0x04, 16), kParse) << "slot 16";
  EXPECT_EQ(b.status_of(0x47, 0x04, 4, hex("00")), kParse) << "no data";
  EXPECT_EQ(b.status_of(0x47, 0x44, 4), kParse) << "no target on a start";
}

TEST_F(AteccShaModes, PublicAddsTheStoredKey) {
  const Bytes prefix = repeat(0x70, 64);
  ASSERT_EQ(b.status_of(0x47, 0x00, 0), kOk);
  ASSERT_EQ(b.status_of(0x47, 0x01, 64, prefix), kOk);
  ASSERT_EQ(b.status_of(0x47, 0x03, 12), kOk);
  EXPECT_EQ(b.payload(0x47, 0xC2, 3, hex("010203")), openssl_sha256(concat(concat(prefix, host.xy()), hex("010203"))));
  EXPECT_EQ(b.status_of(0x47, 0x03, 12), kRefused) << "no context after End";
  ASSERT_EQ(b.status_of(0x47, 0x00, 0), kOk);
  EXPECT_EQ(b.status_of(0x47, 0x03, 4), kRefused) << "slot 4 holds no public key";
  EXPECT_EQ(b.status_of(0x47, 0x03, 16), kParse);
  EXPECT_EQ(b.status_of(0x47, 0x03, 12, hex("00")), kParse);
}

TEST_F(AteccShaModes, OtherModes) {
  ASSERT_EQ(b.status_of(0x47, 0x04, 4), kOk);
  EXPECT_EQ(b.status_of(0x47, 0x05, 0), kParse) << "HMAC end is mode 2 on the 608, 5 is the 508's";
  EXPECT_EQ(b.status_of(0x47, 0x06, 0), kRefused) << "context read is not modelled";
  EXPECT_EQ(b.status_of(0x47, 0x07, 0), kRefused) << "context write is not modelled";
  EXPECT_EQ(b.payload(0x47, 0xC2, static_cast<uint16_t>(kCase1Data.size()), kCase1Data), kCase1Mac)
      << "the HMAC context survived";
}

}  // namespace
}  // namespace kb::sim::atecc608a
