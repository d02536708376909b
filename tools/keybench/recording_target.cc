#include "tools/keybench/recording_target.h"

namespace kb::tools {

sim::trace::Outcome outcome_of(hal::I2cResult r) {
  using sim::trace::Outcome;
  switch (r) {
    case hal::I2cResult::kOk: return Outcome::kAck;
    case hal::I2cResult::kAddressNack: return Outcome::kAddressNack;
    case hal::I2cResult::kDataNack: return Outcome::kDataNack;
    case hal::I2cResult::kBusError: return Outcome::kBusError;
    case hal::I2cResult::kTimeout: return Outcome::kTimeout;
    case hal::I2cResult::kUnsupported: return Outcome::kUnsupported;
    case hal::I2cResult::kArbitrationLost: return Outcome::kArbitrationLost;
  }
  return Outcome::kBusError;
}

RecordingI2c::RecordingI2c(hal::I2cInitiator& inner, hal::Clock& clock, const sim::Bench* bench,
                           sim::trace::TraceWriter& writer, uint64_t origin_ns)
    : inner_(inner), clock_(clock), writer_(writer), origin_ns_(origin_ns) {
  if (bench != nullptr) reading_.emplace(*bench);
}

hal::I2cResult RecordingI2c::do_set_rate_hz(uint32_t hz) {
  const hal::I2cResult r = inner_.set_rate_hz(hz);
  if (r == hal::I2cResult::kOk) rate_hz_ = hz;
  return r;
}

hal::I2cResult RecordingI2c::do_transfer(uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx) {
  sim::trace::TraceRecord r;
  r.index = writer_.records();
  r.start_ns = clock_.now_ns() - origin_ns_;
  const hal::I2cResult result = inner_.write_read(address7, tx, rx);
  r.end_ns = clock_.now_ns() - origin_ns_;
  r.address7 = address7;
  r.direction = rx.empty()   ? sim::trace::Direction::kWrite
                : tx.empty() ? sim::trace::Direction::kRead
                             : sim::trace::Direction::kWriteRead;
  r.tx.assign(tx.begin(), tx.end());
  r.rx_length = rx.size();
  // Bytes a failed transfer left in the buffer were never read from the device.
  if (result == hal::I2cResult::kOk) r.rx.assign(rx.begin(), rx.end());
  r.outcome = outcome_of(result);
  r.rate_hz = rate_hz_;
  if (reading_) {
    const bool ok = result == hal::I2cResult::kOk;
    switch (r.direction) {
      case sim::trace::Direction::kWrite:
        if (ok) r.decoded = reading_->of_write(address7, tx);
        break;
      // A NACKed poll is still labelled with the command it waits for.
      case sim::trace::Direction::kRead: r.decoded = reading_->of_read(address7, r.rx, false); break;
      case sim::trace::Direction::kWriteRead:
        if (ok) r.decoded = reading_->of_write_read(address7, tx, rx);
        break;
    }
  }
  writer_.add(r);
  return result;
}

sim::trace::TraceHeader host_trace_header(bool virtual_clock, std::string target_text, std::string flow,
                                          std::string bus) {
  sim::trace::TraceHeader h;
  h.clock = virtual_clock ? "virtual" : "host";
  h.source = "host";
  h.target = std::move(target_text);
  h.flow = std::move(flow);
  h.bus = std::move(bus);
  return h;
}

RecordingTarget::RecordingTarget(hal::host::HostTarget& inner, sim::trace::TraceHeader header)
    : inner_(inner),
      writer_(header),
      origin_ns_(header.clock == "virtual" ? 0 : inner.platform().clock.now_ns()),
      i2c_(inner.platform().i2c, inner.platform().clock, inner.bench(), writer_, origin_ns_),
      registers_(inner.platform().registers != nullptr
                     ? std::optional<RecordingRegisterBus>(std::in_place, *inner.platform().registers,
                                                           inner.platform().clock, inner.bench(), writer_, origin_ns_)
                     : std::nullopt),
      platform_{i2c_,
                inner.platform().clock,
                inner.platform().power,
                inner.platform().crypto,
                inner.platform().console,
                registers_ ? &*registers_ : nullptr} {}

}  // namespace kb::tools
