// GenDig (fact sheet B6.2): each zone's digest computed with OpenSSL from the message layout, the
// TempKey flags it leaves, its parameter checks, and TempKey lost on sleep.
#include <gtest/gtest.h>

#include "tests/unit/simulator/atecc608a/auth_reference.h"

namespace kb::sim::atecc608a {
namespace {

using namespace test_support;

constexpr uint8_t kOk = 0x00, kParse = 0x03, kRefused = 0x0F;
const Bytes kNumIn = repeat(0x5A, 20);
const Bytes kKey4 = repeat(0x44, 32);
const Bytes kKey5 = repeat(0x55, 32);

class AteccGenDig : public ::testing::Test {
 protected:
  void SetUp() override {
    image = locked_image({{4, 0x0080, 0x001C, kKey4}, {5, 0x0090, 0x001C, kKey5}});
    for (size_t i = 0; i < 64; ++i) image.otp[i] = static_cast<uint8_t>(0xC0 + i);
    // Counter 1 at 37 (B7.6: lin_a FFFF>>5, lin_b FFFF>>21 = 0, bin_a 1, bin_b 0).
    const Bytes c37 = {0x07, 0xFF, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00};
    std::copy(c37.begin(), c37.end(), image.config.begin() + 60);
    b.chip.set_image(image);
    ASSERT_EQ(b.wake().size(), 4u);
    b.cycle_each_command = true;
    sn = serial(image);
  }
  Bytes stored_block(const Bytes& zone, size_t block) const {
    return Bytes(zone.begin() + static_cast<std::ptrdiff_t>(32 * block),
                 zone.begin() + static_cast<std::ptrdiff_t>(32 * block + 32));
  }
  EepromImage image;
  Bytes sn;
  AteccOnBus b;
};

TEST_F(AteccGenDig, DataSlotDigestAndFlags) {
  const Bytes tk = random_nonce(b, kNumIn);
  ASSERT_EQ(b.status_of(0x15, 0x02, 4), kOk);
  EXPECT_EQ(chip_temp_key(b), gendig_data_temp_key(tk, kKey4, 4, sn));
  const TempKey& t = b.chip.volatile_state().temp_key;
  EXPECT_TRUE(t.valid);
  EXPECT_TRUE(t.gen_dig_data);
  EXPECT_EQ(t.key_id, 4);
  EXPECT_TRUE(t.from_random) << "GenDig keeps the source flag";
  EXPECT_FALSE(t.no_mac);
  // cryptoauthlib's 4 OtherData bytes change nothing for a key without NoMac.
  const Bytes tk2 = random_nonce(b, kNumIn);
  ASSERT_EQ(b.status_of(0x15, 0x02, 4, {0x15, 0x02, 0x04, 0x00}), kOk);
  EXPECT_EQ(chip_temp_key(b), gendig_data_temp_key(tk2, kKey4, 4, sn));
}

TEST_F(AteccGenDig, NoMacKeyTakesItsCommandBytesFromOtherData) {
  random_nonce(b, kNumIn);
  EXPECT_EQ(b.status_of(0x15, 0x02, 5), kRefused) << "a NoMac key needs the 4 OtherData bytes";
  const Bytes tk = random_nonce(b, kNumIn);
  const Bytes other = {0x01, 0x02, 0x03, 0x04};
  ASSERT_EQ(b.status_of(0x15, 0x02, 5, other), kOk);
  EXPECT_EQ(chip_temp_key(b), sha256(cat({kKey5, other, {sn[8], sn[0], sn[1]}, zeros(25), tk})));
  EXPECT_TRUE(b.chip.volatile_state().temp_key.no_mac);
  EXPECT_EQ(b.status_of(0x08, 0x01, 4), kRefused) << "MAC refuses a TempKey made through a NoMac key";
}

TEST_F(AteccGenDig, ConfigAndOtpBlocks) {
  Bytes tk = random_nonce(b, kNumIn);
  ASSERT_EQ(b.status_of(0x15, 0x00, 3), kOk);
  tk = sha256(cat({stored_block(image.config, 3), {0x15, 0x00, 0x03, 0x00}, {sn[8], sn[0], sn[1]}, zeros(25), tk}));
  EXPECT_EQ(chip_temp_key(b), tk);
  EXPECT_FALSE(b.chip.volatile_state().temp_key.gen_dig_data) << "only a data-slot digest marks a key";
  ASSERT_EQ(b.status_of(0x15, 0x01, 1), kOk) << "digests chain on the previous TempKey";
  tk = sha256(cat({stored_block(image.otp, 1), {0x15, 0x01, 0x01, 0x00}, {sn[8], sn[0], sn[1]}, zeros(25), tk}));
  EXPECT_EQ(chip_temp_key(b), tk);
}

TEST_F(AteccGenDig, SharedNonceInBothOrders) {
  const Bytes host_nonce = repeat(0x3C, 32);
  Bytes tk = random_nonce(b, kNumIn);
  ASSERT_EQ(b.status_of(0x15, 0x03, 0x0000, host_nonce), kOk);
  tk = sha256(cat({host_nonce, {0x15, 0x03, 0x00, 0x00}, {sn[8], sn[0], sn[1]}, zeros(25), tk}));
  EXPECT_EQ(chip_temp_key(b), tk);
  ASSERT_EQ(b.status_of(0x15, 0x03, 0x8000, host_nonce), kOk);
  // Bit 15 swaps the blocks; only Param2's low byte is hashed.
  tk = sha256(cat({tk, {0x15, 0x03, 0x00, 0x00}, {sn[8], sn[0], sn[1]}, zeros(25), host_nonce}));
  EXPECT_EQ(chip_temp_key(b), tk);
}

TEST_F(AteccGenDig, CounterAndKeyConfig) {
  Bytes tk = random_nonce(b, kNumIn);
  ASSERT_EQ(b.status_of(0x15, 0x04, 1), kOk);
  tk = sha256(cat({zeros(32), {0x15, 0x04, 0x01, 0x00}, {sn[8], sn[0], sn[1]}, {0x00, 37, 0, 0, 0}, zeros(20), tk}));
  EXPECT_EQ(chip_temp_key(b), tk);
  ASSERT_EQ(b.status_of(0x15, 0x05, 5), kOk);
  // SlotConfig 0x0090, KeyConfig 0x001C, slot 5 not locked.
  tk = sha256(cat({zeros(32),
                   {0x15, 0x05, 0x05, 0x00},
                   {sn[8], sn[0], sn[1]},
                   {0x00, 0x90, 0x00, 0x1C, 0x00, 0x00},
                   zeros(19),
                   tk}));
  EXPECT_EQ(chip_temp_key(b), tk);
}

TEST_F(AteccGenDig, ParameterChecks) {
  random_nonce(b, kNumIn);
  EXPECT_EQ(b.status_of(0x15, 0x06, 0), kParse) << "zone";
  EXPECT_EQ(b.status_of(0x15, 0x00, 4), kParse) << "config has blocks 0-3";
  EXPECT_EQ(b.status_of(0x15, 0x01, 2), kParse) << "OTP has blocks 0-1";
  EXPECT_EQ(b.status_of(0x15, 0x02, 16), kParse) << "slot";
  EXPECT_EQ(b.status_of(0x15, 0x04, 2), kParse) << "counter";
  EXPECT_EQ(b.status_of(0x15, 0x05, 16), kParse) << "key config slot";
  EXPECT_EQ(b.status_of(0x15, 0x03, 0x0001, repeat(1, 32)), kParse) << "shared nonce takes only bit 15";
  EXPECT_EQ(b.status_of(0x15, 0x03, 0, repeat(1, 4)), kParse) << "shared nonce is 32 bytes";
  EXPECT_EQ(b.status_of(0x15, 0x02, 4, repeat(1, 3)), kParse);
  EXPECT_TRUE(b.chip.volatile_state().temp_key.valid) << "a parse error leaves TempKey alone";
}

TEST_F(AteccGenDig, NeedsTempKeyWhichSleepLoses) {
  EXPECT_EQ(b.status_of(0x15, 0x02, 4), kRefused) << "no TempKey since power-up";
  random_nonce(b, kNumIn);
  ASSERT_EQ(b.status_of(0x15, 0x02, 4), kOk);
  ASSERT_EQ(b.wake().size(), 4u);
  ASSERT_EQ(b.sleep(), BusOutcome::kAck);
  EXPECT_FALSE(b.chip.volatile_state().temp_key.valid);
  EXPECT_EQ(b.status_of(0x15, 0x02, 4), kRefused) << "sleep lost TempKey";
}

TEST(AteccGenDigUnlocked, DataSlotNeedsTheDataLock) {
  AteccOnBus b;
  EepromImage img = locked_image({{4, 0x0080, 0x001C, kKey4}});
  img.config[86] = 0x55;
  b.chip.set_image(img);
  ASSERT_EQ(b.wake().size(), 4u);
  random_nonce(b, kNumIn);
  EXPECT_EQ(b.status_of(0x15, 0x02, 4), kRefused);
  EXPECT_EQ(b.status_of(0x15, 0x00, 0), kOk) << "the config zone is always there";
}

}  // namespace
}  // namespace kb::sim::atecc608a
