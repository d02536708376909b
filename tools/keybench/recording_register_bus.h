#pragma once
// The host's register-bus accesses (KMU, UICR, NVMC) as register records of a recording (keybench run
// --record, and --trace where no bench of this process carries the chip): each read and write with
// its address and word, between the host clock's time of the call and of its return. Where the chip
// is simulated in this process, the model names the register and says what became of the access,
// as it reads the bytes of I2C transfers; on a board or over remote: the record carries neither.
#include <cstdint>

#include "hal/clock.h"
#include "hal/register_bus.h"
#include "simulator/bench/bench.h"
#include "simulator/nrf/nrf5340.h"
#include "simulator/trace/transaction_trace.h"

namespace kb::tools {

class RecordingRegisterBus final : public hal::RegisterBus {
 public:
  // bench: the simulated bench the accesses reach in this process, or null. origin_ns: the host
  // clock's time the recording counts from (0 for a bench's virtual time).
  RecordingRegisterBus(hal::RegisterBus& inner, hal::Clock& clock, const sim::Bench* bench,
                       sim::trace::TraceWriter& writer, uint64_t origin_ns);

  uint32_t read32(uint32_t address) override;
  void write32(uint32_t address, uint32_t value) override;

 private:
  // The record of one access that started at start_ns; the chip's error count before it.
  void add(bool write, uint32_t address, uint32_t value, uint64_t start_ns, uint64_t errors_before);
  uint64_t chip_errors() const { return chip_ != nullptr ? chip_->bus_errors() : 0; }

  hal::RegisterBus& inner_;
  hal::Clock& clock_;
  const sim::Bench* bench_;
  const sim::nrf::Nrf5340* chip_ = nullptr;  // the model behind inner_ on a bench, else null
  sim::trace::TraceWriter& writer_;
  uint64_t origin_ns_;
};

}  // namespace kb::tools
