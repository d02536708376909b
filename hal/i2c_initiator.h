#pragma once
// The one bus interface core/ sees. A transfer is a single I2C transaction as the initiator drives
// it: write, read, or write followed by a repeated START and a read.
#include <cstdint>
#include <span>

namespace kb::hal {

// Each value names what the bus did, so the host library can tell "the target is busy"
// (address NACK, worth polling) from "the bus is broken" (worth giving up).
enum class I2cResult : uint8_t {
  kOk = 0,
  kAddressNack,  // nobody answered the address byte: absent or busy
  kDataNack,     // the target stopped acknowledging in the middle of a write
  kBusError,     // arbitration lost, stuck line, driver failure
  kTimeout,      // the transfer did not finish in time (clock stretched too long)
  kUnsupported,  // the initiator cannot do what was asked (a bus rate, or a transfer it cannot carry)
};

const char* i2c_result_name(I2cResult r);

class I2cInitiator {
 public:
  virtual ~I2cInitiator() = default;

  I2cResult write(uint8_t address7, std::span<const uint8_t> tx) { return do_transfer(address7, tx, {}); }
  I2cResult read(uint8_t address7, std::span<uint8_t> rx) { return do_transfer(address7, {}, rx); }
  I2cResult write_read(uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx) {
    return do_transfer(address7, tx, rx);
  }

  // Changes the SCL rate from the next transfer on. Some targets need it: the ATECC608A wakes on
  // SDA held low for 60 us, which one address byte only lasts at 100 kHz or slower, so its host
  // library drops the rate for the wake pulse and goes back afterwards. kUnsupported means the
  // rate stays what it was; the caller decides whether it can live with that.
  I2cResult set_rate_hz(uint32_t hz) { return do_set_rate_hz(hz); }

 private:
  // tx empty: pure read; rx empty: pure write; both: write, repeated START, read.
  virtual I2cResult do_transfer(uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx) = 0;
  // Most buses are wired at one rate and nothing on them needs another, so backends that cannot
  // change it need not say so.
  virtual I2cResult do_set_rate_hz(uint32_t /*hz*/) { return I2cResult::kUnsupported; }
};

}  // namespace kb::hal
