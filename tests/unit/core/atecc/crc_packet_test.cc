// The driver's CRC and framing against fact sheet B5.5/B5.6: the check value, the worked Info
// example, every [CALC] packet and status group, and the group parser's checks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string_view>
#include <vector>

#include "core/atecc/commands/counter.h"
#include "core/atecc/commands/genkey.h"
#include "core/atecc/commands/info.h"
#include "core/atecc/commands/lock.h"
#include "core/atecc/commands/random.h"
#include "core/atecc/commands/read.h"
#include "core/atecc/commands/self_test.h"
#include "core/atecc/commands/sha.h"
#include "core/atecc/commands/sign.h"
#include "core/atecc/crc16.h"
#include "core/atecc/packet.h"
#include "tests/unit/core/atecc/atecc_test_support.h"

namespace kb::core::atecc {
namespace {

using ::testing::ElementsAreArray;

std::vector<uint8_t> bytes_of(std::string_view text) {
  return {text.begin(), text.end()};
}

std::vector<uint8_t> encoded(const Command& c) {
  std::vector<uint8_t> out(kMaxPacketBytes);
  out.resize(encode_packet(c, out));
  return out;
}

std::vector<uint8_t> encoded(const Result<Command>& c) {
  EXPECT_TRUE(c.ok());
  return c.ok() ? encoded(*c) : std::vector<uint8_t>{};
}

TEST(AteccCrc, CheckValueIsTheBitReversalOfArc) {
  EXPECT_EQ(crc16(bytes_of("123456789")), 0xBCDD);
}

TEST(AteccCrc, WorkedInfoExampleRegisterAfterEachByte) {
  const std::vector<uint8_t> info = {0x07, 0x30, 0x00, 0x00, 0x00};
  const uint16_t after[] = {0x8243, 0x4024, 0xA583, 0x80DE, 0x5D03};
  for (size_t n = 1; n <= info.size(); ++n) {
    EXPECT_EQ(crc16(std::span<const uint8_t>(info).first(n)), after[n - 1]) << "after byte " << n;
  }
}

TEST(AteccCrc, EmptyInputLeavesTheRegisterAtZero) {
  EXPECT_EQ(crc16({}), 0x0000);
}

TEST(AteccCrc, AgreesWithTheBitwiseDefinitionOnEveryByteValue) {
  std::vector<uint8_t> all;
  for (int b = 0; b < 256; ++b) {
    const uint8_t one[] = {static_cast<uint8_t>(b)};
    EXPECT_EQ(crc16(one), test::bitwise_crc(one)) << b;
    all.push_back(static_cast<uint8_t>(b));
  }
  EXPECT_EQ(crc16(all), test::bitwise_crc(all));
}

TEST(AteccCrc, StatusGroupsOfTheFactSheet) {
  const std::vector<std::vector<uint8_t>> groups = {
      {0x04, 0x00, 0x03, 0x40}, {0x04, 0x01, 0x00, 0xC3}, {0x04, 0x03, 0x83, 0x42}, {0x04, 0x05, 0xC3, 0x43},
      {0x04, 0x07, 0x40, 0xC2}, {0x04, 0x08, 0x60, 0xC0}, {0x04, 0x0F, 0x23, 0x42}, {0x04, 0x11, 0x33, 0x43},
      {0x04, 0xEE, 0x31, 0x41}, {0x04, 0xFF, 0x01, 0x42},
  };
  for (const auto& g : groups) {
    const auto payload = parse_group(g);
    ASSERT_TRUE(payload.ok()) << int{g[1]};
    EXPECT_THAT(*payload, ElementsAreArray({g[1]}));
  }
}

TEST(AteccPacket, CalcPacketsOfTheFactSheet) {
  using namespace commands;
  EXPECT_THAT(encoded(info_command(InfoMode::kRevision)), ElementsAreArray({0x07, 0x30, 0x00, 0x00, 0x00, 0x03, 0x5D}));
  EXPECT_THAT(encoded(random_command()), ElementsAreArray({0x07, 0x1B, 0x00, 0x00, 0x00, 0x24, 0xCD}));
  EXPECT_THAT(encoded(read_command(Zone::kConfig, 0x0000, 32)),
              ElementsAreArray({0x07, 0x02, 0x80, 0x00, 0x00, 0x09, 0xAD}));
  EXPECT_THAT(encoded(read_command(Zone::kConfig, 0x0015, 4)),
              ElementsAreArray({0x07, 0x02, 0x00, 0x15, 0x00, 0x17, 0x5D}));
  EXPECT_THAT(encoded(genkey_command(genkey_mode::kPublic, 0)),
              ElementsAreArray({0x07, 0x40, 0x00, 0x00, 0x00, 0x00, 0x05}));
  EXPECT_THAT(encoded(genkey_command(genkey_mode::kPrivate, 2)),
              ElementsAreArray({0x07, 0x40, 0x04, 0x02, 0x00, 0x85, 0x07}));
  EXPECT_THAT(encoded(lock_config_unchecked_command()), ElementsAreArray({0x07, 0x17, 0x80, 0x00, 0x00, 0x39, 0x8D}));
  EXPECT_THAT(encoded(lock_data_unchecked_command()), ElementsAreArray({0x07, 0x17, 0x81, 0x00, 0x00, 0x3A, 0x07}));
  EXPECT_THAT(encoded(sha_start_command()), ElementsAreArray({0x07, 0x47, 0x00, 0x00, 0x00, 0x2E, 0x85}));
  EXPECT_THAT(encoded(self_test_command(self_test_bits::kAll)),
              ElementsAreArray({0x07, 0x77, 0x3B, 0x00, 0x00, 0x9D, 0xFB}));
  EXPECT_THAT(encoded(counter_command(CounterMode::kRead, 0)),
              ElementsAreArray({0x07, 0x24, 0x00, 0x00, 0x00, 0x0C, 0xFD}));
  EXPECT_THAT(encoded(sign_external_command(0, MessageSource::kTempKey)),
              ElementsAreArray({0x07, 0x41, 0x80, 0x00, 0x00, 0x28, 0x05}));
  EXPECT_THAT(encoded(sign_external_command(0, MessageSource::kMessageDigestBuffer)),
              ElementsAreArray({0x07, 0x41, 0xA0, 0x00, 0x00, 0x7B, 0x85}));
}

TEST(AteccPacket, Param2GoesLittleEndianAndDataBeforeTheCrc) {
  Command c(0x12, 0x02, 0x0A09);
  const uint8_t data[] = {0xDE, 0xAD, 0xBE, 0xEF};
  ASSERT_TRUE(c.append(data));
  EXPECT_EQ(encoded(c), test::expected_packet(11, 0x12, 0x02, 0x0A09, {0xDE, 0xAD, 0xBE, 0xEF}));
}

TEST(AteccPacket, DataBeyondTheLargestPacketIsRefused) {
  Command c(0x45, 0x02, 0x0004);
  const std::vector<uint8_t> most(kMaxCommandData, 0xAB);
  EXPECT_TRUE(c.append(most));
  const uint8_t one_more[] = {0x00};
  EXPECT_FALSE(c.append(one_more));
  EXPECT_EQ(c.packet_length(), kMaxPacketBytes);
  std::vector<uint8_t> small(kMaxPacketBytes - 1);
  EXPECT_EQ(encode_packet(c, small), 0u);
}

TEST(AteccPacket, GroupParserChecksCountAndCrc) {
  const std::vector<uint8_t> revision = {0x07, 0x00, 0x00, 0x60, 0x02, 0x80, 0x38};
  const auto ok = parse_group(revision);
  ASSERT_TRUE(ok.ok());
  EXPECT_THAT(*ok, ElementsAreArray({0x00, 0x00, 0x60, 0x02}));

  std::vector<uint8_t> flipped = revision;
  flipped[4] ^= 0x01;
  EXPECT_EQ(parse_group(flipped).status(), Status(Code::kResponseCrc));
  std::vector<uint8_t> bad_crc = revision;
  bad_crc[6] ^= 0x80;
  EXPECT_EQ(parse_group(bad_crc).status(), Status(Code::kResponseCrc));
  const std::vector<uint8_t> short_count = {0x06, 0x00, 0x00, 0x60, 0x02, 0x80, 0x38};
  EXPECT_EQ(parse_group(short_count).status(), Status(Code::kResponseMalformed));
  const std::vector<uint8_t> too_short = {0x03, 0x00, 0x00};
  EXPECT_EQ(parse_group(too_short).status(), Status(Code::kResponseTruncated));
}

}  // namespace
}  // namespace kb::core::atecc
