// GenKey's PubKey digests (fact sheet B6.2), GenKey into TempKey, and Nonce fed from TempKey
// (Param2 0x8000): TempKey values computed with OpenSSL from the message layouts.
#include <gtest/gtest.h>

#include "tests/unit/simulator/atecc608a/auth_reference.h"

namespace kb::sim::atecc608a {
namespace {

using namespace test_support;

constexpr uint8_t kOk = 0x00, kParse = 0x03, kRefused = 0x0F;

class AteccGenKeyDigest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Slot 0: a P-256 private key GenKey may create; slot 10: a stored P-256 public key.
    Bytes pub(72, 0x00);
    for (size_t i = 0; i < 32; ++i) {
      pub[4 + i] = static_cast<uint8_t>(0x10 + i);
      pub[40 + i] = static_cast<uint8_t>(0x80 + i);
    }
    image = locked_image({{0, 0x2083, 0x0013, {}}, {10, 0x0000, 0x0010, pub}});
    stored_xy = cat({Bytes(pub.begin() + 4, pub.begin() + 36), Bytes(pub.begin() + 40, pub.end())});
    b.chip.set_image(image);
    ASSERT_EQ(b.wake().size(), 4u);
    b.cycle_each_command = true;
    sn = serial(image);
  }
  EepromImage image;
  Bytes sn, stored_xy;
  AteccOnBus b;
};

TEST_F(AteccGenKeyDigest, DigestModeFoldsThePublicKeyIntoTempKey) {
  const Bytes tk = repeat(0x2C, 32);
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, tk), kOk);
  const Bytes pub = b.payload(0x40, 0x0C, 0);
  ASSERT_EQ(pub.size(), 64u);
  EXPECT_EQ(chip_temp_key(b), sha256(cat({tk, {0x40, 0x0C}, le16(0), {sn[8], sn[0], sn[1]}, zeros(25), pub})));
  EXPECT_TRUE(b.chip.volatile_state().temp_key.gen_key_data);
  const Bytes tk2 = chip_temp_key(b);
  EXPECT_EQ(b.payload(0x40, 0x08, 0), pub) << "public mode with a digest";
  EXPECT_EQ(chip_temp_key(b), sha256(cat({tk2, {0x40, 0x08}, le16(0), {sn[8], sn[0], sn[1]}, zeros(25), pub})));
}

TEST_F(AteccGenKeyDigest, PubKeyDigestOfAStoredKey) {
  const Bytes tk = repeat(0x71, 32);
  const Bytes other = {0x40, 0x10, 0x0A};
  EXPECT_EQ(b.status_of(0x40, 0x10, 10, other), kRefused) << "no TempKey to fold into";
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, tk), kOk);
  ASSERT_EQ(b.status_of(0x40, 0x10, 10, other), kOk);
  EXPECT_EQ(chip_temp_key(b), sha256(cat({tk, {0x40}, other, {sn[8], sn[0], sn[1]}, zeros(25), stored_xy})));
  EXPECT_EQ(b.status_of(0x40, 0x10, 3, other), kRefused) << "slot 3 holds no P-256 key";
  EXPECT_EQ(b.status_of(0x40, 0x20, 0), kRefused) << "the public-key MAC has no formula in the sheet";
  EXPECT_EQ(b.status_of(0x40, 0x10, 10, {0x01}), kParse);
}

TEST_F(AteccGenKeyDigest, PrivateKeyInTempKeyForEcdh) {
  const Bytes pub = b.payload(0x40, 0x04, 0xFFFF);
  ASSERT_EQ(pub.size(), 64u);
  EXPECT_TRUE(b.chip.volatile_state().temp_key.holds_private_key);
  EXPECT_EQ(b.status_of(0x40, 0x00, 0xFFFF), kRefused) << "only creation into TempKey";
  ASSERT_EQ(b.wake().size(), 4u);
  ASSERT_EQ(b.sleep(), BusOutcome::kAck);
  EXPECT_FALSE(b.chip.volatile_state().temp_key.valid) << "a volatile key is gone after sleep";
}

TEST_F(AteccGenKeyDigest, NonceFedFromTempKey) {
  const Bytes num_in = repeat(0x4E, 20);
  EXPECT_EQ(b.status_of(0x16, 0x00, 0x8000, num_in), kRefused) << "no TempKey";
  const Bytes tk = repeat(0x19, 32);
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, tk), kOk);
  const Bytes expected = sha256(cat({tk, num_in, {0x16, 0x01, 0x00}}));
  EXPECT_EQ(b.payload(0x16, 0x01, 0x8000, num_in), expected) << "returns the new TempKey";
  EXPECT_EQ(chip_temp_key(b), expected);
  EXPECT_FALSE(b.chip.volatile_state().temp_key.from_random) << "flags unchanged (pass-through)";
  EXPECT_EQ(b.status_of(0x16, 0x00, 0x4000, num_in), kParse);
}

}  // namespace
}  // namespace kb::sim::atecc608a
