#pragma once
// A model on a real transaction-level bus, driven the way STSELib drives the chip (fact sheet
// 1.5): one write per frame, then NACK-polled reads of 5 bytes, then one read of the whole
// response from byte 0.
#include <gtest/gtest.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "simulator/bus/i2c_bus.h"
#include "simulator/fixture/hex.h"
#include "simulator/stsafe_a120/stsafe.h"
#include "simulator/time/scheduler.h"

namespace kb::sim::stsafe_a120::test_support {

inline constexpr uint8_t kAddress = 0x20;

// CRC-16/X-25 written bit by bit, independently of the model's table (fact sheet 1.4); the CRC
// tests pin both to the published vectors.
inline uint16_t reference_crc(std::span<const uint8_t> data) {
  uint16_t r = 0xFFFF;
  for (uint8_t b : data) {
    r ^= b;
    for (int i = 0; i < 8; ++i)
      r = (r & 1) != 0 ? static_cast<uint16_t>((r >> 1) ^ 0x8408) : static_cast<uint16_t>(r >> 1);
  }
  return static_cast<uint16_t>(~r);
}

inline std::vector<uint8_t> hex(std::string_view text) {
  return from_hex(text);
}

// The bytes given, then their CRC high byte first.
inline std::vector<uint8_t> with_crc(std::vector<uint8_t> bytes) {
  const uint16_t c = reference_crc(bytes);
  bytes.push_back(static_cast<uint8_t>(c >> 8));
  bytes.push_back(static_cast<uint8_t>(c));
  return bytes;
}
inline std::vector<uint8_t> frame(std::string_view text) {
  return with_crc(hex(text));
}

// A response frame as the chip must send it: header | L | payload | CRC(header + payload).
// Sized once and filled byte by byte: inserting into a short vector, or std::copy of an empty
// payload, makes GCC 12 at -O3 warn (-Warray-bounds) about a copy it cannot rule out.
inline std::vector<uint8_t> response_frame(uint8_t status, const std::vector<uint8_t>& payload) {
  const size_t n = payload.size();
  std::vector<uint8_t> covered(1 + n);
  covered[0] = status;
  for (size_t i = 0; i < n; ++i) covered[1 + i] = payload[i];
  const uint16_t c = reference_crc(covered);
  const size_t l = n + 2;
  std::vector<uint8_t> out(3 + n + 2);
  out[0] = status;
  out[1] = static_cast<uint8_t>(l >> 8);
  out[2] = static_cast<uint8_t>(l);
  for (size_t i = 0; i < n; ++i) out[3 + i] = payload[i];
  out[3 + n] = static_cast<uint8_t>(c >> 8);
  out[4 + n] = static_cast<uint8_t>(c);
  return out;
}
inline std::vector<uint8_t> error_frame(uint8_t status) {
  return response_frame(status, {});
}

class StsafeOnBus {
 public:
  explicit StsafeOnBus(uint32_t rate_hz = 400000) : bus(scheduler, rate_hz), chip(scheduler) {
    bus.attach(kAddress, &chip);
  }

  BusOutcome write(const std::vector<uint8_t>& bytes) { return bus.write(kAddress, bytes); }

  BusOutcome read(std::vector<uint8_t>& out) { return bus.read(kAddress, out); }

  // Polls every millisecond (at most ~2 s of virtual time) until the chip ACKs a 5-byte read,
  // then reads header + L + payload + CRC. Returns the second read; empty if the chip never
  // answered.
  std::vector<uint8_t> read_response() {
    std::vector<uint8_t> first(5);
    int tries = 0;
    while (read(first) == BusOutcome::kAddressNack) {
      if (++tries > 2000) return {};
      scheduler.advance_by(kMillisecond);
    }
    const size_t l = static_cast<size_t>(first[1] << 8 | first[2]);
    std::vector<uint8_t> all(l + 3);
    EXPECT_EQ(read(all), BusOutcome::kAck);
    return all;
  }

  std::vector<uint8_t> transact(const std::vector<uint8_t>& wire) {
    EXPECT_EQ(write(wire), BusOutcome::kAck);
    return read_response();
  }

  Scheduler scheduler;
  I2cBus bus;
  Stsafe chip;
};

}  // namespace kb::sim::stsafe_a120::test_support
