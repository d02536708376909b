#include "tools/keybench/recording_register_bus.h"

#include "simulator/nrf/register_names.h"

namespace kb::tools {

RecordingRegisterBus::RecordingRegisterBus(hal::RegisterBus& inner, hal::Clock& clock, const sim::Bench* bench,
                                           sim::trace::TraceWriter& writer, uint64_t origin_ns)
    : inner_(inner),
      clock_(clock),
      bench_(bench),
      chip_(bench != nullptr ? bench->first<sim::nrf::Nrf5340>() : nullptr),
      writer_(writer),
      origin_ns_(origin_ns) {}

uint32_t RecordingRegisterBus::read32(uint32_t address) {
  const uint64_t start_ns = clock_.now_ns();
  const uint64_t errors = chip_errors();
  const uint32_t value = inner_.read32(address);
  add(false, address, value, start_ns, errors);
  return value;
}

void RecordingRegisterBus::write32(uint32_t address, uint32_t value) {
  const uint64_t start_ns = clock_.now_ns();
  const uint64_t errors = chip_errors();
  inner_.write32(address, value);
  add(true, address, value, start_ns, errors);
}

void RecordingRegisterBus::add(bool write, uint32_t address, uint32_t value, uint64_t start_ns,
                               uint64_t errors_before) {
  sim::trace::RegisterRecord r;
  r.index = writer_.records();
  r.start_ns = start_ns - origin_ns_;
  r.end_ns = clock_.now_ns() - origin_ns_;
  r.write = write;
  r.address = address;
  r.value = value;
  if (chip_ != nullptr) {
    r.name = sim::nrf::register_name(address);
    // With the bench's supply off the access never reached the chip; a chip killed by a torn NVMC
    // program stays dead until it is power-cycled.
    if (!bench_->powered() || !chip_->powered()) {
      r.status = sim::trace::RegisterStatus::kUnpowered;
    } else if (chip_->bus_errors() != errors_before) {
      r.status = sim::trace::RegisterStatus::kBusError;
    }
  }
  writer_.add(r);
}

}  // namespace kb::tools
