#pragma once
// Test helpers for the ATECC608A host driver: expected packets built from the fact sheet's field
// tables with a CRC computed a different way than core/atecc does it, and a scripted I2C
// initiator on a virtual clock that records every bus operation with its time.
#include <cstdint>
#include <deque>
#include <span>
#include <string>
#include <vector>

#include "hal/clock.h"
#include "hal/i2c_initiator.h"

namespace kb::core::atecc::test {

// Fact sheet B5.5 bit by bit: each data bit (LSB first) against register bit 15, shift left,
// XOR 0x8005 when they differ. core/atecc uses a byte table over mirrored bytes instead.
inline uint16_t bitwise_crc(std::span<const uint8_t> bytes) {
  uint16_t reg = 0;
  for (uint8_t byte : bytes) {
    for (int bit = 0; bit < 8; ++bit) {
      const bool differ = (((byte >> bit) & 1u) != 0) != ((reg & 0x8000u) != 0);
      reg = static_cast<uint16_t>(reg << 1);
      if (differ) reg = static_cast<uint16_t>(reg ^ 0x8005u);
    }
  }
  return reg;
}

// The packet as the fact sheet's tables spell it: `count` is the whole-packet count B6.2 states
// for the command, so a wrong data length in the driver shows up as a count mismatch.
inline std::vector<uint8_t> expected_packet(uint8_t count, uint8_t opcode, uint8_t param1, uint16_t param2,
                                            const std::vector<uint8_t>& data = {}) {
  std::vector<uint8_t> p;
  p.push_back(count);
  p.push_back(opcode);
  p.push_back(param1);
  p.push_back(static_cast<uint8_t>(param2 & 0xFF));
  p.push_back(static_cast<uint8_t>(param2 >> 8));
  for (uint8_t b : data) p.push_back(b);
  const uint16_t crc = bitwise_crc(p);
  p.push_back(static_cast<uint8_t>(crc & 0xFF));
  p.push_back(static_cast<uint8_t>(crc >> 8));
  return p;
}

inline std::vector<uint8_t> group_of(const std::vector<uint8_t>& payload) {
  std::vector<uint8_t> g;
  g.push_back(static_cast<uint8_t>(payload.size() + 3));
  for (uint8_t b : payload) g.push_back(b);
  const uint16_t crc = bitwise_crc(g);
  g.push_back(static_cast<uint8_t>(crc & 0xFF));
  g.push_back(static_cast<uint8_t>(crc >> 8));
  return g;
}

inline std::vector<uint8_t> filled(size_t n, uint8_t first) {
  std::vector<uint8_t> v;
  for (size_t i = 0; i < n; ++i) v.push_back(static_cast<uint8_t>(first + i));
  return v;
}

class VirtualClock final : public hal::Clock {
 public:
  uint64_t now_ns() const override { return now_; }
  void sleep_ns(uint64_t ns) override { now_ += ns; }
  void advance(uint64_t ns) { now_ += ns; }

 private:
  uint64_t now_ = 0;
};

struct BusOp {
  enum class Kind { kWrite, kRead, kRate };
  Kind kind = Kind::kWrite;
  uint64_t at_ns = 0;
  uint8_t address7 = 0;
  std::vector<uint8_t> bytes;  // written bytes, or bytes delivered by a read
  size_t read_length = 0;
  uint32_t rate_hz = 0;
  hal::I2cResult result = hal::I2cResult::kOk;
};

// A chip seen from the bus: the wake pulse and word-address writes are acknowledged as the
// script says, reads deliver scripted bytes or NACK. Each transfer costs `transfer_ns` of virtual
// time, as bus time would.
class ScriptedAtecc final : public hal::I2cInitiator {
 public:
  explicit ScriptedAtecc(VirtualClock& clock) : clock_(clock) {}

  // Read script, in order: each entry answers one read (NACK or bytes).
  void nack_reads(size_t n) {
    for (size_t i = 0; i < n; ++i) reads_.push_back({hal::I2cResult::kAddressNack, {}});
  }
  void answer(std::vector<uint8_t> bytes) { reads_.push_back({hal::I2cResult::kOk, std::move(bytes)}); }
  void fail_read(hal::I2cResult r) { reads_.push_back({r, {}}); }
  // A whole group, answered as cryptoauthlib reads it: the count byte, then the rest.
  void answer_group(const std::vector<uint8_t>& group) {
    answer({group.front()});
    answer({group.begin() + 1, group.end()});
  }
  void answer_wake() { answer({0x04, 0x11, 0x33, 0x43}); }
  // Once the script is empty every read is NACKed (a chip that never finishes).
  hal::I2cResult rate_result = hal::I2cResult::kOk;
  hal::I2cResult general_call_result = hal::I2cResult::kAddressNack;
  uint64_t transfer_ns = 25000;

  std::vector<BusOp> ops;

  std::vector<BusOp> writes() const { return of_kind(BusOp::Kind::kWrite); }
  std::vector<BusOp> reads() const { return of_kind(BusOp::Kind::kRead); }
  std::vector<BusOp> of_kind(BusOp::Kind k) const {
    std::vector<BusOp> out;
    for (const BusOp& op : ops)
      if (op.kind == k) out.push_back(op);
    return out;
  }

 private:
  struct ScriptedRead {
    hal::I2cResult result;
    std::vector<uint8_t> bytes;
  };

  hal::I2cResult do_transfer(uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx) override {
    BusOp op;
    op.kind = rx.empty() ? BusOp::Kind::kWrite : BusOp::Kind::kRead;
    op.at_ns = clock_.now_ns();
    op.address7 = address7;
    op.read_length = rx.size();
    clock_.advance(transfer_ns);
    if (!tx.empty() && !rx.empty()) {
      op.result = hal::I2cResult::kBusError;  // the driver never uses write_read
    } else if (rx.empty()) {
      op.bytes.assign(tx.begin(), tx.end());
      op.result = address7 == 0x00 ? general_call_result : hal::I2cResult::kOk;
    } else if (reads_.empty()) {
      op.result = hal::I2cResult::kAddressNack;
    } else {
      ScriptedRead next = reads_.front();
      reads_.pop_front();
      op.result = next.result;
      if (next.result == hal::I2cResult::kOk) {
        for (size_t i = 0; i < rx.size(); ++i) rx[i] = i < next.bytes.size() ? next.bytes[i] : 0xFF;
        op.bytes.assign(rx.begin(), rx.end());
      }
    }
    ops.push_back(op);
    return op.result;
  }

  hal::I2cResult do_set_rate_hz(uint32_t hz) override {
    BusOp op;
    op.kind = BusOp::Kind::kRate;
    op.at_ns = clock_.now_ns();
    op.rate_hz = hz;
    op.result = rate_result;
    ops.push_back(op);
    return rate_result;
  }

  VirtualClock& clock_;
  std::deque<ScriptedRead> reads_;
};

}  // namespace kb::core::atecc::test
