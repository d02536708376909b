#pragma once
// Transaction-level I2C bus. Every transaction costs virtual time: a START, nine bit-times per
// byte (eight data bits and the acknowledge), and a STOP, at the bench's bus rate.
#include <array>
#include <cstdint>
#include <functional>
#include <span>

#include "simulator/bus/i2c_target.h"
#include "simulator/time/scheduler.h"

namespace kb::sim {

enum class BusOutcome : uint8_t { kAck = 0, kAddressNack, kDataNack, kBusError, kTimeout };

const char* bus_outcome_name(BusOutcome o);

// One record per transaction, for traces and fault plans.
struct BusTransaction {
  uint64_t index;        // 0-based count of transactions on this bus
  Nanoseconds start_ns;  // virtual time of the START
  Nanoseconds end_ns;    // virtual time after the STOP
  uint8_t address7;
  bool is_read;
  std::span<const uint8_t> data;  // written bytes, or bytes read (valid during the callback only)
  BusOutcome outcome;
};

class I2cBus {
 public:
  I2cBus(Scheduler& scheduler, uint32_t rate_hz);

  void attach(uint8_t address7, I2cTarget* target);
  void detach(uint8_t address7);
  I2cTarget* target_at(uint8_t address7) const { return address7 < 128 ? targets_[address7] : nullptr; }

  uint32_t rate_hz() const { return rate_hz_; }
  Nanoseconds bit_time_ns() const { return bit_ns_; }

  BusOutcome write(uint8_t address7, std::span<const uint8_t> data);
  BusOutcome read(uint8_t address7, std::span<uint8_t> out);
  // Write, repeated START, read. A NACK in the write phase ends the transaction.
  BusOutcome write_read(uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx);

  uint64_t transaction_count() const { return transactions_; }
  void set_observer(std::function<void(const BusTransaction&)> observer) { observer_ = std::move(observer); }

 private:
  BusOutcome do_write(uint8_t address7, std::span<const uint8_t> data, Nanoseconds start, bool stop);
  BusOutcome do_read(uint8_t address7, std::span<uint8_t> out, Nanoseconds start);
  void finish(Nanoseconds start, uint8_t address7, bool is_read, std::span<const uint8_t> data, BusOutcome o);
  void bits(uint64_t n) { scheduler_.advance_by(n * bit_ns_); }

  Scheduler& scheduler_;
  uint32_t rate_hz_;
  Nanoseconds bit_ns_;
  std::array<I2cTarget*, 128> targets_{};
  uint64_t transactions_ = 0;
  std::function<void(const BusTransaction&)> observer_;
};

}  // namespace kb::sim
