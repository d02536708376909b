#pragma once
// Drives the ATECC608A of a bench built from a fixture the way atecc_harness.h drives a chip of
// its own: cryptoauthlib's wake, word address 0x03 with the packet, NACK-polled reads. Packets
// and response groups come from the harness, so their CRC stays independent of the model.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "simulator/bench/bench.h"
#include "tests/test_paths.h"
#include "tests/unit/simulator/atecc608a/atecc_harness.h"

namespace kb::sim::atecc608a::test_support {

inline std::string bench_fixture(const std::string& name) {
  return std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/" + name;
}

class AteccOnBench {
 public:
  explicit AteccOnBench(const std::string& fixture_name)
      : bench(Bench::from_file(bench_fixture(fixture_name))), chip(*bench->first<Atecc608a>()) {}

  std::vector<uint8_t> wake() {
    I2cBus& bus = bench->bus();
    const uint32_t rate = bus.rate_hz();
    bus.set_rate_hz(100000);
    bus.write(0x00, {});
    bench->scheduler().advance_by(1500 * kMicrosecond);
    std::vector<uint8_t> token(4);
    if (bus.read(kAddress, token) != BusOutcome::kAck) token.clear();
    bus.set_rate_hz(rate);
    return token;
  }

  std::vector<uint8_t> command(uint8_t opcode, uint8_t param1, uint16_t param2, const std::vector<uint8_t>& data = {}) {
    I2cBus& bus = bench->bus();
    std::vector<uint8_t> wire{0x03};
    for (uint8_t b : packet(opcode, param1, param2, data)) wire.push_back(b);
    EXPECT_EQ(bus.write(kAddress, wire), BusOutcome::kAck);
    std::vector<uint8_t> count(1);
    int tries = 0;
    while (bus.read(kAddress, count) == BusOutcome::kAddressNack) {
      if (++tries > 2500) return {};
      bench->scheduler().advance_by(kMillisecond);
    }
    if (count[0] < 4) return count;
    std::vector<uint8_t> rest(count[0] - 1u);
    EXPECT_EQ(bus.read(kAddress, rest), BusOutcome::kAck);
    for (uint8_t b : rest) count.push_back(b);
    return count;
  }
  std::vector<uint8_t> payload(uint8_t opcode, uint8_t param1, uint16_t param2, const std::vector<uint8_t>& data = {}) {
    const std::vector<uint8_t> g = command(opcode, param1, param2, data);
    if (g.size() < 4) {
      ADD_FAILURE() << "no response group";
      return {};
    }
    const std::vector<uint8_t> body(g.begin() + 1, g.end() - 2);
    EXPECT_EQ(group(body), g) << "response CRC";
    return body;
  }
  uint8_t status_of(uint8_t opcode, uint8_t param1, uint16_t param2, const std::vector<uint8_t>& data = {}) {
    const std::vector<uint8_t> p = payload(opcode, param1, param2, data);
    EXPECT_EQ(p.size(), 1u) << "expected a status group";
    return p.size() == 1 ? p[0] : 0xFF;
  }

  std::unique_ptr<Bench> bench;
  Atecc608a& chip;
};

}  // namespace kb::sim::atecc608a::test_support
