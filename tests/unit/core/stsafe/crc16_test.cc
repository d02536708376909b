#include "core/stsafe/crc16.h"

#include <gtest/gtest.h>

#include "tests/unit/core/stsafe/scripted_stsafe.h"

namespace kb::core::stsafe {
namespace {

using test::Bytes;
using test::hex;

// CRC-16/X-25 check value for "123456789" (fact sheet 1.4; also the CRC catalogue's check value).
TEST(Crc16, CheckValue) {
  const Bytes digits = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
  EXPECT_EQ(crc16(digits), 0x906E);
}

// Worked examples of fact sheet 1.4; `14 24` → 9A 90 matches the real-chip trace of STSELib PR #45.
TEST(Crc16, FactSheetFrames) {
  EXPECT_EQ(crc16(hex("14 11")), 0xFCBE);
  EXPECT_EQ(crc16(hex("14 24")), 0x9A90);
  EXPECT_EQ(crc16(hex("00 01 02 03")), 0xA729);
  EXPECT_EQ(crc16(hex("01")), 0xE1F1);
  EXPECT_EQ(crc16(hex("02 00 20")), 0x5276);
  // Response `00 00 02 F0 78`: CRC over the header byte alone.
  EXPECT_EQ(crc16(hex("00")), 0xF078);
}

TEST(Crc16, PiecewiseEqualsWhole) {
  const Bytes data = hex("1F 07 00 00 00 00 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF");
  Crc16 crc;
  crc.update(std::span<const uint8_t>(data).first(3));
  crc.update(data[3]);
  crc.update(std::span<const uint8_t>(data).subspan(4));
  EXPECT_EQ(crc.value(), crc16(data));
}

TEST(Crc16, EmptyInputIsInitXorOut) {
  EXPECT_EQ(crc16({}), 0x0000);
}

}  // namespace
}  // namespace kb::core::stsafe
