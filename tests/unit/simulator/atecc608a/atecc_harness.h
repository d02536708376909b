#pragma once
// An ATECC608A model on a real transaction-level bus, driven the way cryptoauthlib drives the
// chip (fact sheet B5.2-B5.7): a wake pulse on the general-call address at 100 kHz, word address
// 0x03 with the packet, NACK-polled reads of the count byte, then the rest of the group.
#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "simulator/atecc608a/atecc608a.h"
#include "simulator/bus/i2c_bus.h"
#include "simulator/fixture/hex.h"
#include "simulator/time/scheduler.h"
#include "tests/atecc_reference_crc.h"

namespace kb::sim::atecc608a::test_support {

inline constexpr uint8_t kAddress = 0x60;

using kb::test::atecc::reference_crc;

inline std::vector<uint8_t> hex(std::string_view text) {
  return from_hex(text);
}

// count | opcode | param1 | param2 LE | data | CRC LE.
inline std::vector<uint8_t> packet(uint8_t opcode, uint8_t param1, uint16_t param2,
                                   const std::vector<uint8_t>& data = {}) {
  // Filled byte by byte: GCC 12 at -O3 reports a false -Warray-bounds for inserting the data range.
  std::vector<uint8_t> p;
  p.reserve(7 + data.size());
  p.push_back(static_cast<uint8_t>(7 + data.size()));
  p.push_back(opcode);
  p.push_back(param1);
  p.push_back(static_cast<uint8_t>(param2));
  p.push_back(static_cast<uint8_t>(param2 >> 8));
  for (uint8_t b : data) p.push_back(b);
  const uint16_t c = reference_crc(p);
  p.push_back(static_cast<uint8_t>(c));
  p.push_back(static_cast<uint8_t>(c >> 8));
  return p;
}

// count | payload | CRC LE.
inline std::vector<uint8_t> group(const std::vector<uint8_t>& payload) {
  std::vector<uint8_t> g;
  g.reserve(payload.size() + 3);
  g.push_back(static_cast<uint8_t>(payload.size() + 3));
  for (uint8_t b : payload) g.push_back(b);
  const uint16_t c = reference_crc(g);
  g.push_back(static_cast<uint8_t>(c));
  g.push_back(static_cast<uint8_t>(c >> 8));
  return g;
}
inline std::vector<uint8_t> status(uint8_t s) {
  return group({s});
}

class AteccOnBus {
 public:
  explicit AteccOnBus(uint32_t rate_hz = 400000) : bus(scheduler, rate_hz), chip(scheduler) {
    bus.attach(kAddress, &chip);
    bus.add_wire_listener(&chip);
  }

  // cryptoauthlib's wake: drop to 100 kHz, address 0x00 (nobody answers; SDA stays low through
  // the address byte), wait 1500 us, read the 4-byte token, restore the rate.
  std::vector<uint8_t> wake() {
    const uint32_t rate = bus.rate_hz();
    bus.set_rate_hz(100000);
    bus.write(0x00, {});
    scheduler.advance_by(1500 * kMicrosecond);
    std::vector<uint8_t> token(4);
    if (bus.read(kAddress, token) != BusOutcome::kAck) token.clear();
    bus.set_rate_hz(rate);
    return token;
  }

  BusOutcome word(uint8_t word_address) { return bus.write(kAddress, std::vector<uint8_t>{word_address}); }
  BusOutcome idle() { return word(0x02); }
  BusOutcome sleep() { return word(0x01); }

  // cryptoauthlib's pattern for every command (B5.7): wake when the chip is not awake, send,
  // receive, idle. Off by default so tests can look at the chip between the steps.
  bool cycle_each_command = false;

  BusOutcome send(const std::vector<uint8_t>& p) {
    if (cycle_each_command && chip.power() != Atecc608a::Power::kAwake) wake();
    std::vector<uint8_t> wire{0x03};
    wire.insert(wire.end(), p.begin(), p.end());
    return bus.write(kAddress, wire);
  }

  // Polls the count byte every millisecond (at most ~2.5 s), then reads the rest of the group.
  std::vector<uint8_t> receive() {
    std::vector<uint8_t> count(1);
    int tries = 0;
    while (bus.read(kAddress, count) == BusOutcome::kAddressNack) {
      if (++tries > 2500) return {};
      scheduler.advance_by(kMillisecond);
    }
    if (count[0] < 4) return count;
    std::vector<uint8_t> rest(count[0] - 1u);
    EXPECT_EQ(bus.read(kAddress, rest), BusOutcome::kAck);
    count.insert(count.end(), rest.begin(), rest.end());
    return count;
  }

  std::vector<uint8_t> transact(const std::vector<uint8_t>& p) {
    EXPECT_EQ(send(p), BusOutcome::kAck);
    std::vector<uint8_t> r = receive();
    if (cycle_each_command) idle();
    return r;
  }
  std::vector<uint8_t> command(uint8_t opcode, uint8_t param1, uint16_t param2, const std::vector<uint8_t>& data = {}) {
    return transact(packet(opcode, param1, param2, data));
  }
  // The payload of a response group (count and CRC stripped, CRC checked).
  std::vector<uint8_t> payload(uint8_t opcode, uint8_t param1, uint16_t param2, const std::vector<uint8_t>& data = {}) {
    const std::vector<uint8_t> g = command(opcode, param1, param2, data);
    if (g.size() < 4) {
      ADD_FAILURE() << "no response group";
      return {};
    }
    std::vector<uint8_t> body(g.begin(), g.end() - 2);
    EXPECT_EQ(group({body.begin() + 1, body.end()}), g) << "response CRC";
    return {body.begin() + 1, body.end()};
  }
  uint8_t status_of(uint8_t opcode, uint8_t param1, uint16_t param2, const std::vector<uint8_t>& data = {}) {
    const std::vector<uint8_t> p = payload(opcode, param1, param2, data);
    EXPECT_EQ(p.size(), 1u) << "expected a status group";
    return p.empty() ? 0xFF : p[0];
  }

  Scheduler scheduler;
  I2cBus bus;
  Atecc608a chip;
};

// Config-zone helpers on an awake chip.
inline uint8_t write_config_word(AteccOnBus& b, size_t byte_offset, const std::vector<uint8_t>& four) {
  const auto block = static_cast<uint16_t>(byte_offset / 32);
  const auto word = static_cast<uint16_t>((byte_offset % 32) / 4);
  return b.status_of(0x12, 0x00, static_cast<uint16_t>(block << 3 | word), four);
}
inline std::vector<uint8_t> read_config(AteccOnBus& b) {
  std::vector<uint8_t> all;
  for (uint16_t block = 0; block < 4; ++block) {
    const auto p = b.payload(0x02, 0x80, static_cast<uint16_t>(block << 3));
    all.insert(all.end(), p.begin(), p.end());
  }
  return all;
}
inline uint8_t lock_config(AteccOnBus& b) {
  return b.status_of(0x17, 0x00, reference_crc(read_config(b)));
}
inline uint8_t lock_data(AteccOnBus& b) {
  return b.status_of(0x17, 0x81, 0);
}
// Data-zone address of Param2 (B6.2): slot << 3 | word | block << 8.
inline uint16_t data_address(size_t slot, size_t block, size_t word = 0) {
  return static_cast<uint16_t>(slot << 3 | word | block << 8);
}

}  // namespace kb::sim::atecc608a::test_support
