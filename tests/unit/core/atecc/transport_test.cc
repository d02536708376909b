// The driver on a scripted bus: the wake sequence (rate drop, general-call pulse, tWHI, token,
// rate restore), the word addresses, and execution as cryptoauthlib polls it — address NACKs
// while busy, the count byte then the rest, status bytes mapped to named errors, a bad CRC, the
// polling ceiling.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "core/atecc/atecc.h"
#include "core/atecc/commands/genkey.h"
#include "core/atecc/commands/info.h"
#include "core/atecc/commands/random.h"
#include "core/atecc/commands/self_test.h"
#include "core/atecc/commands/verify.h"
#include "core/atecc/device_status.h"
#include "core/atecc/transport.h"
#include "tests/unit/core/atecc/atecc_test_support.h"

namespace kb::core::atecc {
namespace {

using test::BusOp;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::StrEq;

constexpr uint64_t kUs = 1000;
constexpr uint64_t kMs = 1000000;

const std::vector<uint8_t> kRevisionGroup = {0x07, 0x00, 0x00, 0x60, 0x02, 0x80, 0x38};

class AteccTransportTest : public ::testing::Test {
 protected:
  test::VirtualClock clock;
  test::ScriptedAtecc bus{clock};
};

TEST_F(AteccTransportTest, WakeDropsTheRatePulsesWaitsReadsTheTokenAndRestores) {
  Transport t(bus, clock);
  bus.answer_wake();
  ASSERT_EQ(t.wake(), Status(Code::kOk));
  ASSERT_EQ(bus.ops.size(), 4u);
  EXPECT_EQ(bus.ops[0].kind, BusOp::Kind::kRate);
  EXPECT_EQ(bus.ops[0].rate_hz, 100000u);
  EXPECT_EQ(bus.ops[1].kind, BusOp::Kind::kWrite);
  EXPECT_EQ(bus.ops[1].address7, 0x00);
  EXPECT_THAT(bus.ops[1].bytes, ElementsAre(0x00));
  EXPECT_EQ(bus.ops[2].kind, BusOp::Kind::kRead);
  EXPECT_EQ(bus.ops[2].address7, 0x60);
  EXPECT_EQ(bus.ops[2].read_length, 4u);
  // tWHI runs from the end of the pulse (the rising edge) to the token read.
  EXPECT_GE(bus.ops[2].at_ns - (bus.ops[1].at_ns + bus.transfer_ns), 1500 * kUs);
  EXPECT_EQ(bus.ops[3].kind, BusOp::Kind::kRate);
  EXPECT_EQ(bus.ops[3].rate_hz, 400000u);
}

TEST_F(AteccTransportTest, WakeOnASlowBusChangesNoRate) {
  TransportOptions o;
  o.bus_rate_hz = 100000;
  Transport t(bus, clock, o);
  bus.answer_wake();
  ASSERT_EQ(t.wake(), Status(Code::kOk));
  EXPECT_TRUE(bus.of_kind(BusOp::Kind::kRate).empty());
  EXPECT_EQ(bus.writes().size(), 1u);
}

TEST_F(AteccTransportTest, WakeOnABusThatCannotChangeRateStillPulsesAndRestoresNothing) {
  Transport t(bus, clock);
  bus.rate_result = hal::I2cResult::kUnsupported;
  bus.answer_wake();
  ASSERT_EQ(t.wake(), Status(Code::kOk));
  ASSERT_EQ(bus.of_kind(BusOp::Kind::kRate).size(), 1u);  // the attempt to drop, no restore
  EXPECT_EQ(bus.writes().size(), 1u);
}

TEST_F(AteccTransportTest, WakeRetriesTheTokenReadWhileNacked) {
  Transport t(bus, clock);
  bus.nack_reads(3);
  bus.answer_wake();
  ASSERT_EQ(t.wake(), Status(Code::kOk));
  EXPECT_EQ(bus.reads().size(), 4u);
}

TEST_F(AteccTransportTest, NoTokenIsWakeFailedAndTheRateStillGoesBack) {
  Transport t(bus, clock);  // every read NACKed: the chip never woke
  EXPECT_EQ(t.wake(), Status(Code::kWakeFailed));
  EXPECT_EQ(bus.reads().size(), kWakeReadAttempts);
  const auto rates = bus.of_kind(BusOp::Kind::kRate);
  ASSERT_EQ(rates.size(), 2u);
  EXPECT_EQ(rates.back().rate_hz, 400000u);
}

TEST_F(AteccTransportTest, WrongTokenIsWakeFailed) {
  Transport t(bus, clock);
  bus.answer({0x04, 0x00, 0x03, 0x40});  // a success group is no wake token
  EXPECT_EQ(t.wake(), Status(Code::kWakeFailed));
}

TEST_F(AteccTransportTest, SelfTestFailureAtWakeIsNamed) {
  Transport t(bus, clock);
  bus.answer({0x04, 0x07, 0x40, 0xC2});
  const Status s = t.wake();
  EXPECT_TRUE(is_device_status(s, DeviceStatus::kSelfTestError));
  char text[64];
  EXPECT_THAT(s.describe(text, sizeof text), StrEq("device status 0x07 (self-test error)"));
}

TEST_F(AteccTransportTest, WordAddresses) {
  Transport t(bus, clock);
  EXPECT_EQ(t.idle(), Status(Code::kOk));
  EXPECT_EQ(t.sleep(), Status(Code::kOk));
  EXPECT_EQ(t.reset_io(), Status(Code::kOk));
  const auto w = bus.writes();
  ASSERT_EQ(w.size(), 3u);
  EXPECT_THAT(w[0].bytes, ElementsAre(0x02));
  EXPECT_THAT(w[1].bytes, ElementsAre(0x01));
  EXPECT_THAT(w[2].bytes, ElementsAre(0x00));
  for (const auto& op : w) EXPECT_EQ(op.address7, 0x60);
}

TEST_F(AteccTransportTest, ExecutePollsTheCountByteEveryTwoMillisecondsThenReadsTheRest) {
  Transport t(bus, clock);
  bus.nack_reads(5);
  bus.answer_group(kRevisionGroup);
  const auto payload = t.execute(commands::info_command(commands::InfoMode::kRevision));
  ASSERT_TRUE(payload.ok()) << code_name(payload.status().code());
  EXPECT_THAT(*payload, ElementsAre(0x00, 0x00, 0x60, 0x02));

  const auto w = bus.writes();
  ASSERT_EQ(w.size(), 1u);
  EXPECT_THAT(w[0].bytes, ElementsAreArray({0x03, 0x07, 0x30, 0x00, 0x00, 0x00, 0x03, 0x5D}));
  const auto r = bus.reads();
  ASSERT_EQ(r.size(), 7u);
  const uint64_t sent_end = w[0].at_ns + bus.transfer_ns;
  EXPECT_EQ(r[0].at_ns - sent_end, 1 * kMs);  // first poll
  for (size_t i = 1; i < 6; ++i) {
    EXPECT_EQ(r[i].at_ns - (r[i - 1].at_ns + bus.transfer_ns), 2 * kMs) << i;
    EXPECT_EQ(r[i].read_length, 1u);
  }
  EXPECT_EQ(r[6].read_length, 6u);                      // count − 1
  EXPECT_EQ(r[6].at_ns, r[5].at_ns + bus.transfer_ns);  // the rest follows at once
}

TEST_F(AteccTransportTest, StatusGroupsBecomeNamedErrors) {
  struct Case {
    std::vector<uint8_t> group;
    DeviceStatus status;
    const char* text;
  };
  const Case cases[] = {
      {{0x04, 0x0F, 0x23, 0x42}, DeviceStatus::kExecutionError, "device status 0x0F (execution error)"},
      {{0x04, 0x03, 0x83, 0x42}, DeviceStatus::kParseError, "device status 0x03 (parse error)"},
      {{0x04, 0x05, 0xC3, 0x43}, DeviceStatus::kEccFault, "device status 0x05 (ECC fault)"},
      {{0x04, 0x08, 0x60, 0xC0}, DeviceStatus::kHealthTestError, "device status 0x08 (RNG health test error)"},
      {{0x04, 0xEE, 0x31, 0x41}, DeviceStatus::kWatchdogAboutToExpire, "device status 0xEE (watchdog about to expire)"},
      {{0x04, 0xFF, 0x01, 0x42}, DeviceStatus::kCommunicationError, "device status 0xFF (CRC or communication error)"},
  };
  for (const Case& c : cases) {
    Transport t(bus, clock);
    bus.answer_group(c.group);
    const auto payload = t.execute(commands::random_command());
    EXPECT_TRUE(is_device_status(payload.status(), c.status)) << c.text;
    char text[80];
    EXPECT_THAT(payload.status().describe(text, sizeof text), StrEq(c.text));
  }
}

TEST_F(AteccTransportTest, ABadResponseCrcIsReported) {
  Transport t(bus, clock);
  std::vector<uint8_t> g = kRevisionGroup;
  g[3] ^= 0x10;
  bus.answer_group(g);
  EXPECT_EQ(t.execute(commands::info_command(commands::InfoMode::kRevision)).status(), Status(Code::kResponseCrc));
}

TEST_F(AteccTransportTest, PollingGivesUpAtTheCeilingWithATimeout) {
  Transport t(bus, clock);  // the chip never answers
  const uint64_t start = clock.now_ns();
  EXPECT_EQ(t.execute(commands::info_command(commands::InfoMode::kRevision)).status(), Status(Code::kDeviceTimeout));
  const uint64_t elapsed = clock.now_ns() - start;
  EXPECT_GE(elapsed, 2500 * kMs);
  EXPECT_LT(elapsed, 2500 * kMs + 2 * kMs + 2 * bus.transfer_ns);
  // 1 ms, then one poll every 2 ms plus the poll's own bus time, until 2.5 s have passed.
  const size_t polls = bus.reads().size();
  EXPECT_GT(polls, 1200u);
  EXPECT_LE(polls, 1251u);
}

TEST_F(AteccTransportTest, ACeilingFromTheOptionsIsHonoured) {
  TransportOptions o;
  o.polling.ceiling_ms = 10;
  Transport t(bus, clock, o);
  EXPECT_EQ(t.execute(commands::random_command()).status(), Status(Code::kDeviceTimeout));
  EXPECT_LE(bus.reads().size(), 6u);
}

TEST_F(AteccTransportTest, WithoutPollingTheOpcodesMaximumTimeIsWaitedAndOneReadMade) {
  TransportOptions o;
  o.polling.use_polling = false;
  o.polling.divider = ClockDivider::kM2;
  Transport t(bus, clock, o);
  std::vector<uint8_t> pub_group(1, 67);
  for (int i = 0; i < 64; ++i) pub_group.push_back(static_cast<uint8_t>(i));
  pub_group = test::group_of({pub_group.begin() + 1, pub_group.end()});
  bus.answer_group(pub_group);
  const auto command = commands::genkey_command(commands::genkey_mode::kPublic, 0);
  ASSERT_TRUE(command.ok());
  ASSERT_TRUE(t.execute(*command).ok());
  const auto r = bus.reads();
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].at_ns - (bus.writes()[0].at_ns + bus.transfer_ns), 653 * kMs);  // GenKey, M2 column
}

TEST_F(AteccTransportTest, WithoutPollingABusyChipIsATimeoutAfterOneRead) {
  TransportOptions o;
  o.polling.use_polling = false;
  Transport t(bus, clock, o);
  EXPECT_EQ(t.execute(commands::random_command()).status(), Status(Code::kDeviceTimeout));
  EXPECT_EQ(bus.reads().size(), 1u);
}

TEST_F(AteccTransportTest, OtherBusFailuresEndTheCommandAtOnce) {
  Transport t(bus, clock);
  bus.nack_reads(2);
  bus.fail_read(hal::I2cResult::kBusError);
  EXPECT_EQ(t.execute(commands::random_command()).status(), Status(Code::kBusError));
  EXPECT_EQ(bus.reads().size(), 3u);
}

TEST_F(AteccTransportTest, CountBytesOutsideTheGroupLimitsAreRefusedBeforeReadingOn) {
  Transport t(bus, clock);
  bus.answer({0x03});
  EXPECT_EQ(t.execute(commands::random_command()).status(), Status(Code::kResponseTruncated));
  bus.answer({0xFF});  // a released line reads as ones
  EXPECT_EQ(t.execute(commands::random_command()).status(), Status(Code::kResponseOversize));
  EXPECT_EQ(bus.reads().size(), 2u);
}

TEST_F(AteccTransportTest, ASuccessStatusWhereDataWasExpectedIsTruncated) {
  Atecc chip(bus, clock);
  bus.answer_wake();
  bus.answer_group({0x04, 0x00, 0x03, 0x40});
  std::array<uint8_t, 32> out{};
  EXPECT_EQ(commands::random(chip, out), Status(Code::kResponseTruncated));
}

TEST_F(AteccTransportTest, ACycleIsWakeSendPollReceiveIdle) {
  Atecc chip(bus, clock);
  bus.answer_wake();
  bus.nack_reads(1);
  bus.answer_group(kRevisionGroup);
  const auto revision = commands::info_revision(chip);
  ASSERT_TRUE(revision.ok());
  EXPECT_THAT(*revision, ElementsAre(0x00, 0x00, 0x60, 0x02));
  std::vector<std::pair<BusOp::Kind, uint8_t>> shape;
  for (const BusOp& op : bus.ops) shape.emplace_back(op.kind, op.bytes.empty() ? 0xEE : op.bytes[0]);
  using K = BusOp::Kind;
  EXPECT_THAT(shape, ElementsAre(std::pair{K::kRate, 0xEE}, std::pair{K::kWrite, 0x00}, std::pair{K::kRead, 0x04},
                                 std::pair{K::kRate, 0xEE}, std::pair{K::kWrite, 0x03}, std::pair{K::kRead, 0xEE},
                                 std::pair{K::kRead, 0x07}, std::pair{K::kRead, 0x00}, std::pair{K::kWrite, 0x02}));
  EXPECT_EQ(chip.last_idle(), Status(Code::kOk));
}

TEST_F(AteccTransportTest, TheCycleIdlesEvenWhenTheCommandFails) {
  Atecc chip(bus, clock);
  bus.answer_wake();
  bus.answer_group({0x04, 0x0F, 0x23, 0x42});
  std::array<uint8_t, 64> pub{};
  EXPECT_TRUE(is_device_status(commands::genkey_private(chip, 0, pub), DeviceStatus::kExecutionError));
  ASSERT_FALSE(bus.writes().empty());
  EXPECT_THAT(bus.writes().back().bytes, ElementsAre(0x02));
}

TEST_F(AteccTransportTest, TheCycleStopsAfterAFailedWakeButStillIdles) {
  Atecc chip(bus, clock);
  bus.answer({0x04, 0x00, 0x03, 0x40});
  EXPECT_EQ(commands::info_revision(chip).status(), Status(Code::kWakeFailed));
  const auto w = bus.writes();
  ASSERT_EQ(w.size(), 2u);  // the pulse and the idle: no command went out
  EXPECT_THAT(w[1].bytes, ElementsAre(0x02));
}

TEST_F(AteccTransportTest, VerifyMiscompareIsFalseNotAnError) {
  Atecc chip(bus, clock);
  const std::vector<uint8_t> sig(64, 0x01), pub(64, 0x02);
  bus.answer_wake();
  bus.answer_group({0x04, 0x01, 0x00, 0xC3});
  const auto miss = commands::verify_external(chip, MessageSource::kTempKey, sig, pub);
  ASSERT_TRUE(miss.ok());
  EXPECT_FALSE(*miss);
  bus.answer_wake();
  bus.answer_group({0x04, 0x00, 0x03, 0x40});
  const auto match = commands::verify_external(chip, MessageSource::kTempKey, sig, pub);
  ASSERT_TRUE(match.ok());
  EXPECT_TRUE(*match);
  bus.answer_wake();
  bus.answer_group({0x04, 0x0F, 0x23, 0x42});
  EXPECT_TRUE(is_device_status(commands::verify_external(chip, MessageSource::kTempKey, sig, pub).status(),
                               DeviceStatus::kExecutionError));
}

TEST_F(AteccTransportTest, SelfTestResultBitsAreResultsOtherBytesStatuses) {
  Atecc chip(bus, clock);
  bus.answer_wake();
  bus.answer_group(test::group_of({0x00}));
  EXPECT_EQ(*commands::self_test(chip), 0x00);
  bus.answer_wake();
  bus.answer_group(test::group_of({0x10}));  // AES failed
  EXPECT_EQ(*commands::self_test(chip), 0x10);
  bus.answer_wake();
  bus.answer_group(test::group_of({0x0F}));  // bit 2 is no test: a status
  EXPECT_TRUE(is_device_status(commands::self_test(chip).status(), DeviceStatus::kExecutionError));
}

}  // namespace
}  // namespace kb::core::atecc
