// Query (0x14) and put (0x10) of the attributes other than control fields (fact sheet 2.5).
#include <gtest/gtest.h>

#include "tests/unit/simulator/stsafe_a120/stsafe_harness.h"

namespace kb::sim::stsafe_a120 {
namespace {

using test_support::error_frame;
using test_support::frame;
using test_support::hex;
using test_support::response_frame;
using test_support::StsafeOnBus;

const std::vector<uint8_t> kOk = hex("00 00 02 F0 78");

// Walks a TLV list; returns tag -> length.
std::vector<std::pair<uint8_t, size_t>> tlvs(std::span<const uint8_t> data) {
  std::vector<std::pair<uint8_t, size_t>> out;
  size_t i = 0;
  while (i + 2 <= data.size()) {
    out.emplace_back(data[i], data[i + 1]);
    i += 2 + data[i + 1];
  }
  EXPECT_EQ(i, data.size()) << "TLV list must end exactly";
  return out;
}

// Fact sheet 2.5 / 8.2: first TLV 01 03 <mask id>, mask >= 0x6000, then A110-style TLVs 0x02..0x0D.
TEST(StsafeQuery, ProductDataIsATlvListStartingWithAnA120MaskId) {
  StsafeOnBus b;
  const auto r = b.transact(hex("14 11 FC BE"));
  ASSERT_GE(r.size(), 10u);
  EXPECT_EQ(r[0], 0x00);
  std::span<const uint8_t> payload(r.data() + 3, r.size() - 5);
  EXPECT_EQ(payload[0], 0x01);
  EXPECT_EQ(payload[1], 0x03);
  EXPECT_GE(payload[3] << 8 | payload[4], 0x6000);
  const auto list = tlvs(payload);
  ASSERT_EQ(list.size(), 13u);
  for (size_t i = 0; i < list.size(); ++i) EXPECT_EQ(list[i].first, i + 1);
  EXPECT_EQ(list[2].second, 2u);  // I/O buffer size
}

TEST(StsafeQuery, ProductDataIsConfigurable) {
  StsafeOnBus b;
  State s = b.chip.state();
  s.product_data = hex("01 03 00 46 05 03 02 01 FB");  // an A110-like mask
  b.chip.set_state(s);
  EXPECT_EQ(b.transact(hex("14 11 FC BE")), response_frame(0x00, hex("01 03 00 46 05 03 02 01 FB")));
}

// Fact sheet 8.3: CR 03, 45 records, 18 standard (2.1 "A120 AC table = yes") then ext 00..1A,
// all FREE without encryption but 0x08 = HOST.
TEST(StsafeQuery, CommandAuthorizationTable) {
  StsafeOnBus b;
  const auto r = b.transact(hex("14 24 9A 90"));
  ASSERT_EQ(r.size(), 0xA6u + 3);
  std::span<const uint8_t> p(r.data() + 3, r.size() - 5);
  EXPECT_EQ(p[0], 0x03);
  EXPECT_EQ(p[1], 45);
  const std::vector<uint8_t> standard = {0x00, 0x02, 0x04, 0x05, 0x06, 0x08, 0x09, 0x0A, 0x0E,
                                         0x0F, 0x11, 0x15, 0x16, 0x17, 0x18, 0x1A, 0x1B, 0x1C};
  size_t i = 2;
  for (uint8_t code : standard) {
    EXPECT_EQ(p[i], code);
    EXPECT_EQ(p[i + 1], code == 0x08 ? 3 : 1) << "code " << int(code);
    EXPECT_EQ(p[i + 2], 0x00);
    i += 3;
  }
  for (int ext = 0; ext <= 0x1A; ++ext) {
    EXPECT_EQ(p[i], 0x1F);
    EXPECT_EQ(p[i + 1], ext);
    EXPECT_EQ(p[i + 2], 0x01);
    EXPECT_EQ(p[i + 3], 0x00);
    i += 4;
  }
  EXPECT_EQ(i, p.size());
}

TEST(StsafeQuery, LifeCycleDefaultsToOperationalAndCanBePut) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(frame("14 08")), response_frame(0x00, hex("03")));
  // Locking (0x83) follows a verified password (password_test.cc has the rules).
  EXPECT_EQ(b.transact(frame("10 08 83")), error_frame(0x11));
  State s = b.chip.state();
  s.password.present = true;
  b.chip.set_state(s);
  std::vector<uint8_t> verify = hex("1A");
  verify.resize(17, 0x00);  // the all-zero password just put
  ASSERT_EQ(b.transact(test_support::with_crc(verify)), response_frame(0x00, hex("01 03")));
  EXPECT_EQ(b.transact(frame("10 08 83")), kOk);
  EXPECT_EQ(b.transact(frame("14 08")), response_frame(0x00, hex("83")));
  EXPECT_EQ(b.chip.state().life_cycle, LifeCycle::kOperationalLocked);
  EXPECT_EQ(b.transact(frame("10 08 05")), error_frame(0x03));
  EXPECT_EQ(b.transact(frame("10 08")), error_frame(0x02));
  EXPECT_EQ(b.chip.state().life_cycle, LifeCycle::kOperationalLocked);
}

// Fact sheet 2.5 tag 0x0A: byte 0 = address << 1; byte 1 = idle << 3 | mode << 1 | lock.
TEST(StsafeQuery, I2cParameters) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(frame("14 0A")), response_frame(0x00, hex("40 00")));
  EXPECT_EQ(b.transact(frame("10 0A 42 3C")), kOk);  // 0x21, standby after 400 ms, unlocked
  const I2cParameters& p = b.chip.state().i2c;
  EXPECT_EQ(p.address7, 0x21);
  EXPECT_EQ(p.low_power, LowPowerMode::kStandby);
  EXPECT_EQ(p.idle_time, 7);
  EXPECT_FALSE(p.locked);
  EXPECT_EQ(b.transact(frame("14 0A")), response_frame(0x00, hex("42 3C")));

  const auto saved = b.chip.save_state();
  EXPECT_EQ(b.transact(frame("10 0A 41 00")), error_frame(0x03));  // bit 0 of byte 0 set
  EXPECT_EQ(b.transact(frame("10 0A 40 02")), error_frame(0x03));  // low-power mode 1
  EXPECT_EQ(b.transact(frame("10 0A 00 00")), error_frame(0x03));  // reserved address 0x00
  EXPECT_EQ(b.transact(frame("10 0A 40")), error_frame(0x02));
  EXPECT_EQ(b.chip.save_state(), saved);

  EXPECT_EQ(b.transact(frame("10 0A 42 01")), kOk);  // lock
  EXPECT_EQ(b.transact(frame("10 0A 40 00")), error_frame(0x11));
  EXPECT_TRUE(b.chip.state().i2c.locked);
}

TEST(StsafeQuery, HostKeySlots) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(hex("14 47 CB 0D")), response_frame(0x00, hex("00 00 00 00 00 00")));
  // The V1 form (A100/A110 layout, kept by the A120): presence | counter (3, BE).
  EXPECT_EQ(b.transact(frame("14 17")), response_frame(0x00, hex("00 00 00 00")));
}

// The divergence a vendor host library found: `14 17` answered 0x10. The V1 view reports the one
// host key slot: presence, and the C-MAC counter in 3 bytes, held at FF FF FF past 24 bits.
TEST(StsafeQuery, HostKeySlotV1ReportsTheHostKeyInTheV1Layout) {
  StsafeOnBus b;
  b.chip.set_host_key(HostKeySlot{true, HostKeyType::kAes128, std::vector<uint8_t>(16, 0x11),
                                  std::vector<uint8_t>(16, 0x22), 0x00012345});
  EXPECT_EQ(b.transact(frame("14 17")), response_frame(0x00, hex("01 01 23 45")));
  EXPECT_EQ(b.transact(hex("14 47 CB 0D")), response_frame(0x00, hex("01 00 00 01 23 45")));
  b.chip.set_host_key(HostKeySlot{true, HostKeyType::kAes256, std::vector<uint8_t>(32, 0x11),
                                  std::vector<uint8_t>(32, 0x22), 0x00FFFFFF});
  EXPECT_EQ(b.transact(frame("14 17")), response_frame(0x00, hex("01 FF FF FF")));
  b.chip.set_host_key(HostKeySlot{true, HostKeyType::kAes128, std::vector<uint8_t>(16, 0x11),
                                  std::vector<uint8_t>(16, 0x22), 0x01000002});
  EXPECT_EQ(b.transact(frame("14 17")), response_frame(0x00, hex("01 FF FF FF")));
  EXPECT_EQ(b.transact(frame("14 17 00")), error_frame(0x02));
}

// Fact sheet 7.2 step 2: `14 23 EE 2F` on SPL05 -> 10 + 16 x 00.
TEST(StsafeQuery, SymmetricKeyTableIsEmpty) {
  StsafeOnBus b;
  std::vector<uint8_t> expected{0x10};
  expected.resize(17, 0x00);
  EXPECT_EQ(b.transact(hex("14 23 EE 2F")), response_frame(0x00, expected));
}

TEST(StsafeQuery, UnknownTagsAndStrayArguments) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(frame("14 FF")), error_frame(0x03));
  EXPECT_EQ(b.transact(frame("14")), error_frame(0x02));
  EXPECT_EQ(b.transact(frame("14 11 00")), error_frame(0x02));
  EXPECT_EQ(b.transact(frame("14 4A 00")), error_frame(0x02));
  EXPECT_EQ(b.transact(frame("10 29 01 03 01")), error_frame(0x03));  // command AC put of a code not in the table
  EXPECT_EQ(b.transact(frame("10 17" + std::string(64, '0'))), error_frame(0x03));
  EXPECT_EQ(b.transact(frame("10")), error_frame(0x02));
}

TEST(StsafeReset, AcknowledgesAndKeepsPersistentState) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(hex("10 4A 07 FF 08 03")), kOk);
  const auto saved = b.chip.save_state();
  EXPECT_EQ(b.transact(hex("01 E1 F1")), kOk);
  EXPECT_EQ(b.chip.save_state(), saved);
  EXPECT_EQ(b.transact(frame("01 00")), error_frame(0x02));
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
