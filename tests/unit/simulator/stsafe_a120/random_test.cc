// Generate random (0x02) is deterministic: same seed and command sequence, same bytes.
#include <gtest/gtest.h>

#include "simulator/stsafe_a120/deterministic_random.h"
#include "tests/unit/simulator/stsafe_a120/stsafe_harness.h"

namespace kb::sim::stsafe_a120 {
namespace {

using test_support::hex;
using test_support::StsafeOnBus;

std::vector<uint8_t> random_payload(StsafeOnBus& b, uint8_t size) {
  const auto r = b.transact(test_support::with_crc({0x02, 0x00, size}));
  EXPECT_EQ(r.size(), size + 5u);
  EXPECT_EQ(r[0], 0x00);
  EXPECT_EQ(r, test_support::response_frame(0x00, std::vector<uint8_t>(r.begin() + 3, r.end() - 2)));
  return std::vector<uint8_t>(r.begin() + 3, r.end() - 2);
}

void seed(StsafeOnBus& b, uint64_t value) {
  State s = b.chip.state();
  s.random_seed = value;
  b.chip.set_state(s);
}

TEST(StsafeRandom, FactSheetFrameGives32Bytes) {
  StsafeOnBus b;
  const auto r = b.transact(hex("02 00 20 52 76"));  // fact sheet 1.4
  ASSERT_EQ(r.size(), 37u);
  EXPECT_EQ(std::vector<uint8_t>(r.begin(), r.begin() + 3), hex("00 00 22"));
}

TEST(StsafeRandom, SameSeedSameSequence) {
  StsafeOnBus a, b;
  seed(a, 42);
  seed(b, 42);
  const auto a1 = random_payload(a, 32), a2 = random_payload(a, 255), a3 = random_payload(a, 1);
  EXPECT_EQ(random_payload(b, 32), a1);
  EXPECT_EQ(random_payload(b, 255), a2);
  EXPECT_EQ(random_payload(b, 1), a3);
  EXPECT_NE(a1, std::vector<uint8_t>(a2.begin(), a2.begin() + 32)) << "each command gets fresh bytes";
  EXPECT_EQ(a.chip.state().random_counter, 3u);
}

TEST(StsafeRandom, DifferentSeedsDiffer) {
  StsafeOnBus a, b;
  seed(a, 0);
  seed(b, 1);
  EXPECT_NE(random_payload(a, 32), random_payload(b, 32));
}

TEST(StsafeRandom, CounterSurvivesPowerCycleAndStateFiles) {
  StsafeOnBus a;
  const auto first = random_payload(a, 16);
  a.chip.power_cycle();
  const auto second = random_payload(a, 16);
  EXPECT_NE(first, second) << "a power cycle must not replay the stream";

  StsafeOnBus b;
  b.chip.load_state(JsonView(a.chip.save_state(), "state.json"));
  EXPECT_EQ(random_payload(b, 16), random_payload(a, 16));
}

TEST(StsafeRandom, GeneratorIsAPureFunctionOfSeedCounterLength) {
  EXPECT_EQ(deterministic_random(5, 9, 40), deterministic_random(5, 9, 40));
  const auto longer = deterministic_random(5, 9, 40);
  const auto shorter = deterministic_random(5, 9, 17);
  EXPECT_EQ(std::vector<uint8_t>(longer.begin(), longer.begin() + 17), shorter);
  EXPECT_NE(deterministic_random(5, 10, 16), deterministic_random(5, 9, 16));
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
