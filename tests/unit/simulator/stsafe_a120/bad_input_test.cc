// Malformed input never crashes the model and never changes persistent state (fact sheet 8.8,
// 8.13, 8.14, 1.7).
#include <gtest/gtest.h>

#include "tests/unit/simulator/stsafe_a120/stsafe_harness.h"

namespace kb::sim::stsafe_a120 {
namespace {

using test_support::error_frame;
using test_support::frame;
using test_support::hex;
using test_support::response_frame;
using test_support::StsafeOnBus;

struct BadCase {
  const char* name;
  std::vector<uint8_t> wire;
  uint8_t status;
};

class StsafeBadInput : public ::testing::TestWithParam<BadCase> {};

TEST_P(StsafeBadInput, AnswersHeaderOnlyAndChangesNothing) {
  StsafeOnBus b;
  const auto saved = b.chip.save_state();
  const auto nvm_before = std::vector<uint8_t>(b.chip.nvm().bytes().begin(), b.chip.nvm().bytes().end());
  EXPECT_EQ(b.transact(GetParam().wire), error_frame(GetParam().status));
  EXPECT_EQ(b.chip.save_state(), saved);
  EXPECT_EQ(std::vector<uint8_t>(b.chip.nvm().bytes().begin(), b.chip.nvm().bytes().end()), nvm_before);
}

INSTANTIATE_TEST_SUITE_P(
    Frames, StsafeBadInput,
    ::testing::Values(
        BadCase{"bad_crc", hex("14 11 FC BF"), 0x01}, BadCase{"bad_crc_on_a_put", hex("10 4A 07 FF 08 04"), 0x01},
        BadCase{"one_byte", hex("14"), 0x01}, BadCase{"two_bytes", hex("14 11"), 0x01},
        BadCase{"extended_without_ext_code", frame("1F"), 0x01},
        BadCase{"protected_without_room_for_cmac", frame("E9 03"), 0x01},
        BadCase{"start_session_not_modelled", frame("03 00"), 0x04},
        BadCase{"generate_mac_with_an_empty_slot", frame("09 03 03 04 00 01 02 03"), 0x0A},
        BadCase{"invalid_marker_1D", frame("1D"), 0x04}, BadCase{"chunk_prefix_1E", frame("1E 00"), 0x04},
        BadCase{"ext_reserved_0c_not_modelled", frame("1F 0C"), 0x04},
        BadCase{"wrapped_host_key_without_kek_session", frame("1F 08" + std::string(96, '0')), 0x07},
        BadCase{"ext_1B_unknown", frame("1F 1B"), 0x04}, BadCase{"ext_FF_unknown", frame("1F FF 00"), 0x04},
        // Fact sheet 3.6 vector 1: a C-MAC'd generate MAC on a chip with no host key (8.5).
        BadCase{"protected_generate_mac_without_host_key",
                hex("E9 03 03 04 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 85 C7 F1 32 98 52"), 0x0A},
        BadCase{"protected_write_host_key_without_host_key",
                frame("FF 07 00 00 00 00" + std::string(64, 'A') + "01020304"), 0x0A},
        // Fact sheet 8.5: the factory table's one HOST command, sent without the channel.
        BadCase{"derive_lora_key_unprotected", frame("08 00"), 0x11},
        BadCase{"c_mac_without_the_host_channel_bits", frame("80 01 02 03 04 05"), 0x07},
        BadCase{"random_without_size", frame("02 00"), 0x02}, BadCase{"random_size_zero", frame("02 00 00"), 0x03},
        BadCase{"random_bad_subject", frame("02 01 20"), 0x03},
        BadCase{"random_extra_byte", frame("02 00 20 00"), 0x02}, BadCase{"reset_with_payload", frame("01 01"), 0x02}),
    [](const ::testing::TestParamInfo<BadCase>& p) { return std::string(p.param.name); });

TEST(StsafeOversize, WriteBeyondTheReceiveBufferIsDataNackedAndUnanswered) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(hex("00 00 01 02 03 94 80")), hex("00 00 06 00 01 02 03 94 80"));
  const auto saved = b.chip.save_state();
  size_t taken = 0;
  b.bus.set_observer([&](const BusTransaction& t) { taken = t.data.size(); });
  std::vector<uint8_t> big = frame("00" + std::string(2 * 752, '7'));  // 753 + 2 bytes
  ASSERT_EQ(big.size(), 755u);
  EXPECT_EQ(b.write(big), BusOutcome::kDataNack);
  EXPECT_EQ(taken, 754u) << "NACK on the first byte past the 754-byte buffer";
  b.scheduler.advance_by(1000 * kMillisecond);
  EXPECT_FALSE(b.chip.busy());
  std::vector<uint8_t> r(5);
  EXPECT_EQ(b.read(r), BusOutcome::kAddressNack) << "the old response was discarded, no new one exists";
  EXPECT_EQ(b.chip.save_state(), saved);
  EXPECT_EQ(b.chip.commands_executed(), 1u);
}

TEST(StsafeOversize, LargestFrameFitsExactly) {
  StsafeOnBus b;
  std::vector<uint8_t> data(751);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i);
  std::vector<uint8_t> echo{0x00};
  echo.insert(echo.end(), data.begin(), data.end());
  const auto wire = test_support::with_crc(echo);
  ASSERT_EQ(wire.size(), 754u);
  EXPECT_EQ(b.transact(wire), response_frame(0x00, data));
}

TEST(StsafeReads, ReadBeforeAnyWriteIsAddressNacked) {
  StsafeOnBus b;
  std::vector<uint8_t> r(5);
  EXPECT_EQ(b.read(r), BusOutcome::kAddressNack);
  b.scheduler.advance_by(100 * kMillisecond);
  EXPECT_EQ(b.read(r), BusOutcome::kAddressNack);
}

TEST(StsafeReads, ShortReadGetsAPrefixLongReadIsPaddedWithReleasedLine) {
  StsafeOnBus b;
  const auto full = b.transact(hex("00 00 01 02 03 94 80"));
  ASSERT_EQ(full, hex("00 00 06 00 01 02 03 94 80"));
  std::vector<uint8_t> one(1);
  ASSERT_EQ(b.read(one), BusOutcome::kAck);
  EXPECT_EQ(one, hex("00"));
  std::vector<uint8_t> three(3);  // what STSELib v1.1.7 reads first
  ASSERT_EQ(b.read(three), BusOutcome::kAck);
  EXPECT_EQ(three, hex("00 00 06"));
  std::vector<uint8_t> longer(12);
  ASSERT_EQ(b.read(longer), BusOutcome::kAck);
  EXPECT_EQ(longer, hex("00 00 06 00 01 02 03 94 80 FF FF FF"));
  std::vector<uint8_t> none;
  EXPECT_EQ(b.read(none), BusOutcome::kAck);
  std::vector<uint8_t> again(9);
  ASSERT_EQ(b.read(again), BusOutcome::kAck);
  EXPECT_EQ(again, full);
}

TEST(StsafeReads, ZeroLengthWriteIsAProbeThatChangesNothing) {
  StsafeOnBus b;
  const auto full = b.transact(hex("01 E1 F1"));
  EXPECT_EQ(b.write({}), BusOutcome::kAck);
  EXPECT_FALSE(b.chip.busy());
  std::vector<uint8_t> r(5);
  ASSERT_EQ(b.read(r), BusOutcome::kAck);
  EXPECT_EQ(r, full);
  EXPECT_EQ(b.chip.commands_executed(), 1u);
}

TEST(StsafeBadInput, AllBadFramesInOneSessionLeaveTheStateAlone) {
  StsafeOnBus b;
  b.chip.set_host_key_control(HostKeyControl{true, true, true, true, 0x03});
  const auto saved = b.chip.save_state();
  for (const auto& wire :
       {hex("14 11 FC BF"), hex("14"), frame("1F 1B"), frame("10 4A FF FF"), frame("10 4B 20 00 00 00"),
        frame("10 08 99"), frame("1F 07 00 00 00 05"), frame("14 4B 99"), frame("02 00 00")}) {
    const auto r = b.transact(wire);
    ASSERT_EQ(r.size(), 5u);
    EXPECT_NE(r[0], 0x00);
  }
  EXPECT_EQ(b.chip.save_state(), saved);
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
