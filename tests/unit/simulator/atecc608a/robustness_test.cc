// Arbitrary well-formed packets (random opcodes of the 608, parameters and data lengths) on a
// chip in each lock state: every one is answered with a well-formed group, and a locked config
// zone changes only where commands may still write it.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "tests/unit/simulator/atecc608a/atecc_harness.h"

namespace kb::sim::atecc608a {
namespace {

using test_support::AteccOnBus;
using test_support::group;
using test_support::packet;

constexpr uint8_t kOpcodes[] = {0x02, 0x08, 0x12, 0x15, 0x16, 0x17, 0x1B, 0x1C, 0x20, 0x24, 0x28,
                                0x30, 0x40, 0x41, 0x43, 0x45, 0x46, 0x47, 0x51, 0x56, 0x77, 0x80};

// Returns how many answers were status groups of each value and how many carried output.
struct Tally {
  std::map<uint8_t, int> statuses;
  int outputs = 0;
};

Tally run_random_packets(AteccOnBus& b, uint32_t seed, int count) {
  Tally tally;
  std::mt19937 rng(seed);
  for (int i = 0; i < count; ++i) {
    // Half the time one of the commands the model runs, so more packets reach their handlers.
    constexpr uint8_t kModelled[] = {0x02, 0x12, 0x16, 0x17, 0x1B, 0x30, 0x40, 0x41, 0x45};
    const uint8_t opcode = rng() % 2 == 0 ? kModelled[rng() % sizeof kModelled] : kOpcodes[rng() % sizeof kOpcodes];
    // Mostly the lengths and modes commands take, so packets get past the first checks.
    constexpr uint8_t kModes[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x20, 0x23, 0x43, 0x80, 0x81, 0x82, 0x83, 0xA0};
    constexpr size_t kLengths[] = {0, 0, 0, 3, 4, 20, 32, 36, 64, 128};
    const auto param1 = static_cast<uint8_t>(rng() % 2 == 0 ? kModes[rng() % sizeof kModes] : rng());
    // Small Param2 values reach the slot and address decoders more often than uniform ones.
    const auto param2 = static_cast<uint16_t>(rng() % 2 == 0 ? rng() % 64 : rng());
    std::vector<uint8_t> data(rng() % 2 == 0 ? kLengths[rng() % (sizeof kLengths / sizeof kLengths[0])] : rng() % 149);
    for (uint8_t& d : data) d = static_cast<uint8_t>(rng());
    const std::vector<uint8_t> g = b.transact(packet(opcode, param1, param2, data));
    EXPECT_GE(g.size(), 4u) << "opcode " << int{opcode} << " param1 " << int{param1};
    if (g.size() < 4) return tally;
    EXPECT_EQ(group({g.begin() + 1, g.end() - 2}), g) << "response CRC, opcode " << int{opcode};
    if (g.size() == 4) {
      ++tally.statuses[g[1]];
    } else {
      ++tally.outputs;
    }
  }
  return tally;
}

TEST(AteccRobustness, UnlockedChip) {
  AteccOnBus b;
  b.cycle_each_command = true;
  const Tally t = run_random_packets(b, 1, 2000);
  // The stream reaches past the parameter checks: some packets are refused by state, some run.
  EXPECT_GT(t.statuses.count(0x03) != 0 ? t.statuses.at(0x03) : 0, 0);
  EXPECT_GT(t.statuses.count(0x0F) != 0 ? t.statuses.at(0x0F) : 0, 0);
  EXPECT_GT(t.outputs, 0);
}

TEST(AteccRobustness, LockedChip) {
  AteccOnBus b;
  b.cycle_each_command = true;
  ASSERT_EQ(b.wake().size(), 4u);
  // Slot 0 a P-256 key that GenKey may create and Sign may use; the rest as the factory left them.
  ASSERT_EQ(b.status_of(0x12, 0x00, 0x0005, {0x01, 0x20, 0x00, 0x00}), 0x00);
  ASSERT_EQ(b.status_of(0x12, 0x00, 0x0018, {0x13, 0x00, 0x00, 0x00}), 0x00);
  ASSERT_EQ(test_support::lock_config(b), 0x00);
  ASSERT_EQ(test_support::lock_data(b), 0x00);
  const std::vector<uint8_t> config_before = test_support::read_config(b);
  const Tally t = run_random_packets(b, 2, 2000);
  EXPECT_GT(t.outputs, 0);
  const std::vector<uint8_t> config_after = test_support::read_config(b);
  // Once both zones are locked only the monotonic counters (52-67, by Counter and limited-use
  // keys), UserExtra/UserExtraAdd (84-85, by UpdateExtra) and SlotLocked (88-89, by slot locks)
  // can change.
  for (size_t i = 0; i < config_before.size(); ++i) {
    if ((i >= 52 && i < 68) || i == 84 || i == 85 || i == 88 || i == 89) continue;
    EXPECT_EQ(config_after[i], config_before[i]) << "config byte " << i;
  }
}

}  // namespace
}  // namespace kb::sim::atecc608a
