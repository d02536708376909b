// The packet CRC against fact sheet B5.5 (worked example, check value, packets) and B5.6 (status
// groups), and against the test's own second formulation on arbitrary data.
#include <gtest/gtest.h>

#include <string>

#include "simulator/atecc608a/crc16.h"
#include "simulator/atecc608a/packet.h"
#include "tests/unit/simulator/atecc608a/atecc_harness.h"

namespace kb::sim::atecc608a {
namespace {

using test_support::hex;
using test_support::reference_crc;

TEST(AteccCrc, WorkedExampleRegisterAfterEachByte) {
  // B5.5: the register after each byte of 07 30 00 00 00.
  const std::vector<uint8_t> info = hex("07 30 00 00 00");
  const uint16_t expected[] = {0x8243, 0x4024, 0xA583, 0x80DE, 0x5D03};
  for (size_t n = 1; n <= info.size(); ++n) {
    EXPECT_EQ(crc16(std::span(info).first(n)), expected[n - 1]) << "after byte " << n;
  }
}

TEST(AteccCrc, CheckValue) {
  const std::string text = "123456789";
  const std::vector<uint8_t> bytes(text.begin(), text.end());
  EXPECT_EQ(crc16(bytes), 0xBCDD);
  EXPECT_EQ(reference_crc(bytes), 0xBCDD);
}

TEST(AteccCrc, PublishedPackets) {
  // B5.5: whole packets, CRC low byte first.
  for (const char* p : {"07 30 00 00 00 03 5D", "07 1B 00 00 00 24 CD", "07 02 80 00 00 09 AD", "07 02 00 15 00 17 5D",
                        "07 40 00 00 00 00 05", "07 40 04 02 00 85 07", "07 17 80 00 00 39 8D", "07 17 81 00 00 3A 07",
                        "07 47 00 00 00 2E 85", "07 77 3B 00 00 9D FB", "07 24 00 00 00 0C FD", "07 41 80 00 00 28 05",
                        "07 41 A0 00 00 7B 85"}) {
    const std::vector<uint8_t> wire = hex(p);
    const uint16_t c = crc16(std::span(wire).first(5));
    EXPECT_EQ(c & 0xFF, wire[5]) << p;
    EXPECT_EQ(c >> 8, wire[6]) << p;
  }
}

TEST(AteccCrc, StatusGroups) {
  // B5.6.
  const std::pair<Status, const char*> groups[] = {{Status::kSuccess, "04 00 03 40"},
                                                   {Status::kMiscompare, "04 01 00 C3"},
                                                   {Status::kParseError, "04 03 83 42"},
                                                   {Status::kEccFault, "04 05 C3 43"},
                                                   {Status::kSelfTestError, "04 07 40 C2"},
                                                   {Status::kHealthTestError, "04 08 60 C0"},
                                                   {Status::kExecutionError, "04 0F 23 42"},
                                                   {Status::kAfterWake, "04 11 33 43"},
                                                   {Status::kWatchdogAboutToExpire, "04 EE 31 41"},
                                                   {Status::kCommunicationError, "04 FF 01 42"}};
  for (const auto& [s, g] : groups) EXPECT_EQ(status_group(s), hex(g)) << g;
  // B6.2 Info round trip: 07 00 00 60 02 80 38.
  EXPECT_EQ(encode_group(hex("00 00 60 02")), hex("07 00 00 60 02 80 38"));
}

TEST(AteccCrc, AgreesWithTheSecondFormulation) {
  std::vector<uint8_t> data;
  uint32_t x = 0x12345678;
  for (size_t n = 0; n < 300; ++n) {
    EXPECT_EQ(crc16(data), reference_crc(data)) << "length " << n;
    x = x * 1103515245u + 12345u;
    data.push_back(static_cast<uint8_t>(x >> 16));
  }
}

TEST(AteccPacket, Decode) {
  const auto ok = decode_packet(hex("07 02 00 15 00 17 5D"));
  ASSERT_TRUE(std::holds_alternative<CommandPacket>(ok));
  const CommandPacket& c = std::get<CommandPacket>(ok);
  EXPECT_EQ(c.opcode, 0x02);
  EXPECT_EQ(c.param1, 0x00);
  EXPECT_EQ(c.param2, 0x0015) << "param2 is little-endian";
  EXPECT_TRUE(c.data.empty());
  EXPECT_EQ(std::get<Status>(decode_packet(hex("07 02 00 15 00 17 5E"))), Status::kCommunicationError);
  EXPECT_EQ(std::get<Status>(decode_packet(hex("08 02 00 15 00 17 5D"))), Status::kCommunicationError)
      << "count disagrees with the length";
  const std::vector<uint8_t> short_packet = test_support::group({0xAA, 0xBB});  // count 5, good CRC
  EXPECT_EQ(std::get<Status>(decode_packet(short_packet)), Status::kParseError);
}

}  // namespace
}  // namespace kb::sim::atecc608a
