#pragma once
// A target whose I2C transfers and register accesses are recorded as the host sees them (keybench
// run --record, and --trace on hardware), in one stream in the order they were made: host-clock
// timestamps (virtual time on a simulated bench), every transfer with what it returned, every
// register read and write with its word, and, where a bench is simulated, the models' reading of
// the bytes and their names of the registers.
#include <memory>
#include <optional>

#include "hal/host/target.h"
#include "simulator/trace/model_reading.h"
#include "simulator/trace/transaction_trace.h"
#include "tools/keybench/recording_register_bus.h"

namespace kb::tools {

class RecordingI2c final : public hal::I2cInitiator {
 public:
  // bench: the simulated bench the transfers reach in this process, or null. origin_ns: the host
  // clock's time the recording counts from (0 for a bench's virtual time, kept as it is).
  RecordingI2c(hal::I2cInitiator& inner, hal::Clock& clock, const sim::Bench* bench, sim::trace::TraceWriter& writer,
               uint64_t origin_ns);

 private:
  hal::I2cResult do_transfer(uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx) override;
  // No transaction: the rate goes with every later record instead.
  hal::I2cResult do_set_rate_hz(uint32_t hz) override;

  hal::I2cInitiator& inner_;
  hal::Clock& clock_;
  std::optional<sim::trace::ModelReading> reading_;
  sim::trace::TraceWriter& writer_;
  uint32_t rate_hz_ = 0;  // the last rate set, 0 before any
  uint64_t origin_ns_;
};

class RecordingTarget final : public hal::host::HostTarget {
 public:
  RecordingTarget(hal::host::HostTarget& inner, sim::trace::TraceHeader header);

  hal::Platform& platform() override { return platform_; }
  kb::sim::Bench* bench() override { return inner_.bench(); }
  std::optional<std::vector<uint8_t>> served_bench_ca() override { return inner_.served_bench_ca(); }
  uint8_t device_address(std::string_view kind, uint8_t fallback) const override {
    return inner_.device_address(kind, fallback);
  }
  const sim::trace::TraceWriter& writer() const { return writer_; }

 private:
  hal::host::HostTarget& inner_;
  sim::trace::TraceWriter writer_;
  // Host clock: both kinds of record count from the start of the recording.
  uint64_t origin_ns_;
  RecordingI2c i2c_;
  std::optional<RecordingRegisterBus> registers_;  // where the platform has a register bus
  hal::Platform platform_;
};

// The header of a host-side recording. virtual_clock: the platform's clock is a bench's virtual time
// (a bench in this process, or one served over remote:). bus: the bench's bus level, "" without one.
sim::trace::TraceHeader host_trace_header(bool virtual_clock, std::string target_text, std::string flow,
                                          std::string bus);

// The trace's outcome for what a host transfer returned.
sim::trace::Outcome outcome_of(hal::I2cResult r);

}  // namespace kb::tools
