#pragma once
// A register-level model of the nRF5340 TWIM with EasyDMA, for the board's I2C driver: tasks,
// events, SHORTS, ERRORSRC, the DMA pointers and counts, and its own RAM. A start task runs the
// transaction against a target (a function of address, bytes written and bytes to read, so a test
// can script one or hand it to a simulated bench), fills the RAM the pointers name and raises the
// events the product specification gives for the outcome after a few reads of the event
// registers. Faults make the peripheral NACK, overrun, stop short or never finish; everything the
// driver wrote is logged, and anything silicon would not take is recorded as a violation.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "hal/clock.h"
#include "hal/i2c_initiator.h"
#include "hal/nrf/twim_i2c_initiator.h"
#include "hal/register_bus.h"

namespace kb::test {

namespace twim {
inline constexpr uint32_t kBase = 0x50009000;
inline constexpr uint32_t kTasksStartRx = kBase + 0x000;
inline constexpr uint32_t kTasksStartTx = kBase + 0x008;
inline constexpr uint32_t kTasksStop = kBase + 0x014;
inline constexpr uint32_t kTasksResume = kBase + 0x020;
inline constexpr uint32_t kEventsStopped = kBase + 0x104;
inline constexpr uint32_t kEventsError = kBase + 0x124;
inline constexpr uint32_t kEventsLastRx = kBase + 0x15C;
inline constexpr uint32_t kEventsLastTx = kBase + 0x160;
inline constexpr uint32_t kShorts = kBase + 0x200;
inline constexpr uint32_t kErrorSrc = kBase + 0x4C4;
inline constexpr uint32_t kEnable = kBase + 0x500;
inline constexpr uint32_t kPselScl = kBase + 0x508;
inline constexpr uint32_t kPselSda = kBase + 0x50C;
inline constexpr uint32_t kFrequency = kBase + 0x524;
inline constexpr uint32_t kRxdPtr = kBase + 0x534;
inline constexpr uint32_t kRxdMaxcnt = kBase + 0x538;
inline constexpr uint32_t kRxdAmount = kBase + 0x53C;
inline constexpr uint32_t kTxdPtr = kBase + 0x544;
inline constexpr uint32_t kTxdMaxcnt = kBase + 0x548;
inline constexpr uint32_t kTxdAmount = kBase + 0x54C;
inline constexpr uint32_t kAddress = kBase + 0x588;

inline constexpr uint32_t kShortLastTxStartRx = 1u << 7;
inline constexpr uint32_t kShortLastTxStop = 1u << 9;
inline constexpr uint32_t kShortLastRxStop = 1u << 12;
inline constexpr uint32_t kErrorOverrun = 1u << 0;
inline constexpr uint32_t kErrorAnack = 1u << 1;
inline constexpr uint32_t kErrorDnack = 1u << 2;

inline constexpr uint32_t kRamAddress = 0x20004000;
}  // namespace twim

class FakeTwim final : public hal::RegisterBus {
 public:
  enum class Fault {
    kNone,
    kAddressNack,       // nobody acknowledges the address
    kDataNack,          // the target refuses the written byte at nack_byte
    kOverrun,           // a received byte was lost before EasyDMA stored it
    kStoppedShort,      // STOPPED with one byte fewer than asked and no error
    kHang,              // the transaction never ends (SCL held low); STOP still ends it
    kHangIgnoringStop,  // never ends, and STOP does nothing either
  };

  using Target = std::function<hal::I2cResult(uint8_t, std::span<const uint8_t>, std::span<uint8_t>)>;

  struct Write {
    uint32_t address;
    uint32_t value;
    bool operator==(const Write&) const = default;
  };

  struct Transaction {
    uint8_t address = 0;
    std::vector<uint8_t> written;
    size_t read = 0;
    bool repeated_start = false;
  };

  // RAM starts filled with `fill`, so a test can tell bytes the driver left behind from untouched ones.
  explicit FakeTwim(size_t ram_bytes = 1024, uint8_t fill = 0xA5) : ram_(ram_bytes, fill) {}

  hal::nrf::TwimDmaBuffer dma() { return {std::span<uint8_t>(ram_), twim::kRamAddress}; }
  std::span<const uint8_t> ram() const { return ram_; }

  // Who answers on the bus. Default: a scripted target at target_address that keeps what it is
  // sent and answers reads from `reply`.
  Target target;
  uint8_t target_address = 0x20;
  std::vector<uint8_t> reply;
  // Called with the SCL rate whenever FREQUENCY is written a value the TWIM knows.
  std::function<void(uint32_t)> on_rate;

  Fault fault = Fault::kNone;
  size_t nack_byte = 0;
  // Event-register reads between a task and the events it causes.
  uint32_t latency_reads = 3;

  std::vector<Write> writes;
  std::vector<Transaction> transactions;
  std::vector<std::string> violations;
  uint32_t event_reads = 0;

  // The writes from index `from` on.
  std::vector<Write> writes_from(size_t from) const {
    return std::vector<Write>(writes.begin() + static_cast<std::ptrdiff_t>(from), writes.end());
  }
  bool wrote(uint32_t address, uint32_t value, size_t from = 0) const {
    for (size_t i = from; i < writes.size(); ++i) {
      if (writes[i].address == address && writes[i].value == value) return true;
    }
    return false;
  }
  uint32_t reg(uint32_t address) const {
    const auto it = regs_.find(address);
    return it == regs_.end() ? 0 : it->second;
  }

  uint32_t read32(uint32_t address) override {
    if (is_event(address)) {
      ++event_reads;
      if (countdown_ > 0 && --countdown_ == 0) raise_pending();
    }
    return reg(address);
  }

  void write32(uint32_t address, uint32_t value) override {
    writes.push_back({address, value});
    if (address == twim::kTasksStartTx || address == twim::kTasksStartRx) {
      if (value == 1) start(address == twim::kTasksStartTx);
      return;
    }
    if (address == twim::kTasksStop) {
      if (value == 1) stop();
      return;
    }
    if (address == twim::kTasksResume) return;
    if (address == twim::kErrorSrc) {
      regs_[address] &= ~value;  // write-one-to-clear
      return;
    }
    if (address == twim::kEnable) {
      if (value == 0) reset();
      regs_[address] = value;
      return;
    }
    if (busy_ && is_configuration(address)) {
      violations.push_back("configuration register written during a transaction: " + hex(address));
    }
    if (address == twim::kFrequency && on_rate) {
      if (const uint32_t hz = rate_of(value); hz != 0) on_rate(hz);
    }
    regs_[address] = value;
  }

 private:
  static bool is_event(uint32_t a) {
    return a == twim::kEventsStopped || a == twim::kEventsError || a == twim::kEventsLastRx || a == twim::kEventsLastTx;
  }
  static bool is_configuration(uint32_t a) {
    return a == twim::kAddress || a == twim::kTxdPtr || a == twim::kTxdMaxcnt || a == twim::kRxdPtr ||
           a == twim::kRxdMaxcnt || a == twim::kShorts || a == twim::kFrequency || a == twim::kPselScl ||
           a == twim::kPselSda;
  }
  static uint32_t rate_of(uint32_t frequency) {
    switch (frequency) {
      case 0x01980000: return 100000;
      case 0x04000000: return 250000;
      case 0x06400000: return 400000;
      case 0x0FF00000: return 1000000;
      default: return 0;
    }
  }
  static std::string hex(uint32_t v) {
    char b[16];
    std::snprintf(b, sizeof b, "0x%08X", v);
    return b;
  }

  // EasyDMA reaches RAM only: a pointer outside the fake's RAM is what a flash address would be.
  std::span<uint8_t> dma_window(uint32_t ptr, uint32_t count, const char* what) {
    if (ptr < twim::kRamAddress || ptr - twim::kRamAddress + uint64_t{count} > ram_.size()) {
      violations.push_back(std::string(what) + " outside RAM: " + hex(ptr));
      return {};
    }
    return std::span<uint8_t>(ram_).subspan(ptr - twim::kRamAddress, count);
  }

  hal::I2cResult call_target(uint8_t address, std::span<const uint8_t> tx, std::span<uint8_t> rx) {
    if (target) return target(address, tx, rx);
    if (address != target_address) return hal::I2cResult::kAddressNack;
    for (size_t i = 0; i < rx.size(); ++i) rx[i] = i < reply.size() ? reply[i] : 0xFF;
    return hal::I2cResult::kOk;
  }

  void start(bool transmit) {
    if (reg(twim::kEnable) != 6) violations.push_back("start task while the TWIM is disabled");
    if (busy_) violations.push_back("start task during a transaction");
    busy_ = true;
    const uint32_t shorts = reg(twim::kShorts);
    const bool then_rx = transmit && (shorts & twim::kShortLastTxStartRx);
    const bool receive = !transmit || then_rx;
    const uint8_t address = static_cast<uint8_t>(reg(twim::kAddress) & 0x7F);

    std::vector<uint8_t> tx;
    if (transmit) {
      const auto w = dma_window(reg(twim::kTxdPtr), reg(twim::kTxdMaxcnt), "TXD.PTR");
      tx.assign(w.begin(), w.end());
    }
    std::span<uint8_t> rx_ram;
    if (receive) rx_ram = dma_window(reg(twim::kRxdPtr), reg(twim::kRxdMaxcnt), "RXD.PTR");
    std::vector<uint8_t> rx(rx_ram.size());

    Transaction t;
    t.address = address;
    t.repeated_start = then_rx;
    pending_ = 0;
    countdown_ = latency_reads == 0 ? 1 : latency_reads;
    regs_[twim::kTxdAmount] = 0;
    regs_[twim::kRxdAmount] = 0;

    if (fault == Fault::kHang || fault == Fault::kHangIgnoringStop) {
      hung_ = true;
      transactions.push_back(t);
      return;
    }
    hal::I2cResult r = hal::I2cResult::kOk;
    if (fault == Fault::kAddressNack) {
      r = hal::I2cResult::kAddressNack;
    } else if (fault == Fault::kDataNack && transmit) {
      r = hal::I2cResult::kDataNack;
    } else {
      r = call_target(address, tx, rx);
    }

    if (r == hal::I2cResult::kAddressNack) {
      regs_[twim::kErrorSrc] |= twim::kErrorAnack;
      pending_ = bit(twim::kEventsError);
      transactions.push_back(t);
      return;
    }
    if (r == hal::I2cResult::kDataNack) {
      const size_t at = fault == Fault::kDataNack ? std::min(nack_byte, tx.size() - 1) : tx.size() - 1;
      t.written.assign(tx.begin(), tx.begin() + static_cast<std::ptrdiff_t>(at + 1));
      regs_[twim::kTxdAmount] = static_cast<uint32_t>(at + 1);
      regs_[twim::kErrorSrc] |= twim::kErrorDnack;
      pending_ = bit(twim::kEventsError);
      // LASTTX comes at the start of the last byte, so a NACK on it meets the shortcut already taken.
      if (at + 1 == tx.size()) {
        pending_ |= bit(twim::kEventsLastTx);
        if (shorts & twim::kShortLastTxStop) pending_ |= bit(twim::kEventsStopped);
      }
      transactions.push_back(t);
      return;
    }
    if (r != hal::I2cResult::kOk) {
      // A target that stretched the clock past anyone's patience: the TWIM waits forever.
      hung_ = true;
      transactions.push_back(t);
      return;
    }
    t.written = tx;
    t.read = rx.size();
    transactions.push_back(t);
    if (transmit) {
      regs_[twim::kTxdAmount] = static_cast<uint32_t>(tx.size());
      pending_ |= bit(twim::kEventsLastTx);
    }
    if (receive) {
      std::copy(rx.begin(), rx.end(), rx_ram.begin());
      regs_[twim::kRxdAmount] = static_cast<uint32_t>(rx.size());
      pending_ |= bit(twim::kEventsLastRx);
      if (fault == Fault::kOverrun) {
        regs_[twim::kErrorSrc] |= twim::kErrorOverrun;
        pending_ |= bit(twim::kEventsError);
      }
    }
    if (fault == Fault::kStoppedShort) {
      if (receive)
        regs_[twim::kRxdAmount] = static_cast<uint32_t>(rx.size() - 1);
      else
        regs_[twim::kTxdAmount] = static_cast<uint32_t>(tx.size() - 1);
      pending_ |= bit(twim::kEventsStopped);
      return;
    }
    const bool stops = receive ? (shorts & twim::kShortLastRxStop) != 0 : (shorts & twim::kShortLastTxStop) != 0;
    if (stops) pending_ |= bit(twim::kEventsStopped);
  }

  void stop() {
    if (!busy_) return;
    if (hung_ && fault == Fault::kHangIgnoringStop) return;
    pending_ |= bit(twim::kEventsStopped);
    if (countdown_ == 0) countdown_ = latency_reads == 0 ? 1 : latency_reads;
  }

  void reset() {
    busy_ = false;
    hung_ = false;
    pending_ = 0;
    countdown_ = 0;
    for (uint32_t e : {twim::kEventsStopped, twim::kEventsError, twim::kEventsLastRx, twim::kEventsLastTx}) {
      regs_[e] = 0;
    }
    regs_[twim::kErrorSrc] = 0;
  }

  static uint32_t bit(uint32_t event) {
    switch (event) {
      case twim::kEventsStopped: return 1u << 0;
      case twim::kEventsError: return 1u << 1;
      case twim::kEventsLastTx: return 1u << 2;
      default: return 1u << 3;
    }
  }

  void raise_pending() {
    if (pending_ & bit(twim::kEventsError)) regs_[twim::kEventsError] = 1;
    if (pending_ & bit(twim::kEventsLastTx)) regs_[twim::kEventsLastTx] = 1;
    if (pending_ & bit(twim::kEventsLastRx)) regs_[twim::kEventsLastRx] = 1;
    if (pending_ & bit(twim::kEventsStopped)) {
      regs_[twim::kEventsStopped] = 1;
      busy_ = false;
      hung_ = false;
    }
    pending_ = 0;
  }

  std::vector<uint8_t> ram_;
  std::map<uint32_t, uint32_t> regs_;
  bool busy_ = false;
  bool hung_ = false;
  uint32_t pending_ = 0;
  uint32_t countdown_ = 0;
};

// A Clock that moves on by `step_ns` every time it is read, so a polling loop's deadline arrives
// after a known number of polls, whatever the host's speed.
class SteppingClock final : public hal::Clock {
 public:
  explicit SteppingClock(uint64_t step_ns = 1000) : step_ns_(step_ns) {}
  uint64_t now_ns() const override { return now_ += step_ns_; }
  void sleep_ns(uint64_t ns) override { now_ += ns; }

 private:
  uint64_t step_ns_;
  mutable uint64_t now_ = 0;
};

}  // namespace kb::test
