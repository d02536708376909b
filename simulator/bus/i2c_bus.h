#pragma once
// Transaction-level I2C bus. Every transaction costs virtual time: a START, nine bit-times per
// byte (eight data bits and the acknowledge), and a STOP, at the bench's bus rate.
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "simulator/bus/i2c_bit_level.h"
#include "simulator/bus/i2c_target.h"
#include "simulator/time/scheduler.h"

namespace kb::sim {

// kArbitrationLost: the initiator read back a 0 where it sent a 1 (another initiator, or a target
// driving SDA out of step) and let go of the bus; only a bit-level bus can see it.
enum class BusOutcome : uint8_t { kAck = 0, kAddressNack, kDataNack, kBusError, kTimeout, kArbitrationLost };

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

// A transaction as fault injection sees it.
struct BusFaultPoint {
  uint64_t index;  // transaction_count() of this transaction
  uint8_t address7;
  bool is_read;
  size_t length;  // bytes the initiator means to write or read
};

// What fault injection does to an address phase.
struct AddressPhaseFault {
  bool nack = false;           // the address goes unacknowledged, whatever the target would say
  Nanoseconds stretch_ns = 0;  // SCL held low after the acknowledge
};

// What any device on the bus can see of SDA during one transaction, whoever it was addressed to:
// the address byte and every byte clocked after it, with the acknowledge bits. A model that wakes
// on a long low level of SDA (the ATECC608A) reads its wake pulses from here.
struct WireTransaction {
  Nanoseconds start_ns;  // virtual time of the START (or repeated START)
  Nanoseconds bit_ns;    // one bit-time at the bus rate
  uint8_t address_byte;  // address7 << 1 | R/W
  bool address_acked;
  std::span<const uint8_t> data;  // bytes clocked after the address (valid during the callback only)
  size_t acked;                   // how many of them were acknowledged (the rest: NACK)
  bool stop;                      // false when a repeated START follows
};

// One low stretch of SDA: from its falling edge to its rising edge.
struct SdaLowRun {
  Nanoseconds from_ns;
  Nanoseconds to_ns;
};
// SDA low runs of a transaction at half-bit resolution: a START falls mid bit-time, each bit holds
// its level for one bit-time (acknowledge: 0 = ACK), a STOP rises mid bit-time.
std::vector<SdaLowRun> sda_low_runs(const WireTransaction& t);

class I2cWireListener {
 public:
  virtual ~I2cWireListener() = default;
  virtual void on_wire(const WireTransaction& t) = 0;
};

// Fault injection's hold on the bus. Separate from the observer, which stays free for traces.
class I2cInterceptor {
 public:
  virtual ~I2cInterceptor() = default;
  // Before the target is asked about its address.
  virtual AddressPhaseFault on_address(const BusFaultPoint& point) = 0;
  // An acknowledged write's bytes before the target sees them; they may be changed in place.
  // Returning n < data.size() NACKs byte n, and the target then sees none of the write.
  virtual size_t on_write_data(const BusFaultPoint& point, std::vector<uint8_t>& data) = 0;
  // The bytes an acknowledged read delivered; they may be changed in place. True ends the read
  // with a data NACK.
  virtual bool on_read_data(const BusFaultPoint& point, std::span<uint8_t> data) = 0;
};

class I2cBus {
 public:
  I2cBus(Scheduler& scheduler, uint32_t rate_hz);
  ~I2cBus();

  // Moves every transaction to a bit-level bus (the RTL bus); null goes back to the transaction
  // level. Attached targets move with it; the rate and the stretch timeout carry over.
  void set_bit_level(std::unique_ptr<I2cBitLevel> bit_level);
  I2cBitLevel* bit_level() { return bit_level_.get(); }
  bool is_bit_level() const { return bit_level_ != nullptr; }

  void attach(uint8_t address7, I2cTarget* target);
  void detach(uint8_t address7);
  I2cTarget* target_at(uint8_t address7) const { return address7 < 128 ? targets_[address7] : nullptr; }

  uint32_t rate_hz() const { return rate_hz_; }
  Nanoseconds bit_time_ns() const { return bit_ns_; }

  BusOutcome write(uint8_t address7, std::span<const uint8_t> data);
  BusOutcome read(uint8_t address7, std::span<uint8_t> out);
  // Write, repeated START, read. A NACK in the write phase ends the transaction.
  BusOutcome write_read(uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx);

  // Changes the rate from the next transaction on (hosts drop to 100 kHz to send a wake pulse).
  void set_rate_hz(uint32_t rate_hz);

  // Every listener sees every transaction's wire view after it ends. The bus does not own them.
  void add_wire_listener(I2cWireListener* listener);
  void remove_wire_listener(I2cWireListener* listener);

  uint64_t transaction_count() const { return transactions_; }
  void set_observer(std::function<void(const BusTransaction&)> observer) { observer_ = std::move(observer); }
  // One interceptor at a time; null removes it. The bus does not own it.
  void set_interceptor(I2cInterceptor* interceptor) { interceptor_ = interceptor; }

  // How long the initiator lets a target stretch the clock before it gives up with a timeout.
  // SMBus sets 25 ms as the least tTIMEOUT (SMBus 3.0, table 2); host drivers pick their own.
  static constexpr Nanoseconds kDefaultStretchTimeoutNs = 25 * kMillisecond;
  Nanoseconds stretch_timeout_ns() const { return stretch_timeout_ns_; }
  void set_stretch_timeout_ns(Nanoseconds ns);

 private:
  BusOutcome do_write(uint8_t address7, std::span<const uint8_t> data, Nanoseconds start, bool stop);
  BusOutcome do_read(uint8_t address7, std::span<uint8_t> out, Nanoseconds start);
  BusOutcome bit_write(uint8_t address7, std::span<const uint8_t> data, Nanoseconds start, bool repeated, bool stop);
  BusOutcome bit_read(uint8_t address7, std::span<uint8_t> out, Nanoseconds start, bool repeated);
  // data = the bytes the observer reports; clocked/acked = what SDA carried after the address.
  void finish(Nanoseconds start, uint8_t address7, bool is_read, std::span<const uint8_t> data, BusOutcome o,
              std::span<const uint8_t> clocked, size_t acked, bool stop);
  void bits(uint64_t n) { scheduler_.advance_by(n * bit_ns_); }

  Scheduler& scheduler_;
  uint32_t rate_hz_;
  Nanoseconds bit_ns_;
  std::array<I2cTarget*, 128> targets_{};
  uint64_t transactions_ = 0;
  std::function<void(const BusTransaction&)> observer_;
  I2cInterceptor* interceptor_ = nullptr;
  std::vector<I2cWireListener*> wire_listeners_;
  Nanoseconds stretch_timeout_ns_ = kDefaultStretchTimeoutNs;
  std::unique_ptr<I2cBitLevel> bit_level_;

  // Asks the interceptor about the address phase; returns the outcome when it ends the transaction.
  std::optional<BusOutcome> address_phase(uint8_t address7, bool is_read, size_t length, I2cTarget* target);
};

}  // namespace kb::sim
