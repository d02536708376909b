#include "core/stsafe/crc16.h"

#include <gtest/gtest.h>

#include <random>

#include "core/stsafe/frame.h"
#include "simulator/stsafe_a120/crc16.h"
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

// The entries fact sheet 1.4 quotes from ST's 256-entry reflected table.
TEST(Crc16, TableEntriesMatchFactSheet) {
  EXPECT_EQ(crc16_table_entry(0x00), 0x0000);
  EXPECT_EQ(crc16_table_entry(0x01), 0x1189);
  EXPECT_EQ(crc16_table_entry(0x80), 0x8408);
  EXPECT_EQ(crc16_table_entry(0xFF), 0x0F78);
}

// RFC 1662 (PPP in HDLC-like framing) section C.2: running the FCS-16 over a frame followed by its
// complemented FCS, low byte first, leaves the register at the "good FCS" value 0xF0B8, whatever
// the frame. value() complements the register, hence 0x0F47.
TEST(Crc16, Rfc1662GoodFcsResidue) {
  for (const Bytes& frame : {hex("14 11"), hex("00 01 02 03"), Bytes{'1', '2', '3', '4', '5', '6', '7', '8', '9'},
                             hex("1F 07 00 00 00 00 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF")}) {
    Bytes with_fcs = frame;
    const uint16_t fcs = crc16(frame);
    with_fcs.push_back(static_cast<uint8_t>(fcs & 0xFF));
    with_fcs.push_back(static_cast<uint8_t>(fcs >> 8));
    EXPECT_EQ(crc16(with_fcs), static_cast<uint16_t>(~0xF0B8 & 0xFFFF));
  }
}

// The catalogue's definition run bit by bit (register shifted right, reflected polynomial 0x8408),
// as an oracle for the table: every one-byte frame and a frame of every byte value must agree.
uint16_t bitwise_crc(std::span<const uint8_t> bytes) {
  uint16_t r = 0xFFFF;
  for (uint8_t b : bytes) {
    r = static_cast<uint16_t>(r ^ b);
    for (int bit = 0; bit < 8; ++bit) r = static_cast<uint16_t>((r & 1u) != 0 ? (r >> 1) ^ 0x8408 : r >> 1);
  }
  return static_cast<uint16_t>(~r);
}

TEST(Crc16, AgreesWithBitwiseDefinition) {
  Bytes all(256);
  for (size_t i = 0; i < all.size(); ++i) {
    all[i] = static_cast<uint8_t>(i);
    const Bytes one = {all[i]};
    EXPECT_EQ(crc16(one), bitwise_crc(one)) << "byte " << i;
  }
  EXPECT_EQ(crc16(all), bitwise_crc(all));
}

// The host's CRC and the model's are written apart on purpose; on random frames of every length up
// to the largest command they must agree, or one of them is wrong.
TEST(Crc16, AgreesWithTheModelsCrc) {
  std::mt19937 rng(20240607);
  std::uniform_int_distribution<int> byte(0, 255);
  for (size_t length = 0; length <= kMaxCommandWireBytes; ++length) {
    Bytes frame(length);
    for (uint8_t& b : frame) b = static_cast<uint8_t>(byte(rng));
    ASSERT_EQ(crc16(frame), sim::stsafe_a120::crc16(frame)) << "length " << length;
  }
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
