#pragma once
// A bit-level bus behind I2cBus (the RTL bus, simulator/rtl). I2cBus keeps the bookkeeping every
// bus has (observer, fault interceptor, wire listeners, transaction count); the bit level clocks
// each transaction over SCL and SDA and advances virtual time by the bit clock as it goes.
#include <cstdint>
#include <functional>
#include <span>
#include <stdexcept>
#include <vector>

#include "simulator/bus/i2c_target.h"
#include "simulator/time/scheduler.h"

namespace kb::sim {

enum class BusOutcome : uint8_t;
struct AddressPhaseFault;

// What the bit level asks I2cBus while a transaction is on the wire, in the same order the
// transaction-level bus asks: the address fault before the target is asked about its address,
// the write-data fault once the address is acknowledged and before any data bit is clocked.
struct BitLevelHooks {
  std::function<AddressPhaseFault()> address_fault;
  // May change the bytes the initiator is about to send; returns n < data.size() to have the
  // target NACK byte n (and then see none of the write).
  std::function<size_t(std::vector<uint8_t>& data)> write_data_fault;
};

struct BitLevelResult {
  BusOutcome outcome;
  std::vector<uint8_t> clocked;  // the bytes SDA carried after the address (write: as sent)
  size_t acked = 0;              // how many of them were acknowledged
};

// Thrown when a fault or a setting needs the other bus level.
class BusLevelError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class I2cBitLevel {
 public:
  virtual ~I2cBitLevel() = default;
  virtual void attach(uint8_t address7, I2cTarget* target) = 0;
  virtual void detach(uint8_t address7) = 0;
  // Throws std::invalid_argument for a rate the bit level has no timing for.
  virtual void set_rate_hz(uint32_t rate_hz) = 0;
  virtual void set_stretch_timeout_ns(Nanoseconds ns) = 0;
  // One write. repeated_start: the bus is still held from the previous call (write then read);
  // stop = false keeps it held for the next call.
  virtual BitLevelResult write(uint8_t address7, std::span<const uint8_t> data, bool repeated_start, bool stop,
                               const BitLevelHooks& hooks) = 0;
  // One read; the initiator acknowledges every byte but the last, then sends STOP. out receives
  // the bytes SDA carried.
  virtual BitLevelResult read(uint8_t address7, std::span<uint8_t> out, bool repeated_start,
                              const BitLevelHooks& hooks) = 0;
  // Every change of the resolved lines, in virtual time (waveforms); null removes it.
  virtual void set_line_observer(std::function<void(Nanoseconds at, bool scl, bool sda)> observer) = 0;
};

}  // namespace kb::sim
