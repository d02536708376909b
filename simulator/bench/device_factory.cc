#include "simulator/bench/bench.h"
#include "simulator/stsafe_a120/stsafe.h"

namespace kb::sim {

std::unique_ptr<Device> make_device(const JsonView& type, Scheduler& scheduler) {
  switch (type.as_choice({"stsafe-a120"})) {
    case 0: return std::make_unique<stsafe_a120::Stsafe>(scheduler);
  }
  type.fail("unknown device type");
}

}  // namespace kb::sim
