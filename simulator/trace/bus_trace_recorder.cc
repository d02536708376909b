#include "simulator/trace/bus_trace_recorder.h"

#include "simulator/nrf/register_names.h"

namespace kb::sim::trace {

Outcome outcome_of(BusOutcome o) {
  switch (o) {
    case BusOutcome::kAck: return Outcome::kAck;
    case BusOutcome::kAddressNack: return Outcome::kAddressNack;
    case BusOutcome::kDataNack: return Outcome::kDataNack;
    case BusOutcome::kBusError: return Outcome::kBusError;
    case BusOutcome::kTimeout: return Outcome::kTimeout;
    case BusOutcome::kArbitrationLost: return Outcome::kArbitrationLost;
  }
  return Outcome::kBusError;
}

BusTraceRecorder::BusTraceRecorder(Bench& bench, TraceHeader header)
    : bench_(bench), reading_(bench), writer_(std::move(header)) {
  bench_.bus().set_observer([this](const BusTransaction& t) { on_transaction(t); });
  bench_.bus().add_wire_listener(this);
  for (const BenchDevice& d : bench_.devices()) {
    if (auto* chip = dynamic_cast<nrf::Nrf5340*>(d.device.get())) {
      chip->set_access_observer([this](const nrf::RegisterAccess& a) { on_register_access(a); });
      register_buses_.push_back(chip);
    }
  }
}

BusTraceRecorder::~BusTraceRecorder() {
  bench_.bus().set_observer(nullptr);
  bench_.bus().remove_wire_listener(this);
  for (nrf::Nrf5340* chip : register_buses_) chip->set_access_observer(nullptr);
}

void BusTraceRecorder::on_register_access(const nrf::RegisterAccess& a) {
  // No access falls between the halves of a write-read (one host call), so the stream stays in order.
  RegisterRecord r;
  r.index = writer_.records();
  r.start_ns = a.start_ns;
  r.end_ns = a.end_ns;
  r.write = a.write;
  r.address = a.address;
  r.name = nrf::register_name(a.address);
  r.value = a.value;
  r.status = a.unpowered ? RegisterStatus::kUnpowered : a.bus_error ? RegisterStatus::kBusError : RegisterStatus::kOk;
  writer_.add(r);
}

const TraceWriter& BusTraceRecorder::writer() {
  add_pending_write();
  return writer_;
}

void BusTraceRecorder::add(TraceRecord record) {
  record.index = writer_.records();
  writer_.add(record);
}

void BusTraceRecorder::add_pending_write() {
  if (!pending_write_) return;
  pending_write_->decoded = reading_.of_write(pending_write_->address7, pending_write_->tx);
  add(std::move(*pending_write_));
  pending_write_.reset();
}

void BusTraceRecorder::on_transaction(const BusTransaction& t) {
  TraceRecord r;
  r.start_ns = t.start_ns;
  r.end_ns = t.end_ns;
  r.address7 = t.address7;
  r.direction = t.is_read ? Direction::kRead : Direction::kWrite;
  if (t.is_read) {
    r.rx.assign(t.data.begin(), t.data.end());
    // The bus reports no bytes for a read that did not happen, so its length is unknown then.
    r.rx_length = t.data.size();
  } else {
    r.tx.assign(t.data.begin(), t.data.end());
  }
  r.outcome = outcome_of(t.outcome);
  r.rate_hz = bench_.bus().rate_hz();
  seen_ = std::move(r);
}

void BusTraceRecorder::on_wire(const WireTransaction& wire) {
  if (!seen_) return;
  TraceRecord r = std::move(*seen_);
  seen_.reset();
  if (r.direction == Direction::kWrite) {
    add_pending_write();
    if (!wire.stop && r.outcome == Outcome::kAck) {
      // Decoded with its read, once both halves are known.
      pending_write_ = std::move(r);
      return;
    }
    // A write the device did not take whole carries no command it read.
    if (r.outcome == Outcome::kAck) r.decoded = reading_.of_write(r.address7, r.tx);
    add(std::move(r));
    return;
  }
  if (pending_write_ && pending_write_->address7 == r.address7) {
    TraceRecord both = std::move(*pending_write_);
    pending_write_.reset();
    both.direction = Direction::kWriteRead;
    both.end_ns = r.end_ns;
    both.rx = std::move(r.rx);
    both.rx_length = r.rx_length;
    both.outcome = r.outcome;
    both.decoded = reading_.of_write_read(both.address7, both.tx, both.rx);
    add(std::move(both));
    return;
  }
  add_pending_write();
  r.decoded = reading_.of_read(r.address7, r.rx, false);
  add(std::move(r));
}

}  // namespace kb::sim::trace
