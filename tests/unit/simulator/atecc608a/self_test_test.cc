// SelfTest (0x77): the result byte (0x00, or the bits of the tests that failed), failure mode
// (every other command answers 0x07 until the failed tests pass again), the power-on self-test
// behind ChipOptions bit 0 with its 04 07 40 C2 wake token, and parameter checks (fact sheet
// B6.2, B5.2, open question 6).
#include "tests/unit/simulator/atecc608a/crypto_support.h"

namespace kb::sim::atecc608a {
namespace {

using namespace test_support;

constexpr uint8_t kAll = 0x3B, kRng = 0x01, kEcdsa = 0x02, kEcdh = 0x08, kAes = 0x10, kSha = 0x20;

class AteccSelfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(b.wake(), hex("04 11 33 43"));
    b.cycle_each_command = true;
  }
  AteccOnBus b;
};

TEST_F(AteccSelfTest, EveryTestPassesOnAHealthyChip) {
  EXPECT_EQ(b.command(0x77, kAll, 0), hex("04 00 03 40")) << "SelfTest all, packet 07 77 3B 00 00 9D FB (B5.5)";
  for (uint8_t t : {kRng, kEcdsa, kEcdh, kAes, kSha}) EXPECT_EQ(b.status_of(0x77, t, 0), kOk) << int{t};
}

TEST_F(AteccSelfTest, AFailedTestIsReportedAndEntersFailureMode) {
  b.chip.set_broken_self_tests(kAes);
  EXPECT_EQ(b.status_of(0x77, kSha, 0), kOk) << "the SHA circuit still works";
  EXPECT_EQ(b.status_of(0x77, kAll, 0), kAes) << "the result names the failed test";
  EXPECT_EQ(b.status_of(0x30, 0x00, 0), kSelfTestError) << "Info in failure mode";
  EXPECT_EQ(b.status_of(0x1B, 0x00, 0), kSelfTestError) << "Random in failure mode";
  EXPECT_EQ(b.status_of(0x77, kSha, 0), kOk);
  EXPECT_EQ(b.status_of(0x30, 0x00, 0), kSelfTestError) << "a pass of another test does not clear it";
  ASSERT_EQ(b.wake().size(), 4u);
  ASSERT_EQ(b.sleep(), BusOutcome::kAck);
  EXPECT_EQ(b.status_of(0x30, 0x00, 0), kSelfTestError) << "sleep does not clear it";
  b.chip.set_broken_self_tests(0);
  EXPECT_EQ(b.status_of(0x77, kAes, 0), kOk);
  EXPECT_EQ(b.payload(0x30, 0x00, 0), hex("00 00 60 02")) << "the AES rerun passed";
}

TEST_F(AteccSelfTest, PowerCycleLeavesFailureModeButNotTheFault) {
  b.chip.set_broken_self_tests(kEcdh | kRng);
  EXPECT_EQ(b.status_of(0x77, kAll, 0), kEcdh | kRng);
  b.chip.power_cycle();
  ASSERT_EQ(b.wake(), hex("04 11 33 43")) << "no power-on self-test configured";
  EXPECT_EQ(b.payload(0x30, 0x00, 0), hex("00 00 60 02"));
  EXPECT_EQ(b.status_of(0x77, kEcdh, 0), kEcdh) << "the circuit is still broken";
}

TEST_F(AteccSelfTest, PowerOnSelfTestAtWake) {
  ChipImage().u16(90, 0x0001).lock(true, false).apply(b);
  b.chip.power_cycle();
  ASSERT_EQ(b.wake(), hex("04 11 33 43")) << "all tests pass";
  b.chip.set_broken_self_tests(kSha);
  ASSERT_EQ(b.sleep(), BusOutcome::kAck);
  const Bytes token = b.wake();
  EXPECT_EQ(token, status(0x07));
  EXPECT_EQ(token, hex("04 07 40 C2")) << "the CRC computed (open question 6)";
  b.cycle_each_command = false;
  EXPECT_EQ(b.status_of(0x30, 0x00, 0), kSelfTestError);
  b.chip.set_broken_self_tests(0);
  ASSERT_EQ(b.sleep(), BusOutcome::kAck);
  EXPECT_EQ(b.wake(), hex("04 11 33 43")) << "the next wake's self-test passes";
  EXPECT_EQ(b.payload(0x30, 0x00, 0), hex("00 00 60 02"));
}

TEST_F(AteccSelfTest, ParameterValidation) {
  EXPECT_EQ(b.status_of(0x77, 0x00, 0), kParse) << "no test selected";
  EXPECT_EQ(b.status_of(0x77, 0x04, 0), kParse) << "bit 2 is not a test";
  EXPECT_EQ(b.status_of(0x77, 0x40, 0), kParse);
  EXPECT_EQ(b.status_of(0x77, 0x80, 0), kParse);
  EXPECT_EQ(b.status_of(0x77, kAll, 1), kParse) << "Param2 is 0";
  EXPECT_EQ(b.status_of(0x77, kAll, 0, hex("00")), kParse) << "no data";
}

}  // namespace
}  // namespace kb::sim::atecc608a
