// Uses the installed C++ headers with their repo-relative include paths.
#include <cstdio>

#include "core/status.h"
#include "hal/sim/sim_backend.h"
#include "simulator/bench/bench.h"

int main() {
  auto bench = kb::sim::Bench::make_default();
  kb::hal::sim::SimClock clock(*bench);
  clock.sleep_ns(1000);
  kb::core::Status status = kb::core::Code::kBusAddressNack;
  if (bench->devices().size() != 1 || clock.now_ns() != 1000 || status.ok()) {
    std::fprintf(stderr, "unexpected bench state\n");
    return 1;
  }
  std::printf("%s, bench at %u Hz\n", kb::core::code_name(status.code()), bench->bus().rate_hz());
  return 0;
}
