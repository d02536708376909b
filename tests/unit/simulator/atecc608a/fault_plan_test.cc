// The ATECC608A under a fault plan on a bench: an NVM-write power cut tears its Write the way
// campaigns expect and names the interrupted command and the record.
#include <gtest/gtest.h>

#include <string>

#include "simulator/bench/bench.h"
#include "simulator/fault/fault_injector.h"
#include "simulator/fault/fault_plan.h"
#include "tests/test_paths.h"
#include "tests/unit/simulator/atecc608a/atecc_harness.h"

namespace kb::sim::atecc608a {
namespace {

using test_support::packet;

TEST(AteccFaultPlan, PowerCutOnTheFourthWordOfAWrite) {
  auto bench = Bench::from_file(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/atecc608a-factory.json");
  fault::FaultInjector& faults = bench->install_fault_plan(fault::parse_fault_plan_text(
      R"({"format": "keybench-faults/1", "faults": [{"when": {"nvm_write": 3, "device": "atecc"},
          "do": {"action": "power_cut"}}]})",
      "plan.json"));
  Atecc608a* chip = bench->first<Atecc608a>();
  I2cBus& bus = bench->bus();
  bus.set_rate_hz(100000);
  bus.write(0x00, {});
  bus.set_rate_hz(400000);
  bench->scheduler().advance_by(1500 * kMicrosecond);
  std::vector<uint8_t> token(4);
  ASSERT_EQ(bus.read(0x60, token), BusOutcome::kAck);
  std::vector<uint8_t> block(32, 0xB7);
  std::vector<uint8_t> wire{0x03};
  const std::vector<uint8_t> p = packet(0x12, 0x82, test_support::data_address(9, 0), block);
  wire.insert(wire.end(), p.begin(), p.end());
  ASSERT_EQ(bus.write(0x60, wire), BusOutcome::kAck);
  bench->scheduler().advance_by(50 * kMillisecond);
  EXPECT_FALSE(bench->powered());
  ASSERT_EQ(faults.records().size(), 1u);
  EXPECT_EQ(faults.records()[0].where, "Write (0x12) / data slot 9");
  const auto slot = chip->eeprom().slot(9);
  for (size_t i = 0; i < 32; ++i) EXPECT_EQ(slot[i], i < 12 ? 0xB7 : 0x00) << "byte " << i;
  EXPECT_EQ(chip->power(), Atecc608a::Power::kSleep) << "the cut left the chip unpowered, then asleep";
}

}  // namespace
}  // namespace kb::sim::atecc608a
