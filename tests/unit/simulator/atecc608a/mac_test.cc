// MAC and CheckMac (fact sheet B6.2): responses computed with OpenSSL from the message layouts,
// TempKey source matching, slot permissions, and CheckMac as the authorization a ReqAuth key asks.
#include <gtest/gtest.h>

#include "tests/unit/simulator/atecc608a/auth_reference.h"

namespace kb::sim::atecc608a {
namespace {

using namespace test_support;

constexpr uint8_t kOk = 0x00, kMiscompare = 0x01, kParse = 0x03, kRefused = 0x0F;
const Bytes kNumIn = repeat(0x21, 20);
const Bytes kKey3 = repeat(0x33, 32);
const Bytes kKey6 = repeat(0x66, 32);
const Bytes kKey7 = repeat(0x77, 32);

class AteccMac : public ::testing::Test {
 protected:
  void SetUp() override {
    // Slot 3: secret symmetric key; 6: its NoMac twin; 7: a key that needs authorization by
    // slot 3 (KeyConfig ReqAuth, AuthKey 3); 8: a ReqRandom key; 0: a P-256 private key.
    image = locked_image({{3, 0x0080, 0x001C, kKey3},
                          {6, 0x0090, 0x001C, kKey6},
                          {7, 0x0080, 0x039C, kKey7},
                          {8, 0x0080, 0x005C, kKey3},
                          {0, 0x2083, 0x0013, {}}});
    for (size_t i = 0; i < 64; ++i) image.otp[i] = static_cast<uint8_t>(0x90 + i);
    b.chip.set_image(image);
    ASSERT_EQ(b.wake().size(), 4u);
    b.cycle_each_command = true;
    sn = serial(image);
  }
  // The MAC command's message tail: OTP and serial-number fields chosen by mode bits 4-6.
  Bytes tail(uint8_t mode) const {
    const Bytes otp(image.otp.begin(), image.otp.end());
    Bytes t;
    if ((mode & 0x10) != 0) {
      t = first(otp, 11);
    } else {
      t = cat({(mode & 0x20) != 0 ? first(otp, 8) : zeros(8), zeros(3)});
    }
    const bool full = (mode & 0x40) != 0;
    return cat({t,
                {sn[8]},
                full ? Bytes{sn[4], sn[5], sn[6], sn[7]} : zeros(4),
                {sn[0], sn[1]},
                full ? Bytes{sn[2], sn[3]} : zeros(2)});
  }
  Bytes expected_mac(const Bytes& block1, const Bytes& block2, uint8_t mode, uint16_t slot) const {
    return sha256(cat({block1, block2, {0x08, mode}, le16(slot), tail(mode)}));
  }
  // CheckMac's message for a slot key and a client challenge.
  Bytes check_mac_response(const Bytes& key, const Bytes& challenge, const Bytes& other) const {
    return sha256(cat({key,
                       challenge,
                       first(other, 4),
                       zeros(8),
                       Bytes(other.begin() + 4, other.begin() + 7),
                       {sn[8]},
                       Bytes(other.begin() + 7, other.begin() + 11),
                       {sn[0], sn[1]},
                       Bytes(other.begin() + 11, other.end())}));
  }
  EepromImage image;
  Bytes sn;
  AteccOnBus b;
};

TEST_F(AteccMac, ChallengeModes) {
  const Bytes challenge = repeat(0xC4, 32);
  for (uint8_t mode : {0x00, 0x10, 0x20, 0x40, 0x70}) {
    EXPECT_EQ(b.payload(0x08, mode, 3, challenge), expected_mac(kKey3, challenge, mode, 3)) << "mode " << int{mode};
  }
}

TEST_F(AteccMac, TempKeyModesFollowItsSource) {
  Bytes tk = random_nonce(b, kNumIn);
  EXPECT_EQ(b.payload(0x08, 0x01, 3), expected_mac(kKey3, tk, 0x01, 3)) << "second block from TempKey";
  EXPECT_EQ(b.status_of(0x08, 0x01, 3), kRefused) << "the MAC spent TempKey";
  tk = random_nonce(b, kNumIn);
  EXPECT_EQ(b.status_of(0x08, 0x05, 3), kRefused) << "bit 2 says pass-through, TempKey is random";
  const Bytes loaded = repeat(0x0A, 32);
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, loaded), kOk);
  EXPECT_EQ(b.status_of(0x08, 0x01, 3), kRefused) << "bit 2 says random, TempKey is pass-through";
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, loaded), kOk);
  const Bytes challenge = repeat(0x01, 32);
  EXPECT_EQ(b.payload(0x08, 0x06, 3, challenge), expected_mac(loaded, challenge, 0x06, 3)) << "first block TempKey";
}

TEST_F(AteccMac, SlotPermissionsAndParameters) {
  const Bytes challenge = repeat(0x02, 32);
  EXPECT_EQ(b.status_of(0x08, 0x00, 6, challenge), kRefused) << "NoMac key";
  EXPECT_EQ(b.status_of(0x08, 0x00, 0, challenge), kRefused) << "ECC private key";
  EXPECT_EQ(b.status_of(0x08, 0x00, 8, challenge), kRefused) << "ReqRandom key without a random TempKey";
  EXPECT_EQ(b.status_of(0x08, 0x00, 7, challenge), kRefused) << "ReqAuth key not authorized";
  EXPECT_EQ(b.status_of(0x08, 0x08, 3, challenge), kParse) << "bit 3";
  EXPECT_EQ(b.status_of(0x08, 0x80, 3, challenge), kParse) << "bit 7";
  EXPECT_EQ(b.status_of(0x08, 0x00, 16, challenge), kParse);
  EXPECT_EQ(b.status_of(0x08, 0x00, 3), kParse) << "challenge missing";
  EXPECT_EQ(b.status_of(0x08, 0x01, 3, challenge), kParse) << "no challenge with bit 0";
  const Bytes tk = random_nonce(b, kNumIn);
  EXPECT_EQ(b.payload(0x08, 0x01, 8), expected_mac(kKey3, tk, 0x01, 8)) << "ReqRandom met by the random Nonce";
}

TEST_F(AteccMac, CheckMacMatchesAHostResponse) {
  const Bytes challenge = repeat(0x9E, 32);
  const Bytes other = {0x08, 0x00, 0x03, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  const Bytes response = check_mac_response(kKey3, challenge, other);
  EXPECT_EQ(b.status_of(0x28, 0x00, 3, cat({challenge, response, other})), kOk);
  Bytes wrong = response;
  wrong[31] ^= 0x01;
  EXPECT_EQ(b.status_of(0x28, 0x00, 3, cat({challenge, wrong, other})), kMiscompare);
  // With TempKey as the second block and the OTP bits.
  const Bytes tk = random_nonce(b, kNumIn);
  const Bytes otp(image.otp.begin(), image.otp.begin() + 8);
  const Bytes with_otp = sha256(cat({kKey3,
                                     tk,
                                     first(other, 4),
                                     otp,
                                     Bytes(other.begin() + 4, other.begin() + 7),
                                     {sn[8]},
                                     Bytes(other.begin() + 7, other.begin() + 11),
                                     {sn[0], sn[1]},
                                     Bytes(other.begin() + 11, other.end())}));
  EXPECT_EQ(b.status_of(0x28, 0x21, 3, cat({challenge, with_otp, other})), kOk);
  EXPECT_EQ(b.status_of(0x28, 0x08, 3, cat({challenge, response, other})), kParse) << "mode bit 3";
  EXPECT_EQ(b.status_of(0x28, 0x00, 3, cat({challenge, response})), kParse) << "OtherData missing";
  EXPECT_EQ(b.status_of(0x28, 0x00, 0, cat({challenge, response, other})), kRefused) << "ECC private key";
  EXPECT_EQ(b.status_of(0x28, 0x01, 3, cat({challenge, response, other})), kRefused) << "no TempKey";
}

TEST_F(AteccMac, CheckMacAuthorizesAReqAuthKeyUntilSleepOrAMiss) {
  const Bytes challenge = repeat(0x11, 32);
  const Bytes other = zeros(13);
  const Bytes good = cat({challenge, check_mac_response(kKey3, challenge, other), other});
  ASSERT_EQ(b.status_of(0x28, 0x00, 3, good), kOk);
  EXPECT_EQ(b.payload(0x08, 0x00, 7, challenge), expected_mac(kKey7, challenge, 0x00, 7)) << "authorized by slot 3";
  Bytes bad = good;
  bad[40] ^= 0xFF;
  ASSERT_EQ(b.status_of(0x28, 0x00, 3, bad), kMiscompare);
  EXPECT_EQ(b.status_of(0x08, 0x00, 7, challenge), kRefused) << "a miss withdraws the authorization";
  ASSERT_EQ(b.status_of(0x28, 0x00, 3, good), kOk);
  ASSERT_EQ(b.wake().size(), 4u);
  ASSERT_EQ(b.sleep(), BusOutcome::kAck);
  EXPECT_EQ(b.status_of(0x08, 0x00, 7, challenge), kRefused) << "sleep withdraws it";
  // A data-zone GenDig with the AuthKey authorizes too.
  random_nonce(b, kNumIn);
  ASSERT_EQ(b.status_of(0x15, 0x02, 3), kOk);
  EXPECT_EQ(b.payload(0x08, 0x00, 7, challenge).size(), 32u);
}

}  // namespace
}  // namespace kb::sim::atecc608a
