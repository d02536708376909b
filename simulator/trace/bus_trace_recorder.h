#pragma once
// Records every transaction of a bench's bus as trace records, in virtual time, with the models'
// reading of the bytes (model_reading.h). The bus's observer gives each transaction's outcome and
// times; its wire view, which follows at once, says whether a STOP ended it, so the write half of
// a write-read and its read become one record. Every register access of firmware to the bench's
// nRF5340s goes into the same stream as a register record, named by the model. Detaches itself
// when destroyed.
#include <optional>
#include <string>
#include <vector>

#include "simulator/bench/bench.h"
#include "simulator/nrf/nrf5340.h"
#include "simulator/trace/model_reading.h"
#include "simulator/trace/transaction_trace.h"

namespace kb::sim::trace {

class BusTraceRecorder final : private I2cWireListener {
 public:
  BusTraceRecorder(Bench& bench, TraceHeader header);
  ~BusTraceRecorder() override;
  BusTraceRecorder(const BusTraceRecorder&) = delete;
  BusTraceRecorder& operator=(const BusTraceRecorder&) = delete;

  // Every transaction so far; a write still waiting for its repeated START's read goes in as a write.
  const TraceWriter& writer();
  void save(const std::string& path) { writer().save(path); }

 private:
  void on_transaction(const BusTransaction& t);
  void on_wire(const WireTransaction& t) override;
  void add(TraceRecord record);
  void add_pending_write();
  void on_register_access(const nrf::RegisterAccess& a);

  Bench& bench_;
  ModelReading reading_;
  TraceWriter writer_;
  std::optional<TraceRecord> seen_;           // from the observer, until its wire view says how it ended
  std::optional<TraceRecord> pending_write_;  // a write ended by a repeated START
  std::vector<nrf::Nrf5340*> register_buses_;
};

// The trace's outcome for a bus outcome.
Outcome outcome_of(BusOutcome o);

}  // namespace kb::sim::trace
