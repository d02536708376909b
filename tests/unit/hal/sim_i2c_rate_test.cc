// The sim backend's set_rate_hz reaches the bench's bus: the rate, and with it the time a byte
// takes on the wire, change from the next transfer on.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>

#include "hal/sim/sim_backend.h"
#include "simulator/bench/bench.h"

namespace kb::hal::sim {
namespace {

// Virtual time one address-only write takes at the bus's current rate.
uint64_t probe_duration_ns(kb::sim::Bench& bench, SimI2cInitiator& i2c) {
  const uint64_t before = bench.scheduler().now();
  const std::array<uint8_t, 1> tx{0x00};
  EXPECT_EQ(i2c.write(0x00, tx), I2cResult::kAddressNack);  // nobody at the general-call address
  return bench.scheduler().now() - before;
}

TEST(SimI2cRate, SetRateReachesTheBus) {
  kb::sim::Bench bench(400000);
  SimI2cInitiator i2c(bench);
  const uint64_t fast = probe_duration_ns(bench, i2c);
  EXPECT_EQ(i2c.set_rate_hz(100000), I2cResult::kOk);
  EXPECT_EQ(bench.bus().rate_hz(), 100000u);
  EXPECT_EQ(bench.bus().bit_time_ns(), 10000u);
  const uint64_t slow = probe_duration_ns(bench, i2c);
  EXPECT_EQ(slow, 4 * fast);
  EXPECT_EQ(i2c.set_rate_hz(400000), I2cResult::kOk);
  EXPECT_EQ(bench.bus().rate_hz(), 400000u);
  EXPECT_EQ(probe_duration_ns(bench, i2c), fast);
}

TEST(SimI2cRate, ARateTheBusCannotRunAtChangesNothing) {
  kb::sim::Bench bench(400000);
  SimI2cInitiator i2c(bench);
  EXPECT_EQ(i2c.set_rate_hz(0), I2cResult::kUnsupported);
  EXPECT_EQ(i2c.set_rate_hz(5000000), I2cResult::kUnsupported);
  EXPECT_EQ(bench.bus().rate_hz(), 400000u);
}

}  // namespace
}  // namespace kb::hal::sim
