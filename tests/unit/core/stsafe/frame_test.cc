#include "core/stsafe/frame.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>

#include "tests/unit/core/stsafe/scripted_stsafe.h"

namespace kb::core::stsafe {
namespace {

using test::Bytes;
using test::hex;
using ::testing::ElementsAreArray;

Bytes to_bytes(std::span<const uint8_t> s) {
  return Bytes(s.begin(), s.end());
}

// Fact sheet 1.4: `14 11 FC BE` (query product data).
TEST(CommandFrame, StandardHeaderThenPayloadThenCrcHighByteFirst) {
  std::array<uint8_t, kMaxCommandWireBytes> buffer{};
  auto frame = CommandFrameBuilder(buffer, CommandHeader::standard(0x14)).byte(0x11).finish();
  ASSERT_TRUE(frame.ok());
  EXPECT_THAT(to_bytes(*frame), ElementsAreArray(hex("14 11 FC BE")));
}

// Fact sheet 2.5, stop volatile KEK session: `1F 06 7C 28`.
TEST(CommandFrame, ExtendedHeaderIsPrefixAndCode) {
  std::array<uint8_t, kMaxCommandWireBytes> buffer{};
  auto frame = build_command_frame(CommandHeader::extended(0x06), {}, buffer);
  ASSERT_TRUE(frame.ok());
  EXPECT_THAT(to_bytes(*frame), ElementsAreArray(hex("1F 06 7C 28")));
}

// Fact sheet 1.4: generate random 32 bytes `02 00 20 52 76`.
TEST(CommandFrame, BigEndianFieldHelper) {
  std::array<uint8_t, 16> buffer{};
  auto frame = CommandFrameBuilder(buffer, CommandHeader::standard(0x02)).be16(0x0020).finish();
  ASSERT_TRUE(frame.ok());
  EXPECT_THAT(to_bytes(*frame), ElementsAreArray(hex("02 00 20 52 76")));
}

TEST(CommandFrame, LargestFrameFitsAndOneMoreByteIsRefused) {
  std::array<uint8_t, kMaxCommandWireBytes + 8> buffer{};
  const Bytes payload(kMaxFrameBytes - 1, 0xA5);
  auto largest = build_command_frame(CommandHeader::standard(0x00), payload, buffer);
  ASSERT_TRUE(largest.ok());
  EXPECT_EQ(largest->size(), kMaxFrameBytes + kCrcBytes);

  const Bytes too_long(kMaxFrameBytes, 0xA5);
  auto refused = build_command_frame(CommandHeader::standard(0x00), too_long, buffer);
  EXPECT_EQ(refused.status(), Status(Code::kInvalidArgument));
}

TEST(CommandFrame, SmallBufferIsReportedNotOverrun) {
  std::array<uint8_t, 6> storage{};
  storage.fill(0xEE);
  // Four bytes of room: header + 2 payload bytes + CRC would need five.
  auto frame = build_command_frame(CommandHeader::standard(0x00), hex("01 02"), std::span(storage).first(4));
  EXPECT_EQ(frame.status(), Status(Code::kBufferTooSmall));
  EXPECT_EQ(storage[4], 0xEE);
  EXPECT_EQ(storage[5], 0xEE);
}

// Fact sheet 2.5, echo: response `00 00 06 00 01 02 03 94 80`.
TEST(ResponseFrame, ParsesEchoExample) {
  const Bytes wire = hex("00 00 06 00 01 02 03 94 80");
  auto response = parse_response(wire);
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status(), 0);
  EXPECT_THAT(to_bytes(response->payload), ElementsAreArray(hex("00 01 02 03")));
}

// Fact sheet 1.3: header-only response `00 00 02 F0 78`.
TEST(ResponseFrame, HeaderOnlyResponse) {
  auto response = parse_response(hex("00 00 02 F0 78"));
  ASSERT_TRUE(response.ok());
  EXPECT_TRUE(response->payload.empty());
}

TEST(ResponseFrame, LengthFieldIsOutsideTheCrc) {
  // Same header and payload as the echo example, but L is not part of the CRC: changing it alone
  // would be caught as truncation, not as a CRC error. Corrupting a payload byte is a CRC error.
  EXPECT_EQ(parse_response(hex("00 00 06 00 01 02 07 94 80")).status(), Status(Code::kResponseCrc));
  EXPECT_EQ(parse_response(hex("00 00 06 00 01 02 03 94 81")).status(), Status(Code::kResponseCrc));
}

TEST(ResponseFrame, StatusIsLowFiveBitsOfHeader) {
  // Bit 6 is the R-MAC flag on A110-style responses; it does not change the status.
  auto flagged = parse_response(test::response_wire(0x40, hex("AA")));
  ASSERT_TRUE(flagged.ok());
  EXPECT_EQ(flagged->header, 0x40);
  EXPECT_EQ(flagged->status(), 0);

  auto refused = parse_response(test::response_wire(0x11, {}));
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(refused->status(), 0x11);
}

TEST(ResponseFrame, FewerBytesThanAnnouncedIsTruncated) {
  const Bytes wire = hex("00 00 06 00 01 02 03 94 80");
  EXPECT_EQ(parse_response(std::span(wire).first(wire.size() - 1)).status(), Status(Code::kResponseTruncated));
  EXPECT_EQ(parse_response(hex("00 00")).status(), Status(Code::kResponseTruncated));
}

TEST(ResponseFrame, BytesAfterTheCrcAreIgnored) {
  auto response = parse_response(hex("00 00 02 F0 78 FF FF FF"));
  ASSERT_TRUE(response.ok());
  EXPECT_TRUE(response->payload.empty());
}

TEST(ResponseFrame, LengthThatCannotHoldTheCrcIsMalformed) {
  EXPECT_EQ(parse_response(hex("00 00 01 F0 78")).status(), Status(Code::kResponseMalformed));
  EXPECT_EQ(parse_response(hex("00 00 00 F0 78")).status(), Status(Code::kResponseMalformed));
}

TEST(ResponseFrame, HeaderPlusPayloadLimitedTo752) {
  // L = 753: header + 751 payload bytes = 752, the largest allowed.
  const Bytes largest = test::response_wire(0x00, Bytes(751, 0x5A));
  EXPECT_TRUE(parse_response(largest).ok());
  // L = 754 announces 753 bytes: refused before looking at the rest.
  EXPECT_EQ(parse_response(hex("00 02 F2 00 00")).status(), Status(Code::kResponseOversize));
}

}  // namespace
}  // namespace kb::core::stsafe
