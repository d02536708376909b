// The host library's data partition commands against a scripted chip (fact sheet 2.5): the zone
// table decoder, the exact bytes of Read / Update / Decrement, chunked reads, local checks that
// send nothing, device refusals by name, and the host-MAC variant (the ISS #63 frame).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>

#include "core/stsafe/commands/decrement.h"
#include "core/stsafe/commands/query.h"
#include "core/stsafe/commands/read.h"
#include "core/stsafe/commands/update.h"
#include "tests/unit/core/stsafe/stsafe_session_harness.h"

namespace kb::core::stsafe {
namespace {

using test::Bytes;
using test::command_wire;
using test::concat;
using test::hex;
using test::kOkHeaderOnly;
using test::response_wire;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

// The SPL05 table the reference examples print (fact sheet sources: EX data storage examples):
// zones 0-4 and 7 data, 5 and 6 counters at 500000 (0007A120).
const Bytes kSpl05Table =
    hex("08"
        "00 00 0F 03 E8"
        "01 00 08 02 BC"
        "02 00 08 02 58"
        "03 00 08 02 58"
        "04 00 08 06 A0"
        "05 01 08 00 40 00 07 A1 20"
        "06 01 08 00 40 00 07 A1 20"
        "07 00 08 06 2A");

Status chip_status(uint8_t status) {
  return Status::device(Domain::kStsafe, status);
}

class DataPartitionTest : public test::StsafeSessionTest {};

// --- Query 0x12 ---

TEST_F(DataPartitionTest, QueryDecodesTheZoneRecords) {
  device.answer(response_wire(0x00, kSpl05Table));
  auto table = stsafe.query_data_partitions();
  ASSERT_TRUE(table.ok());
  EXPECT_THAT(device.writes, ElementsAre(command_wire(hex("14 12"))));
  ASSERT_EQ(table->count, 8);
  const DataPartitionRecord& z0 = table->zones[0];
  EXPECT_EQ(z0.index, 0);
  EXPECT_EQ(z0.type, ZoneType::kData);
  EXPECT_FALSE(z0.read_change_right);
  EXPECT_EQ(z0.read_access, ZoneAccess::kAlways);
  EXPECT_TRUE(z0.update_change_right);
  EXPECT_EQ(z0.update_access, ZoneAccess::kNever);
  EXPECT_EQ(z0.length, 1000);
  EXPECT_EQ(z0.counter, 0u);
  const DataPartitionRecord* z5 = table->find(5);
  ASSERT_NE(z5, nullptr);
  EXPECT_EQ(z5->type, ZoneType::kCounter);
  EXPECT_EQ(z5->length, 64);
  EXPECT_EQ(z5->counter, 500000u);
  EXPECT_EQ(table->find(7)->length, 1578);
  EXPECT_EQ(table->find(8), nullptr);
}

TEST_F(DataPartitionTest, QueryCountKeepsTheFirstByte) {
  device.answer(response_wire(0x00, kSpl05Table));
  auto count = commands::query_data_partition_count(stsafe.transport());
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 8);
}

TEST(DataPartitionParse, AccessBitsAndUnnamedValues) {
  auto t = commands::parse_data_partition_table(hex("01 2A 00 9E 00 10"));
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->zones[0].read_change_right);
  EXPECT_EQ(t->zones[0].read_access, ZoneAccess::kHost);
  EXPECT_TRUE(t->zones[0].update_change_right);
  EXPECT_EQ(t->zones[0].update_access, ZoneAccess::kAuthAndHost);
  // A value ST's library does not name is kept as sent.
  auto odd = commands::parse_data_partition_table(hex("01 00 00 23 00 01"));
  ASSERT_TRUE(odd.ok());
  EXPECT_EQ(static_cast<uint8_t>(odd->zones[0].read_access), 2);
  EXPECT_EQ(static_cast<uint8_t>(odd->zones[0].update_access), 3);
  EXPECT_FALSE(is_named_zone_access(odd->zones[0].read_access));
}

TEST(DataPartitionParse, BrokenTables) {
  EXPECT_EQ(commands::parse_data_partition_table({}).status(), Code::kResponseTruncated);
  EXPECT_EQ(commands::parse_data_partition_table(hex("01 00 00 08 02")).status(), Code::kResponseTruncated);
  EXPECT_EQ(commands::parse_data_partition_table(hex("01 05 01 08 00 40 00 07")).status(), Code::kResponseTruncated);
  EXPECT_EQ(commands::parse_data_partition_table(hex("01 05 02 08 00 40")).status(), Code::kResponseMalformed);
  EXPECT_EQ(commands::parse_data_partition_table(hex("21")).status(), Code::kBufferTooSmall);
  EXPECT_TRUE(commands::parse_data_partition_table(hex("00")).ok());
}

// --- Read ---

TEST_F(DataPartitionTest, ReadDataZoneBytes) {
  device.answer(response_wire(0x00, hex("AA BB CC DD")));
  std::array<uint8_t, 4> out{};
  ASSERT_TRUE(stsafe.read_data_zone(1, 0x10, out).ok());
  EXPECT_THAT(device.writes, ElementsAre(command_wire(hex("05 00 01 00 10 00 04"))));
  EXPECT_THAT(out, ElementsAre(0xAA, 0xBB, 0xCC, 0xDD));
}

TEST_F(DataPartitionTest, LongReadIsChunkedByTheFrameLimit) {
  // Zone 4 whole: 1696 = 747 + 747 + 202 bytes, each chunk leaving room for an R-MAC.
  Bytes zone(1696);
  for (size_t i = 0; i < zone.size(); ++i) zone[i] = static_cast<uint8_t>(i * 7);
  device.answer(response_wire(0x00, Bytes(zone.begin(), zone.begin() + 747)));
  device.answer(response_wire(0x00, Bytes(zone.begin() + 747, zone.begin() + 1494)));
  device.answer(response_wire(0x00, Bytes(zone.begin() + 1494, zone.end())));
  std::vector<uint8_t> out(1696);
  ASSERT_TRUE(stsafe.read_data_zone(4, 0, out).ok());
  EXPECT_THAT(device.writes,
              ElementsAre(command_wire(hex("05 00 04 00 00 02 EB")), command_wire(hex("05 00 04 02 EB 02 EB")),
                          command_wire(hex("05 00 04 05 D6 00 CA"))));
  EXPECT_EQ(out, zone);
}

TEST_F(DataPartitionTest, ReadCounterZoneReturnsTheCounter) {
  device.answer(response_wire(0x00, hex("00 07 A1 16 7D 32")));
  std::array<uint8_t, 2> data{};
  auto counter = stsafe.read_counter_zone(5, 0, data);
  ASSERT_TRUE(counter.ok());
  EXPECT_EQ(*counter, 499990u);
  EXPECT_THAT(data, ElementsAre(0x7D, 0x32));
  EXPECT_THAT(device.writes, ElementsAre(command_wire(hex("05 00 05 00 00 00 02"))));
}

TEST_F(DataPartitionTest, CounterZoneChunksLeaveRoomForTheCounter) {
  device.answer(response_wire(0x00, concat({hex("00 00 00 09"), Bytes(743, 0x01)})));
  device.answer(response_wire(0x00, concat({hex("00 00 00 09"), Bytes(57, 0x02)})));
  std::vector<uint8_t> data(800);
  auto counter = stsafe.read_counter_zone(9, 100, data);
  ASSERT_TRUE(counter.ok());
  EXPECT_EQ(*counter, 9u);
  EXPECT_THAT(device.writes,
              ElementsAre(command_wire(hex("05 00 09 00 64 02 E7")), command_wire(hex("05 00 09 03 4B 00 39"))));
  EXPECT_EQ(data[742], 0x01);
  EXPECT_EQ(data[743], 0x02);
}

TEST_F(DataPartitionTest, ReadAccessChangeRidesOnTheLastChunk) {
  device.answer(response_wire(0x00, Bytes(747, 0x00)));
  device.answer(response_wire(0x00, Bytes(253, 0x00)));
  std::vector<uint8_t> out(1000);
  ZoneReadOptions options;
  options.new_read_access = ZoneAccessChange{ZoneAccess::kHost, true};
  ASSERT_TRUE(stsafe.read_data_zone(0, 0, out, options).ok());
  // Option 0x19: change indicator, change right kept, HOST.
  EXPECT_THAT(device.writes,
              ElementsAre(command_wire(hex("05 00 00 00 00 02 EB")), command_wire(hex("05 19 00 02 EB 00 FD"))));
}

TEST_F(DataPartitionTest, EmptyReadStillSendsOneCommand) {
  device.answer(response_wire(0x00, {}));
  ZoneReadOptions options;
  options.new_read_access = ZoneAccessChange{ZoneAccess::kNever, false};
  ASSERT_TRUE(stsafe.read_data_zone(3, 0, {}, options).ok());
  EXPECT_THAT(device.writes, ElementsAre(command_wire(hex("05 17 03 00 00 00 00"))));
}

TEST_F(DataPartitionTest, ReadRefusalsAreNamedDeviceStatuses) {
  device.answer(response_wire(0x14, {}));
  std::array<uint8_t, 2> out{};
  const Status s = stsafe.read_data_zone(1, 699, out);
  EXPECT_EQ(s, chip_status(0x14));
  char text[80];
  EXPECT_STREQ(s.describe(text, sizeof text), "device status 0x14 (boundary exceeded)");
  device.answer(response_wire(0x10, {}));
  EXPECT_EQ(stsafe.read_data_zone(42, 0, out), chip_status(0x10));
  device.answer(response_wire(0x11, {}));
  EXPECT_EQ(stsafe.read_counter_zone(5, 0, out).status(), chip_status(0x11));
  EXPECT_STREQ(chip_status(0x12).describe(text, sizeof text), "device status 0x12 (wrong zone type)");
  EXPECT_STREQ(chip_status(0x13).describe(text, sizeof text), "device status 0x13 (counter limit exceeded)");
}

TEST_F(DataPartitionTest, ShortAnswerIsTruncated) {
  device.answer(response_wire(0x00, hex("01 02 03")));
  std::array<uint8_t, 4> out{};
  EXPECT_EQ(stsafe.read_data_zone(1, 0, out), Code::kResponseTruncated);
  device.answer(response_wire(0x00, hex("00 00 00")));
  EXPECT_EQ(stsafe.read_counter_zone(5, 0, {}).status(), Code::kResponseTruncated);
}

TEST_F(DataPartitionTest, LocalChecksSendNothing) {
  std::array<uint8_t, 4> out{};
  ZoneReadOptions bad_read;
  bad_read.new_read_access = ZoneAccessChange{static_cast<ZoneAccess>(2), false};
  EXPECT_EQ(stsafe.read_data_zone(1, 0, out, bad_read), Code::kInvalidArgument);
  EXPECT_EQ(stsafe.read_data_zone(1, 0xFFFE, out), Code::kInvalidArgument);  // past offset 65535
  ZoneUpdateOptions bad_update;
  bad_update.new_update_access = ZoneAccessChange{static_cast<ZoneAccess>(5), true};
  EXPECT_EQ(stsafe.update_data_zone(1, 0, hex("01"), bad_update), Code::kInvalidArgument);
  EXPECT_EQ(stsafe.decrement_counter_zone(5, 0, 0, {}).status(), Code::kInvalidArgument);  // amount 0
  // One frame: 752 bytes of header and payload.
  EXPECT_EQ(stsafe.update_data_zone(4, 0, Bytes(748, 0x00)), Status::with_detail(Code::kFrameLimit, 747));
  EXPECT_EQ(stsafe.decrement_counter_zone(5, 1, 0, Bytes(744, 0x00)).status(),
            Status::with_detail(Code::kFrameLimit, 743));
  // HOST zones need the session.
  ZoneReadOptions host;
  host.protection = ZoneProtection::kHostMac;
  EXPECT_EQ(stsafe.read_data_zone(2, 0, out, host), Code::kNotProvisioned);
  EXPECT_THAT(device.writes, IsEmpty());
}

// --- Update / Decrement ---

TEST_F(DataPartitionTest, UpdateOptions) {
  device.answer(kOkHeaderOnly);
  device.answer(kOkHeaderOnly);
  device.answer(kOkHeaderOnly);
  ASSERT_TRUE(stsafe.update_data_zone(1, 0x10, hex("AA BB")).ok());  // atomic by default
  ZoneUpdateOptions in_place;
  in_place.atomic = false;
  ASSERT_TRUE(stsafe.update_data_zone(1, 0x0102, hex("CC"), in_place).ok());
  ZoneUpdateOptions lock;
  lock.new_update_access = ZoneAccessChange{ZoneAccess::kNever, false};
  ASSERT_TRUE(stsafe.update_data_zone(7, 0, hex("01 02 03"), lock).ok());
  EXPECT_THAT(device.writes,
              ElementsAre(command_wire(hex("06 80 01 00 10 AA BB")), command_wire(hex("06 00 01 01 02 CC")),
                          command_wire(hex("06 97 07 00 00 01 02 03"))));
  // The longest plain update: 747 bytes of data.
  device.answer(kOkHeaderOnly);
  EXPECT_TRUE(stsafe.update_data_zone(4, 0, Bytes(747, 0x00)).ok());
}

TEST_F(DataPartitionTest, UpdateRefused) {
  device.answer(response_wire(0x11, {}));
  EXPECT_EQ(stsafe.update_data_zone(0, 0, hex("30 82")), chip_status(0x11));
  device.answer(response_wire(0x12, {}));
  EXPECT_EQ(stsafe.update_data_zone(5, 0, hex("30 82")), chip_status(0x12));
}

TEST_F(DataPartitionTest, DecrementSendsAmountAndDataAndReturnsTheNewCounter) {
  device.answer(response_wire(0x00, hex("00 07 A1 1F")));
  auto counter = stsafe.decrement_counter_zone(5, 1, 2, hex("DE AD"));
  ASSERT_TRUE(counter.ok());
  EXPECT_EQ(*counter, 499999u);
  EXPECT_THAT(device.writes, ElementsAre(command_wire(hex("04 00 05 00 02 00 00 00 01 DE AD"))));
  device.answer(response_wire(0x13, {}));
  ZoneDecrementOptions change;
  change.new_update_access = ZoneAccessChange{ZoneAccess::kHost, true};
  EXPECT_EQ(stsafe.decrement_counter_zone(5, 0x01020304, 0, {}, change).status(), chip_status(0x13));
  EXPECT_EQ(device.writes[1], command_wire(hex("04 19 05 00 00 01 02 03 04")));
}

// --- Host secure channel ---

// STSELib issue #63 (fact sheet 2.5): `E5 18 02 00 00 00 01 <C-MAC> <CRC>` = protected Read,
// option 0x18, zone 2, offset 0, length 1; the chip answered 0x11. Here with the test keys at C = 5.
TEST_F(DataPartitionTest, HostMacReadIsTheIssue63Frame) {
  // The published frame's CRC, by the library's CRC.
  EXPECT_EQ(command_wire(hex("E5 18 02 00 00 00 01 C7 0F 15 19")), hex("E5 18 02 00 00 00 01 C7 0F 15 19 D2 17"));
  open_session(5);
  device.answer(response_wire(0x11, {}));
  std::array<uint8_t, 1> out{};
  ZoneReadOptions options;
  options.protection = ZoneProtection::kHostMac;
  options.new_read_access = ZoneAccessChange{ZoneAccess::kAlways, true};
  EXPECT_EQ(stsafe.read_data_zone(2, 0, out, options), chip_status(0x11));
  const Bytes body = hex("18 02 00 00 00 01");
  EXPECT_THAT(device.writes, ElementsAre(command_wire(concat({hex("E5"), body, oracle.c_mac(5, hex("E5"), body)}))));
  EXPECT_EQ(stsafe.host_session().counter(), 6u) << "the chip spent the counter on a refusal";
}

TEST_F(DataPartitionTest, HostMacReadChecksTheRMac) {
  open_session(0);
  const Bytes body = hex("00 02 00 08 00 03");
  device.answer(oracle.response(1, hex("E5"), body, hex("01 02 03")));
  std::array<uint8_t, 3> out{};
  ZoneReadOptions options;
  options.protection = ZoneProtection::kHostMac;
  ASSERT_TRUE(stsafe.read_data_zone(2, 8, out, options).ok());
  EXPECT_THAT(out, ElementsAre(1, 2, 3));
  // A wrong R-MAC is not data.
  Bytes forged = oracle.response(2, hex("E5"), body, hex("01 02 03"));
  forged[6] ^= 0x01;
  forged = response_wire(forged[0], Bytes(forged.begin() + 3, forged.end() - 2));
  device.answer(forged);
  EXPECT_EQ(stsafe.read_data_zone(2, 8, out, options), Code::kResponseMac);
}

TEST_F(DataPartitionTest, HostMacChunksLeaveRoomForTheRMac) {
  open_session(0);
  const Bytes first = hex("00 04 00 00 02 EB");
  device.answer(oracle.response(1, hex("E5"), first, Bytes(747, 0x00)));
  device.answer(response_wire(0x11, {}));
  std::vector<uint8_t> out(800);
  ZoneReadOptions options;
  options.protection = ZoneProtection::kHostMac;
  EXPECT_EQ(stsafe.read_data_zone(4, 0, out, options), chip_status(0x11));
  ASSERT_EQ(device.writes.size(), 2u);
  EXPECT_EQ(device.writes[0], command_wire(concat({hex("E5"), first, oracle.c_mac(0, hex("E5"), first)})));
}

TEST_F(DataPartitionTest, TableProtectionStillApplies) {
  // Read under HOST in the command access table: kCommandTable is then the host channel too.
  stsafe.set_command_access_table(test::access_table({{0x05, 0, AccessCondition::kHost, false, false}}));
  open_session(3);
  const Bytes body = hex("00 01 00 00 00 01");
  device.answer(oracle.response(4, hex("E5"), body, hex("7E")));
  std::array<uint8_t, 1> out{};
  ASSERT_TRUE(stsafe.read_data_zone(1, 0, out).ok());
  EXPECT_EQ(out[0], 0x7E);
  EXPECT_EQ(device.writes[0], command_wire(concat({hex("E5"), body, oracle.c_mac(3, hex("E5"), body)})));
}

TEST_F(DataPartitionTest, HostMacUpdateAndDecrementFrames) {
  open_session(10);
  const Bytes update = hex("80 02 00 00 AB");
  const Bytes decrement = hex("00 06 00 00 00 00 00 02");
  device.answer(oracle.response(11, hex("E6"), update, {}));
  device.answer(oracle.response(12, hex("E4"), decrement, hex("00 07 A1 1E")));
  ZoneUpdateOptions u;
  u.protection = ZoneProtection::kHostMac;
  ASSERT_TRUE(stsafe.update_data_zone(2, 0, hex("AB"), u).ok());
  ZoneDecrementOptions d;
  d.protection = ZoneProtection::kHostMac;
  auto counter = stsafe.decrement_counter_zone(6, 2, 0, {}, d);
  ASSERT_TRUE(counter.ok());
  EXPECT_EQ(*counter, 499998u);
  EXPECT_THAT(device.writes,
              ElementsAre(command_wire(concat({hex("E6"), update, oracle.c_mac(10, hex("E6"), update)})),
                          command_wire(concat({hex("E4"), decrement, oracle.c_mac(11, hex("E4"), decrement)}))));
  // The longest update under a C-MAC is 743 bytes.
  EXPECT_EQ(stsafe.update_data_zone(4, 0, Bytes(744, 0x00), u), Status::with_detail(Code::kFrameLimit, 743));
  EXPECT_EQ(stsafe.decrement_counter_zone(6, 1, 0, Bytes(740, 0x00), d).status(),
            Status::with_detail(Code::kFrameLimit, 739));
  EXPECT_EQ(device.writes.size(), 2u);
}

}  // namespace
}  // namespace kb::core::stsafe
