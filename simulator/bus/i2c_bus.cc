#include "simulator/bus/i2c_bus.h"

#include <algorithm>
#include <stdexcept>

namespace kb::sim {

namespace {
// START and STOP are each charged one bit-time; the bus-free time between transactions is folded
// into the STOP. Approximation noted in docs/fidelity.md.
constexpr uint64_t kStartBits = 1;
constexpr uint64_t kStopBits = 1;
constexpr uint64_t kBitsPerByte = 9;
}  // namespace

const char* bus_outcome_name(BusOutcome o) {
  switch (o) {
    case BusOutcome::kAck: return "ack";
    case BusOutcome::kAddressNack: return "address NACK";
    case BusOutcome::kDataNack: return "data NACK";
    case BusOutcome::kBusError: return "bus error";
    case BusOutcome::kTimeout: return "timeout";
    case BusOutcome::kArbitrationLost: return "arbitration lost";
  }
  return "unknown";
}

I2cBus::I2cBus(Scheduler& scheduler, uint32_t rate_hz) : scheduler_(scheduler) {
  set_rate_hz(rate_hz);
}

I2cBus::~I2cBus() = default;

void I2cBus::set_bit_level(std::unique_ptr<I2cBitLevel> bit_level) {
  if (bit_level) {
    bit_level->set_rate_hz(rate_hz_);
    bit_level->set_stretch_timeout_ns(stretch_timeout_ns_);
    for (uint8_t a = 0; a < 128; ++a) {
      if (targets_[a] != nullptr) bit_level->attach(a, targets_[a]);
    }
  }
  bit_level_ = std::move(bit_level);
}

void I2cBus::set_stretch_timeout_ns(Nanoseconds ns) {
  stretch_timeout_ns_ = ns;
  if (bit_level_) bit_level_->set_stretch_timeout_ns(ns);
}

void I2cBus::set_rate_hz(uint32_t rate_hz) {
  if (rate_hz == 0 || rate_hz > 3400000) throw std::invalid_argument("I2C bus rate must be 1..3400000 Hz");
  if (bit_level_) bit_level_->set_rate_hz(rate_hz);  // throws for a rate it has no timing for
  rate_hz_ = rate_hz;
  bit_ns_ = (1000000000ull + rate_hz / 2) / rate_hz;
}

void I2cBus::add_wire_listener(I2cWireListener* listener) {
  if (std::find(wire_listeners_.begin(), wire_listeners_.end(), listener) == wire_listeners_.end()) {
    wire_listeners_.push_back(listener);
  }
}

void I2cBus::remove_wire_listener(I2cWireListener* listener) {
  wire_listeners_.erase(std::remove(wire_listeners_.begin(), wire_listeners_.end(), listener), wire_listeners_.end());
}

std::vector<SdaLowRun> sda_low_runs(const WireTransaction& t) {
  // Levels in half bit-times from the START: [high, low] for the START, two halves per bit, and
  // [low, high] for a STOP. Without a STOP the line is released after the last acknowledge.
  std::vector<bool> low;
  low.push_back(false);
  low.push_back(true);
  auto bit = [&low](bool is_low) {
    low.push_back(is_low);
    low.push_back(is_low);
  };
  auto byte = [&bit](uint8_t b, bool acked) {
    for (int i = 7; i >= 0; --i) bit(((b >> i) & 1u) == 0);
    bit(acked);
  };
  byte(t.address_byte, t.address_acked);
  for (size_t i = 0; i < t.data.size(); ++i) byte(t.data[i], i < t.acked);
  if (t.stop) {
    low.push_back(true);
    low.push_back(false);
  } else {
    low.push_back(false);
  }
  const Nanoseconds half = t.bit_ns / 2;
  std::vector<SdaLowRun> runs;
  for (size_t i = 0; i < low.size();) {
    if (!low[i]) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < low.size() && low[j]) ++j;
    runs.push_back({t.start_ns + i * half, t.start_ns + j * half});
    i = j;
  }
  return runs;
}

void I2cBus::attach(uint8_t address7, I2cTarget* target) {
  if (address7 > 0x7F) throw std::invalid_argument("I2C address must be 7-bit");
  if (targets_[address7] != nullptr) throw std::invalid_argument("I2C address already taken");
  targets_[address7] = target;
  if (bit_level_) bit_level_->attach(address7, target);
}

void I2cBus::detach(uint8_t address7) {
  if (address7 <= 0x7F) targets_[address7] = nullptr;
  if (address7 <= 0x7F && bit_level_) bit_level_->detach(address7);
}

void I2cBus::finish(Nanoseconds start, uint8_t address7, bool is_read, std::span<const uint8_t> data, BusOutcome o,
                    std::span<const uint8_t> clocked, size_t acked, bool stop) {
  if (observer_) observer_(BusTransaction{transactions_, start, scheduler_.now(), address7, is_read, data, o});
  ++transactions_;
  if (wire_listeners_.empty()) return;
  const WireTransaction wire{
      start, bit_ns_, static_cast<uint8_t>(address7 << 1 | (is_read ? 1 : 0)), o != BusOutcome::kAddressNack, clocked,
      acked, stop};
  // A listener may be removed while it runs (a device powered off by its own callback): iterate a copy.
  const std::vector<I2cWireListener*> listeners = wire_listeners_;
  for (I2cWireListener* l : listeners) l->on_wire(wire);
}

std::optional<BusOutcome> I2cBus::address_phase(uint8_t address7, bool is_read, size_t length, I2cTarget* target) {
  AddressPhaseFault fault;
  if (interceptor_ != nullptr) fault = interceptor_->on_address({transactions_, address7, is_read, length});
  // Asked after the interceptor, which may just have reset the device.
  const bool acked = target != nullptr && !fault.nack && (is_read ? target->accept_read() : target->accept_write());
  if (!acked) return BusOutcome::kAddressNack;
  if (fault.stretch_ns == 0) return std::nullopt;
  if (fault.stretch_ns > stretch_timeout_ns_) {
    scheduler_.advance_by(stretch_timeout_ns_);
    return BusOutcome::kTimeout;
  }
  scheduler_.advance_by(fault.stretch_ns);
  return std::nullopt;
}

BusOutcome I2cBus::do_write(uint8_t address7, std::span<const uint8_t> data, Nanoseconds start, bool stop) {
  I2cTarget* t = target_at(address7);
  bits(kBitsPerByte);  // address byte + its acknowledge bit
  if (std::optional<BusOutcome> ended = address_phase(address7, false, data.size(), t)) {
    bits(kStopBits);
    finish(start, address7, false, {}, *ended, {}, 0, true);
    return *ended;
  }
  bits(kBitsPerByte * data.size());
  std::vector<uint8_t> changed;  // a copy only when fault injection is on
  if (interceptor_ != nullptr) {
    changed.assign(data.begin(), data.end());
    const size_t acked = interceptor_->on_write_data({transactions_, address7, false, data.size()}, changed);
    if (acked < changed.size()) {
      bits(kStopBits);
      const std::span<const uint8_t> sent(changed);
      finish(start, address7, false, sent.first(acked), BusOutcome::kDataNack, sent.first(acked + 1), acked, true);
      return BusOutcome::kDataNack;
    }
    data = changed;
  }
  size_t taken = t->on_write(data);
  if (taken < data.size()) {
    // The bytes after the NACKed one were never clocked out; give that time back is not possible
    // in a forward-only clock, so the approximation charges the full length (docs/fidelity.md).
    bits(kStopBits);
    finish(start, address7, false, data.first(taken), BusOutcome::kDataNack, data.first(taken + 1), taken, true);
    return BusOutcome::kDataNack;
  }
  if (stop) bits(kStopBits);
  finish(start, address7, false, data, BusOutcome::kAck, data, data.size(), stop);
  return BusOutcome::kAck;
}

BusOutcome I2cBus::do_read(uint8_t address7, std::span<uint8_t> out, Nanoseconds start) {
  I2cTarget* t = target_at(address7);
  bits(kBitsPerByte);
  if (std::optional<BusOutcome> ended = address_phase(address7, true, out.size(), t)) {
    bits(kStopBits);
    finish(start, address7, true, {}, *ended, {}, 0, true);
    return *ended;
  }
  t->on_read(out);
  bits(kBitsPerByte * out.size() + kStopBits);
  if (interceptor_ != nullptr && interceptor_->on_read_data({transactions_, address7, true, out.size()}, out)) {
    finish(start, address7, true, {}, BusOutcome::kDataNack, out, out.empty() ? 0 : out.size() - 1, true);
    return BusOutcome::kDataNack;
  }
  // The initiator acknowledges every byte but the last.
  finish(start, address7, true, out, BusOutcome::kAck, out, out.empty() ? 0 : out.size() - 1, true);
  return BusOutcome::kAck;
}

BusOutcome I2cBus::bit_write(uint8_t address7, std::span<const uint8_t> data, Nanoseconds start, bool repeated,
                             bool stop) {
  BitLevelHooks hooks;
  hooks.address_fault = [&] {
    if (interceptor_ == nullptr) return AddressPhaseFault{};
    return interceptor_->on_address({transactions_, address7, false, data.size()});
  };
  hooks.write_data_fault = [&](std::vector<uint8_t>& bytes) {
    if (interceptor_ == nullptr) return bytes.size();
    return interceptor_->on_write_data({transactions_, address7, false, data.size()}, bytes);
  };
  const BitLevelResult r = bit_level_->write(address7, data, repeated, stop, hooks);
  const bool address_acked = r.outcome != BusOutcome::kAddressNack && r.outcome != BusOutcome::kTimeout;
  const std::span<const uint8_t> clocked(r.clocked);
  finish(start, address7, false, address_acked ? clocked.first(r.acked) : clocked.first(0), r.outcome, clocked, r.acked,
         stop || r.outcome != BusOutcome::kAck);
  return r.outcome;
}

BusOutcome I2cBus::bit_read(uint8_t address7, std::span<uint8_t> out, Nanoseconds start, bool repeated) {
  BitLevelHooks hooks;
  hooks.address_fault = [&] {
    if (interceptor_ == nullptr) return AddressPhaseFault{};
    return interceptor_->on_address({transactions_, address7, true, out.size()});
  };
  BitLevelResult r = bit_level_->read(address7, out, repeated, hooks);
  if (r.outcome != BusOutcome::kAck) {
    finish(start, address7, true, {}, r.outcome, {}, 0, true);
    return r.outcome;
  }
  if (interceptor_ != nullptr && interceptor_->on_read_data({transactions_, address7, true, out.size()}, out)) {
    finish(start, address7, true, {}, BusOutcome::kDataNack, out, out.empty() ? 0 : out.size() - 1, true);
    return BusOutcome::kDataNack;
  }
  finish(start, address7, true, out, BusOutcome::kAck, out, out.empty() ? 0 : out.size() - 1, true);
  return BusOutcome::kAck;
}

BusOutcome I2cBus::write(uint8_t address7, std::span<const uint8_t> data) {
  Nanoseconds start = scheduler_.now();
  if (bit_level_) return bit_write(address7, data, start, false, true);
  bits(kStartBits);
  return do_write(address7, data, start, true);
}

BusOutcome I2cBus::read(uint8_t address7, std::span<uint8_t> out) {
  Nanoseconds start = scheduler_.now();
  if (bit_level_) return bit_read(address7, out, start, false);
  bits(kStartBits);
  return do_read(address7, out, start);
}

BusOutcome I2cBus::write_read(uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx) {
  Nanoseconds start = scheduler_.now();
  if (bit_level_) {
    const BusOutcome o = bit_write(address7, tx, start, false, false);
    if (o != BusOutcome::kAck) return o;
    return bit_read(address7, rx, scheduler_.now(), true);
  }
  bits(kStartBits);
  BusOutcome o = do_write(address7, tx, start, false);
  if (o != BusOutcome::kAck) return o;
  start = scheduler_.now();
  bits(kStartBits);  // repeated START
  return do_read(address7, rx, start);
}

}  // namespace kb::sim
