// DeriveKey (fact sheet B6.2): roll and create, with and without the authorizing MAC, computed
// with OpenSSL from the message layouts; the target's WriteConfig decides.
#include <gtest/gtest.h>

#include "tests/unit/simulator/atecc608a/auth_reference.h"

namespace kb::sim::atecc608a {
namespace {

using namespace test_support;

constexpr uint8_t kOk = 0x00, kParse = 0x03, kRefused = 0x0F;
const Bytes kNumIn = repeat(0x7F, 20);
const Bytes kParent = repeat(0xA5, 32);
const Bytes kRolled = repeat(0x5E, 32);
const Bytes kTarget = repeat(0x1B, 32);

class AteccDeriveKey : public ::testing::Test {
 protected:
  void SetUp() override {
    // Slot 5: roll (WriteConfig 0010). Slot 6: create from WriteKey 2 with a MAC (1011). Slot 7:
    // DeriveKey not allowed (WriteConfig 0000). Slot 2 the parent.
    image = locked_image({{2, 0x0080, 0x001C, kParent},
                          {5, 0x2080, 0x001C, kRolled},
                          {6, 0xB280, 0x001C, kTarget},
                          {7, 0x0080, 0x001C, kTarget}});
    b.chip.set_image(image);
    ASSERT_EQ(b.wake().size(), 4u);
    b.cycle_each_command = true;
    sn = serial(image);
  }
  Bytes derived(const Bytes& parent, uint8_t mode, uint16_t target, const Bytes& tk) const {
    return sha256(cat({parent, {0x1C, mode}, le16(target), {sn[8], sn[0], sn[1]}, zeros(25), tk}));
  }
  Bytes slot_key(size_t slot) const {
    const auto s = b.chip.eeprom().slot(slot).first(32);
    return Bytes(s.begin(), s.end());
  }
  EepromImage image;
  Bytes sn;
  AteccOnBus b;
};

TEST_F(AteccDeriveKey, RollFromTheTargetItself) {
  const Bytes tk = random_nonce(b, kNumIn);
  ASSERT_EQ(b.status_of(0x1C, 0x00, 5), kOk);
  EXPECT_EQ(slot_key(5), derived(kRolled, 0x00, 5, tk));
  EXPECT_EQ(b.status_of(0x1C, 0x00, 5), kRefused) << "TempKey was spent";
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, repeat(9, 32)), kOk);
  EXPECT_EQ(b.status_of(0x1C, 0x00, 5), kRefused) << "mode bit 2 clear asks for a random TempKey";
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, repeat(9, 32)), kOk);
  const Bytes before = slot_key(5);
  ASSERT_EQ(b.status_of(0x1C, 0x04, 5), kOk);
  EXPECT_EQ(slot_key(5), derived(before, 0x04, 5, repeat(9, 32)));
}

TEST_F(AteccDeriveKey, CreateWithTheAuthorizingMac) {
  const Bytes tk = random_nonce(b, kNumIn);
  EXPECT_EQ(b.status_of(0x1C, 0x00, 6), kRefused) << "MAC required";
  const Bytes mac = sha256(cat({kParent, {0x1C, 0x00}, le16(6), {sn[8], sn[0], sn[1]}}));
  Bytes wrong = mac;
  wrong[5] ^= 1;
  EXPECT_EQ(b.status_of(0x1C, 0x00, 6, wrong), kRefused);
  EXPECT_EQ(slot_key(6), kTarget);
  ASSERT_EQ(b.status_of(0x1C, 0x00, 6, mac), kOk);
  EXPECT_EQ(slot_key(6), derived(kParent, 0x00, 6, tk));
}

TEST_F(AteccDeriveKey, PermissionsAndParameters) {
  random_nonce(b, kNumIn);
  EXPECT_EQ(b.status_of(0x1C, 0x00, 7), kRefused) << "WriteConfig does not allow DeriveKey";
  EXPECT_EQ(b.status_of(0x1C, 0x01, 5), kParse) << "only bit 2";
  EXPECT_EQ(b.status_of(0x1C, 0x00, 16), kParse);
  EXPECT_EQ(b.status_of(0x1C, 0x00, 5, repeat(0, 4)), kParse) << "data is a 32-byte MAC or nothing";
  EXPECT_EQ(slot_key(7), kTarget);
}

}  // namespace
}  // namespace kb::sim::atecc608a
