// Info (0x30) modes 2-4: State (TempKey flags, RNG, TempKey valid), GPIO, and the persistent latch
// of VolatileKeyPermit, which survives sleep and not a power cycle (fact sheet B6.2).
#include "tests/unit/simulator/atecc608a/crypto_support.h"

namespace kb::sim::atecc608a {
namespace {

using namespace test_support;

class AteccInfoModes : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(b.wake(), hex("04 11 33 43"));
    b.cycle_each_command = true;
  }
  AteccOnBus b;
};

TEST_F(AteccInfoModes, StateFollowsTempKey) {
  ChipImage().lock(true, false).apply(b);
  EXPECT_EQ(b.payload(0x30, 0x02, 0), hex("10 00 00 00")) << "nothing loaded (SourceFlag reads 1)";
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, repeat(7, 32)), kOk);
  EXPECT_EQ(b.payload(0x30, 0x02, 0), hex("10 80 00 00")) << "pass-through TempKey: valid, SourceFlag 1";
  ASSERT_EQ(b.payload(0x16, 0x00, 0, repeat(9, 20)).size(), 32u);
  EXPECT_EQ(b.payload(0x30, 0x02, 0), hex("00 81 00 00")) << "random TempKey, RNG seeded since the wake";
  inject_temp_key(b, repeat(1, 32), 9, true, false, true);
  EXPECT_EQ(b.payload(0x30, 0x02, 0), hex("29 81 00 00")) << "KeyId 9, GenDigData";
  EXPECT_EQ(b.status_of(0x30, 0x02, 1), kParse);
}

TEST_F(AteccInfoModes, GpioReadsLow) {
  EXPECT_EQ(b.payload(0x30, 0x03, 0), hex("00 00 00 00"));
  EXPECT_EQ(b.status_of(0x30, 0x03, 0x0003), kRefused) << "no GPIO to drive over I2C";
}

TEST_F(AteccInfoModes, VolatileKeyPermitLatch) {
  ChipImage().lock(true, false).apply(b);
  EXPECT_EQ(b.payload(0x30, 0x04, 0), hex("00 00 00 00"));
  EXPECT_EQ(b.status_of(0x30, 0x04, 0x0003), kRefused) << "VolatileKeyPermission (byte 69) not enabled";
  ChipImage().byte(69, 0x85).lock(true, false).apply(b);
  EXPECT_EQ(b.status_of(0x30, 0x04, 0x0003), kOk);
  EXPECT_EQ(b.payload(0x30, 0x04, 0), hex("01 00 00 00"));
  ASSERT_EQ(b.wake().size(), 4u);
  ASSERT_EQ(b.sleep(), BusOutcome::kAck);
  EXPECT_EQ(b.payload(0x30, 0x04, 0), hex("01 00 00 00")) << "sleep keeps the latch";
  EXPECT_EQ(b.status_of(0x30, 0x04, 0x0002), kOk);
  EXPECT_EQ(b.payload(0x30, 0x04, 0), hex("00 00 00 00")) << "cleared";
  ASSERT_EQ(b.status_of(0x30, 0x04, 0x0003), kOk);
  b.chip.power_cycle();
  EXPECT_EQ(b.payload(0x30, 0x04, 0), hex("00 00 00 00")) << "a power cycle clears it";
  EXPECT_EQ(b.status_of(0x30, 0x04, 0x0001), kParse) << "the set bit without 0x0002";
  EXPECT_EQ(b.status_of(0x30, 0x04, 0x0007), kParse);
  ChipImage().byte(69, 0x85).apply(b);
  EXPECT_EQ(b.status_of(0x30, 0x04, 0x0003), kRefused) << "config not locked";
}

}  // namespace
}  // namespace kb::sim::atecc608a
