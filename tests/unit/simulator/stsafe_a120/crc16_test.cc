#include "simulator/stsafe_a120/crc16.h"

#include <gtest/gtest.h>

#include <string_view>

#include "tests/unit/simulator/stsafe_a120/stsafe_harness.h"

namespace kb::sim::stsafe_a120 {
namespace {

using test_support::hex;

std::vector<uint8_t> ascii(std::string_view s) {
  return std::vector<uint8_t>(s.begin(), s.end());
}

// Fact sheet 1.4: CRC-16/X-25 check value.
TEST(StsafeCrc16, CheckValue) {
  EXPECT_EQ(crc16(ascii("123456789")), 0x906E);
}

// Fact sheet 1.4 worked examples; `14 24` -> 9A 90 is the real-chip trace of STSELib PR #45.
TEST(StsafeCrc16, WorkedExamplesFromTheFactSheet) {
  EXPECT_EQ(crc16(hex("14 11")), 0xFCBE);
  EXPECT_EQ(crc16(hex("14 24")), 0x9A90);
  EXPECT_EQ(crc16(hex("00 01 02 03")), 0xA729);
  EXPECT_EQ(crc16(hex("01")), 0xE1F1);
  EXPECT_EQ(crc16(hex("02 00 20")), 0x5276);
  EXPECT_EQ(crc16(hex("00")), 0xF078);  // header-only response 00 00 02 F0 78
}

// Fact sheet 1.4: entries of the reflected table used by the ST example code.
TEST(StsafeCrc16, TableEntries) {
  const auto& t = crc16_table();
  EXPECT_EQ(t[0x00], 0x0000);
  EXPECT_EQ(t[0x01], 0x1189);
  EXPECT_EQ(t[0x80], 0x8408);
  EXPECT_EQ(t[0xFF], 0x0F78);
}

TEST(StsafeCrc16, RunningCrcEqualsOneShot) {
  Crc16 c;
  c.update(hex("12 34"));
  c.update(0x56);
  c.update(hex("78 9A BC"));
  EXPECT_EQ(c.value(), crc16(hex("12 34 56 78 9A BC")));
}

// The test harness's bitwise CRC builds frames for the other tests; it must agree with the
// published vectors and with the model's table on arbitrary data.
TEST(StsafeCrc16, HarnessBitwiseCrcAgrees) {
  EXPECT_EQ(test_support::reference_crc(ascii("123456789")), 0x906E);
  EXPECT_EQ(test_support::reference_crc(hex("14 24")), 0x9A90);
  std::vector<uint8_t> data;
  for (int i = 0; i < 300; ++i) {
    data.push_back(static_cast<uint8_t>(i * 37 + 11));
    EXPECT_EQ(test_support::reference_crc(data), crc16(data)) << "length " << data.size();
  }
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
