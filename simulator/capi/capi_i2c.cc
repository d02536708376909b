// I2C transactions for C callers, on the bench's transaction-level bus.
#include <cstdio>
#include <span>

#include "simulator/capi/capi_bench_handle.h"

using kb::capi::guarded;
using kb::capi::set_bus_error;
using kb::capi::set_error;

namespace {

// High-speed mode, the fastest rate the bus model takes.
constexpr uint32_t kMaxRateHz = 3400000;

int to_code(kb::sim::BusOutcome o) {
  switch (o) {
    case kb::sim::BusOutcome::kAck: return KB_OK;
    case kb::sim::BusOutcome::kAddressNack: return KB_ERR_ADDRESS_NACK;
    case kb::sim::BusOutcome::kDataNack: return KB_ERR_DATA_NACK;
    case kb::sim::BusOutcome::kBusError: return KB_ERR_BUS;
    case kb::sim::BusOutcome::kTimeout: return KB_ERR_TIMEOUT;
    case kb::sim::BusOutcome::kArbitrationLost: return KB_ERR_BUS;  // the C API's bus error covers it
  }
  return KB_ERR_BUS;
}

// Rejects what C can get wrong and C++ spans cannot express; records why on the bench.
int check(kb_bench* bench, const char* fn, uint8_t addr7, const void* tx, size_t tx_len, const void* rx,
          size_t rx_len) {
  if (bench == nullptr) return KB_ERR_ARGUMENT;
  char why[96];
  if (addr7 > 0x7F) {
    std::snprintf(why, sizeof why, "%s: address 0x%02X is not a 7-bit address", fn, addr7);
  } else if ((tx == nullptr && tx_len > 0) || (rx == nullptr && rx_len > 0)) {
    std::snprintf(why, sizeof why, "%s: NULL buffer with a non-zero length", fn);
  } else {
    return KB_OK;
  }
  set_error(*bench, why);
  return KB_ERR_ARGUMENT;
}

// A transaction's outcome; NACKs and errors leave their reason on the bench (as text once asked).
int finish(kb_bench& bench, const char* fn, uint8_t addr7, kb::sim::BusOutcome o) {
  int rc = to_code(o);
  if (rc != KB_OK) set_bus_error(bench, fn, addr7, o);
  return rc;
}

kb::sim::BusOutcome outcome_of(kb::hal::I2cResult r) {
  switch (r) {
    case kb::hal::I2cResult::kOk: return kb::sim::BusOutcome::kAck;
    case kb::hal::I2cResult::kAddressNack: return kb::sim::BusOutcome::kAddressNack;
    case kb::hal::I2cResult::kDataNack: return kb::sim::BusOutcome::kDataNack;
    case kb::hal::I2cResult::kTimeout: return kb::sim::BusOutcome::kTimeout;
    default: return kb::sim::BusOutcome::kBusError;
  }
}

// A transaction on a served bench: the bus result as on a local one; a lost connection or a
// refused request is KB_ERR_REMOTE (guarded records why).
int remote_transfer(kb_bench& bench, const char* fn, uint8_t addr7, std::span<const uint8_t> tx,
                    std::span<uint8_t> rx) {
  return guarded(bench, KB_ERR_REMOTE,
                 [&] { return finish(bench, fn, addr7, outcome_of(bench.remote->transfer(addr7, tx, rx))); });
}

// With the supply off nobody drives the bus: the address phase (START, 9 bit-times, STOP) goes
// unanswered, and it still costs that time so a polling host keeps moving forward.
bool unpowered_nack(kb_bench& bench) {
  if (bench.bench->powered()) return false;
  bench.bench->scheduler().advance_by(11 * bench.bench->bus().bit_time_ns());
  return true;
}

}  // namespace

extern "C" {

int kb_i2c_write(kb_bench* bench, uint8_t addr7, const uint8_t* data, size_t len) {
  if (int rc = check(bench, "kb_i2c_write", addr7, data, len, nullptr, 0); rc != KB_OK) return rc;
  if (bench->remote) return remote_transfer(*bench, "kb_i2c_write", addr7, std::span<const uint8_t>(data, len), {});
  return guarded(*bench, KB_ERR_STATE, [&] {
    if (unpowered_nack(*bench)) return finish(*bench, "kb_i2c_write", addr7, kb::sim::BusOutcome::kAddressNack);
    auto o = bench->bench->bus().write(addr7, std::span<const uint8_t>(data, len));
    return finish(*bench, "kb_i2c_write", addr7, o);
  });
}

int kb_i2c_read(kb_bench* bench, uint8_t addr7, uint8_t* data, size_t len) {
  if (int rc = check(bench, "kb_i2c_read", addr7, nullptr, 0, data, len); rc != KB_OK) return rc;
  if (bench->remote) return remote_transfer(*bench, "kb_i2c_read", addr7, {}, std::span<uint8_t>(data, len));
  return guarded(*bench, KB_ERR_STATE, [&] {
    if (unpowered_nack(*bench)) return finish(*bench, "kb_i2c_read", addr7, kb::sim::BusOutcome::kAddressNack);
    auto o = bench->bench->bus().read(addr7, std::span<uint8_t>(data, len));
    return finish(*bench, "kb_i2c_read", addr7, o);
  });
}

int kb_i2c_write_read(kb_bench* bench, uint8_t addr7, const uint8_t* tx, size_t tx_len, uint8_t* rx, size_t rx_len) {
  if (int rc = check(bench, "kb_i2c_write_read", addr7, tx, tx_len, rx, rx_len); rc != KB_OK) return rc;
  if (bench->remote) {
    return remote_transfer(*bench, "kb_i2c_write_read", addr7, std::span<const uint8_t>(tx, tx_len),
                           std::span<uint8_t>(rx, rx_len));
  }
  return guarded(*bench, KB_ERR_STATE, [&] {
    if (unpowered_nack(*bench)) return finish(*bench, "kb_i2c_write_read", addr7, kb::sim::BusOutcome::kAddressNack);
    auto o =
        bench->bench->bus().write_read(addr7, std::span<const uint8_t>(tx, tx_len), std::span<uint8_t>(rx, rx_len));
    return finish(*bench, "kb_i2c_write_read", addr7, o);
  });
}

int kb_i2c_set_rate_hz(kb_bench* bench, uint32_t rate_hz) {
  if (bench == nullptr) return KB_ERR_ARGUMENT;
  if (rate_hz == 0 || rate_hz > kMaxRateHz) {
    char why[96];
    std::snprintf(why, sizeof why, "kb_i2c_set_rate_hz: %u Hz is outside 1..%u Hz", static_cast<unsigned>(rate_hz),
                  static_cast<unsigned>(kMaxRateHz));
    set_error(*bench, why);
    return KB_ERR_ARGUMENT;
  }
  if (bench->remote) {
    return guarded(*bench, KB_ERR_REMOTE, [&] {
      if (bench->remote->set_rate_hz(rate_hz) != kb::hal::I2cResult::kOk) {
        set_error(*bench, "kb_i2c_set_rate_hz: the served bench's bus cannot run at that rate");
        return KB_ERR_ARGUMENT;
      }
      return KB_OK;
    });
  }
  return guarded(*bench, KB_ERR_STATE, [&] {
    bench->bench->bus().set_rate_hz(rate_hz);
    return KB_OK;
  });
}

}  // extern "C"
