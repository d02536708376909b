// Power cuts during Write and Lock tear the EEPROM the way simulator/nvm tears words: a 32-byte
// Write keeps a prefix of whole new words, a lock lands whole or not at all, and no answer comes.
#include <gtest/gtest.h>

#include "tests/unit/simulator/atecc608a/atecc_harness.h"

namespace kb::sim::atecc608a {
namespace {

using test_support::AteccOnBus;
using test_support::data_address;
using test_support::hex;

TEST(AteccPowerCut, WriteTearsAtWordBoundaries) {
  std::vector<uint8_t> block(32);
  for (size_t i = 0; i < 32; ++i) block[i] = static_cast<uint8_t>(0xA0 + i);
  bool saw_partial = false;
  for (uint64_t cut = 0; cut <= 8; ++cut) {
    AteccOnBus b;
    ASSERT_EQ(b.wake().size(), 4u);
    b.chip.nvm().arm_power_cut_after_words(cut);
    ASSERT_EQ(b.send(test_support::packet(0x12, 0x82, data_address(8, 3), block)), BusOutcome::kAck);
    b.scheduler.advance_by(50 * kMillisecond);
    const bool fired = b.chip.nvm().power_cut_fired();
    EXPECT_EQ(fired, cut < 8) << "eight words in a block";
    if (fired) {
      EXPECT_EQ(b.chip.output().size(), 0u) << "a cut command is never answered";
      EXPECT_EQ(b.chip.activity(), "Write (0x12) / data slot 8");
    }
    b.chip.nvm().clear_power_cut();
    b.chip.power_cycle();
    const auto slot = b.chip.eeprom().slot(8).subspan(96, 32);
    const size_t landed = std::min<size_t>(cut, 8) * 4;
    for (size_t i = 0; i < 32; ++i) {
      EXPECT_EQ(slot[i], i < landed ? block[i] : 0x00) << "cut " << cut << " byte " << i;
    }
    saw_partial = saw_partial || (landed > 0 && landed < 32);
  }
  EXPECT_TRUE(saw_partial);
}

TEST(AteccPowerCut, ConfigLockIsAtomic) {
  for (uint64_t cut = 0; cut <= 1; ++cut) {
    AteccOnBus b;
    ASSERT_EQ(b.wake().size(), 4u);
    const std::vector<uint8_t> before = test_support::read_config(b);
    b.chip.nvm().arm_power_cut_after_words(cut);
    ASSERT_EQ(b.send(hex("07 17 80 00 00 39 8D")), BusOutcome::kAck);
    b.scheduler.advance_by(40 * kMillisecond);
    b.chip.nvm().clear_power_cut();
    b.chip.power_cycle();
    const auto cfg = b.chip.eeprom().config();
    std::vector<uint8_t> expected = before;
    if (cut == 1) expected[87] = 0x00;
    EXPECT_EQ(std::vector<uint8_t>(cfg.begin(), cfg.end()), expected) << "cut " << cut;
  }
}

TEST(AteccPowerCut, DataLockIsAtomic) {
  AteccOnBus b;
  ASSERT_EQ(b.wake().size(), 4u);
  ASSERT_EQ(test_support::lock_config(b), 0x00);
  b.chip.nvm().arm_power_cut_after_words(0);
  ASSERT_EQ(b.send(hex("07 17 81 00 00 3A 07")), BusOutcome::kAck);
  b.scheduler.advance_by(40 * kMillisecond);
  EXPECT_TRUE(b.chip.nvm().power_cut_fired());
  b.chip.nvm().clear_power_cut();
  b.chip.power_cycle();
  EXPECT_FALSE(b.chip.eeprom().data_locked());
  EXPECT_TRUE(b.chip.eeprom().config_locked());
  ASSERT_EQ(b.wake().size(), 4u);
  EXPECT_EQ(test_support::lock_data(b), 0x00) << "the re-run completes the lock";
}

}  // namespace
}  // namespace kb::sim::atecc608a
