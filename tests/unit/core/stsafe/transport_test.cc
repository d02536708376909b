#include "core/stsafe/transport.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/core/stsafe/fake_clock.h"
#include "tests/unit/core/stsafe/mock_i2c_initiator.h"
#include "tests/unit/core/stsafe/scripted_stsafe.h"

namespace kb::core::stsafe {
namespace {

using hal::I2cResult;
using test::Bytes;
using test::hex;
using ::testing::_;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::InSequence;
using ::testing::Return;
using ::testing::StrictMock;

Bytes to_bytes(std::span<const uint8_t> s) {
  return Bytes(s.begin(), s.end());
}

// Gmock action body: serve `wire` from byte 0 into a read buffer, padding beyond its end.
auto serve(Bytes wire) {
  return [wire](uint8_t, std::span<const uint8_t>, std::span<uint8_t> rx) {
    std::fill(rx.begin(), rx.end(), uint8_t{0xFF});
    std::copy_n(wire.begin(), std::min(wire.size(), rx.size()), rx.begin());
    return I2cResult::kOk;
  };
}

auto is_write_of(Bytes bytes) {
  return [bytes](std::span<const uint8_t> tx) { return Bytes(tx.begin(), tx.end()) == bytes; };
}

constexpr auto kIsRead = [](std::span<const uint8_t> tx) { return tx.empty(); };
constexpr auto kIsWrite = [](std::span<const uint8_t> tx) { return !tx.empty(); };
auto read_of(size_t n) {
  return [n](std::span<uint8_t> rx) { return rx.size() == n; };
}

class TransportTest : public ::testing::Test {
 protected:
  StrictMock<test::MockI2cInitiator> i2c;
  test::FakeClock clock;
  Transport transport{i2c, clock};
};

// Fact sheet 2.5 echo example, and 1.5: read 5 bytes, then L + 3 bytes from byte 0.
TEST_F(TransportTest, EchoExchangeWritesThenReadsFiveThenWhole) {
  const Bytes command = hex("00 00 01 02 03 94 80");
  const Bytes response = hex("00 00 06 00 01 02 03 94 80");
  {
    InSequence order;
    EXPECT_CALL(i2c, do_transfer(0x20, ::testing::Truly(is_write_of(command)), ::testing::IsEmpty()))
        .WillOnce(Return(I2cResult::kOk));
    EXPECT_CALL(i2c, do_transfer(0x20, ::testing::IsEmpty(), ::testing::Truly(read_of(5)))).WillOnce(serve(response));
    EXPECT_CALL(i2c, do_transfer(0x20, ::testing::IsEmpty(), ::testing::Truly(read_of(9)))).WillOnce(serve(response));
  }
  auto result = transport.transfer(command, expect_exactly(4));
  ASSERT_TRUE(result.ok()) << static_cast<int>(result.status().code());
  EXPECT_THAT(to_bytes(result->payload), ElementsAreArray(hex("00 01 02 03")));
  EXPECT_THAT(to_bytes(transport.last_command()), ElementsAreArray(command));
  EXPECT_THAT(to_bytes(transport.last_response()), ElementsAreArray(response));
  // Polling mode: the first-polling interval, nothing else.
  EXPECT_THAT(clock.sleeps_ms(), ElementsAre(10));
}

TEST_F(TransportTest, HeaderOnlyResponseIsCompleteAfterTheFirstRead) {
  EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(kIsWrite), _)).WillOnce(Return(I2cResult::kOk));
  EXPECT_CALL(i2c, do_transfer(_, ::testing::IsEmpty(), ::testing::Truly(read_of(5))))
      .WillOnce(serve(hex("00 00 02 F0 78")));
  auto result = transport.transfer(hex("01 E1 F1"), expect_exactly(0));
  EXPECT_TRUE(result.ok());
}

TEST_F(TransportTest, CrcOfHeaderOnlyResponseIsChecked) {
  EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(kIsWrite), _)).WillOnce(Return(I2cResult::kOk));
  EXPECT_CALL(i2c, do_transfer(_, ::testing::IsEmpty(), _)).WillOnce(serve(hex("00 00 02 F0 79")));
  EXPECT_EQ(transport.transfer(hex("01 E1 F1"), expect_exactly(0)).status(), Status(Code::kResponseCrc));
}

TEST_F(TransportTest, CorruptedCrcIsResponseCrc) {
  EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(kIsWrite), _)).WillOnce(Return(I2cResult::kOk));
  EXPECT_CALL(i2c, do_transfer(_, ::testing::IsEmpty(), _))
      .Times(2)
      .WillRepeatedly(serve(hex("00 00 06 00 01 02 03 94 00")));
  EXPECT_EQ(transport.transfer(hex("00 00 01 02 03 94 80"), expect_exactly(4)).status(), Status(Code::kResponseCrc));
}

TEST_F(TransportTest, PayloadShorterThanExpectedIsTruncated) {
  EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(kIsWrite), _)).WillOnce(Return(I2cResult::kOk));
  EXPECT_CALL(i2c, do_transfer(_, ::testing::IsEmpty(), _))
      .Times(2)
      .WillRepeatedly(serve(test::response_wire(0x00, hex("0A"))));
  EXPECT_EQ(transport.transfer(hex("14 4A 10 E8"), expect_exactly(2)).status(), Status(Code::kResponseTruncated));
}

TEST_F(TransportTest, LongerPayloadIsCutForExactAndKeptForAtLeast) {
  const Bytes response = test::response_wire(0x00, hex("0A FF 77"));
  EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(kIsWrite), _)).Times(2).WillRepeatedly(Return(I2cResult::kOk));
  EXPECT_CALL(i2c, do_transfer(_, ::testing::IsEmpty(), _)).Times(4).WillRepeatedly(serve(response));

  auto exact = transport.transfer(hex("14 4A 10 E8"), expect_exactly(2));
  ASSERT_TRUE(exact.ok());
  EXPECT_THAT(to_bytes(exact->payload), ElementsAreArray(hex("0A FF")));

  auto at_least = transport.transfer(hex("14 4A 10 E8"), expect_at_least(2));
  ASSERT_TRUE(at_least.ok());
  EXPECT_THAT(to_bytes(at_least->payload), ElementsAreArray(hex("0A FF 77")));
}

TEST_F(TransportTest, OversizeLengthStopsBeforeTheSecondRead) {
  EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(kIsWrite), _)).WillOnce(Return(I2cResult::kOk));
  // L = 0x02F2 = 754 → header + payload = 753 > 752. Exactly one read.
  EXPECT_CALL(i2c, do_transfer(_, ::testing::IsEmpty(), ::testing::Truly(read_of(5))))
      .WillOnce(serve(hex("00 02 F2 00 00")));
  EXPECT_EQ(transport.transfer(hex("14 11 FC BE"), expect_at_least(0)).status(), Status(Code::kResponseOversize));
  EXPECT_THAT(to_bytes(transport.last_response()), ElementsAreArray(hex("00 02 F2 00 00")));
}

TEST_F(TransportTest, LargestResponseIsReadWhole) {
  const Bytes response = test::response_wire(0x00, Bytes(751, 0x3C));
  EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(kIsWrite), _)).WillOnce(Return(I2cResult::kOk));
  EXPECT_CALL(i2c, do_transfer(_, ::testing::IsEmpty(), ::testing::Truly(read_of(5)))).WillOnce(serve(response));
  EXPECT_CALL(i2c, do_transfer(_, ::testing::IsEmpty(), ::testing::Truly(read_of(kMaxResponseWireBytes))))
      .WillOnce(serve(response));
  auto result = transport.transfer(hex("14 11 FC BE"), expect_at_least(0));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->payload.size(), 751u);
}

TEST_F(TransportTest, DeviceStatusIsReturnedAndPayloadDropped) {
  const Bytes response = test::response_wire(0x11, hex("0A FF"));
  EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(kIsWrite), _)).WillOnce(Return(I2cResult::kOk));
  EXPECT_CALL(i2c, do_transfer(_, ::testing::IsEmpty(), _)).Times(2).WillRepeatedly(serve(response));
  auto result = transport.transfer(hex("10 4A 07 FF 08 03"), expect_exactly(0));
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.status(), Status::device(Domain::kStsafe, 0x11));
}

TEST_F(TransportTest, AddressNackOnReadIsPolledEvery10ms) {
  constexpr int kBusyReads = 3;
  const Bytes response = hex("00 00 02 F0 78");
  {
    InSequence order;
    EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(kIsWrite), _)).WillOnce(Return(I2cResult::kOk));
    EXPECT_CALL(i2c, do_transfer(_, ::testing::IsEmpty(), _))
        .Times(kBusyReads)
        .WillRepeatedly(Return(I2cResult::kAddressNack));
    EXPECT_CALL(i2c, do_transfer(_, ::testing::IsEmpty(), _)).WillOnce(serve(response));
  }
  EXPECT_TRUE(transport.transfer(hex("01 E1 F1"), expect_exactly(0)).ok());
  // First-polling interval, then one retry interval per NACK.
  EXPECT_THAT(clock.sleeps_ms(), ElementsAre(10, 10, 10, 10));
}

TEST_F(TransportTest, AddressNackOnWriteRetriesTheWholeWrite) {
  const Bytes command = hex("01 E1 F1");
  {
    InSequence order;
    EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(is_write_of(command)), _))
        .Times(2)
        .WillRepeatedly(Return(I2cResult::kAddressNack));
    EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(is_write_of(command)), _)).WillOnce(Return(I2cResult::kOk));
    EXPECT_CALL(i2c, do_transfer(_, ::testing::IsEmpty(), _)).WillOnce(serve(hex("00 00 02 F0 78")));
  }
  EXPECT_TRUE(transport.transfer(command, expect_exactly(0)).ok());
  EXPECT_THAT(clock.sleeps_ms(), ElementsAre(10, 10, 10));
}

TEST_F(TransportTest, ReadNackForeverGivesUpAfterMaxRetries) {
  int reads = 0;
  EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(kIsWrite), _)).WillOnce(Return(I2cResult::kOk));
  EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(kIsRead), _)).WillRepeatedly([&reads](auto, auto, auto) {
    ++reads;
    return I2cResult::kAddressNack;
  });
  EXPECT_EQ(transport.transfer(hex("01 E1 F1"), expect_exactly(0)).status(), Status(Code::kBusAddressNack));
  EXPECT_EQ(reads, 100);
}

TEST_F(TransportTest, WriteNackForeverGivesUpAfterMaxRetriesWithoutReading) {
  transport.set_policy(PollingPolicy{.first_interval_ms = 10, .retry_interval_ms = 5, .max_retries = 7});
  EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(kIsWrite), _))
      .Times(7)
      .WillRepeatedly(Return(I2cResult::kAddressNack));
  EXPECT_EQ(transport.transfer(hex("01 E1 F1"), expect_exactly(0)).status(), Status(Code::kBusAddressNack));
  // One retry interval after every NACK, as ST's library does, and no first-polling wait.
  EXPECT_THAT(clock.sleeps_ms(), ElementsAreArray(std::vector<uint64_t>(7, 5)));
}

TEST_F(TransportTest, DataNackOnWriteIsNotRetried) {
  EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(kIsWrite), _)).WillOnce(Return(I2cResult::kDataNack));
  EXPECT_EQ(transport.transfer(hex("01 E1 F1"), expect_exactly(0)).status(), Status(Code::kBusDataNack));
  EXPECT_TRUE(clock.sleeps_ms().empty());
}

TEST_F(TransportTest, BusErrorAndTimeoutAreNamed) {
  EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(kIsWrite), _))
      .WillOnce(Return(I2cResult::kBusError))
      .WillOnce(Return(I2cResult::kOk));
  EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(kIsRead), _)).WillOnce(Return(I2cResult::kTimeout));
  EXPECT_EQ(transport.transfer(hex("01 E1 F1"), expect_exactly(0)).status(), Status(Code::kBusError));
  EXPECT_EQ(transport.transfer(hex("01 E1 F1"), expect_exactly(0)).status(), Status(Code::kBusTimeout));
}

TEST_F(TransportTest, LostArbitrationIsRetriedLikeABusyChip) {
  const Bytes command = hex("01 E1 F1");
  {
    InSequence order;
    EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(is_write_of(command)), _))
        .WillOnce(Return(I2cResult::kArbitrationLost));
    EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(is_write_of(command)), _)).WillOnce(Return(I2cResult::kOk));
    EXPECT_CALL(i2c, do_transfer(_, ::testing::IsEmpty(), _))
        .WillOnce(Return(I2cResult::kArbitrationLost))
        .WillOnce(serve(hex("00 00 02 F0 78")));
  }
  EXPECT_TRUE(transport.transfer(command, expect_exactly(0)).ok());
  // A retry interval after each loss, and the first-polling wait between write and read.
  EXPECT_THAT(clock.sleeps_ms(), ElementsAre(10, 10, 10));
}

TEST_F(TransportTest, ArbitrationLostOnEveryAttemptIsNamed) {
  transport.set_policy(PollingPolicy{.first_interval_ms = 10, .retry_interval_ms = 5, .max_retries = 4});
  EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(kIsWrite), _))
      .Times(4)
      .WillRepeatedly(Return(I2cResult::kArbitrationLost));
  EXPECT_EQ(transport.transfer(hex("01 E1 F1"), expect_exactly(0)).status(), Status(Code::kBusArbitrationLost));
}

// Fact sheet 5: without polling the host waits the table time (echo 2 ms, query 5 ms, extended 500 ms).
TEST_F(TransportTest, WithoutPollingWaitsTheCommandExecutionTime) {
  transport.set_policy(PollingPolicy{.use_polling = false});
  EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(kIsWrite), _)).Times(3).WillRepeatedly(Return(I2cResult::kOk));
  EXPECT_CALL(i2c, do_transfer(_, ::testing::Truly(kIsRead), _)).WillRepeatedly(serve(hex("00 00 02 F0 78")));
  EXPECT_TRUE(transport.transfer(hex("01 E1 F1"), expect_exactly(0)).ok());
  EXPECT_TRUE(transport.transfer(hex("14 4A 10 E8"), expect_exactly(0)).ok());
  EXPECT_TRUE(transport.transfer(hex("1F 06 7C 28"), expect_exactly(0)).ok());
  EXPECT_THAT(clock.sleeps_ms(), ElementsAre(2, 5, 500));
}

TEST_F(TransportTest, UsesTheConfiguredAddress) {
  Transport other(i2c, clock, 0x21);
  EXPECT_CALL(i2c, do_transfer(0x21, _, _)).WillOnce(Return(I2cResult::kOk)).WillOnce(serve(hex("00 00 02 F0 78")));
  EXPECT_TRUE(other.transfer(hex("01 E1 F1"), expect_exactly(0)).ok());
}

TEST_F(TransportTest, EmptyOrOversizedFrameIsRefusedLocally) {
  EXPECT_EQ(transport.transfer({}, expect_exactly(0)).status(), Status(Code::kInvalidArgument));
  const Bytes huge(kMaxCommandWireBytes + 1, 0);
  EXPECT_EQ(transport.transfer(huge, expect_exactly(0)).status(), Status(Code::kInvalidArgument));
}

}  // namespace
}  // namespace kb::core::stsafe
