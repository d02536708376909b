#pragma once
// One injected fault, as the run's trace records it.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "simulator/time/scheduler.h"

namespace kb::sim::fault {

struct FaultRecord {
  uint64_t index = 0;                  // 0-based order of injection in the run
  size_t fault = 0;                    // which entry of the plan's "faults"
  Nanoseconds time_ns = 0;             // virtual time of the injection
  std::string trigger;                 // what fired it: "bus transaction 12", "NVM write 3 on stsafe", ...
  std::string action;                  // the plan's action name
  std::string device;                  // the device it hit, or "bus" / "bench"
  std::string where;                   // that device's activity() at the moment, when it has one
  std::string detail;                  // what changed, in words
  std::vector<uint8_t> before, after;  // the bytes, when the action changed bytes
};

// {"index", "fault", "time_ns", "trigger", "action", "device", "where", "detail"[, "before", "after"]}
nlohmann::json to_json(const FaultRecord& r);
nlohmann::json to_json(const std::vector<FaultRecord>& records);
// "fault #0 at 12.345678 ms: bus transaction 12 -> flip_bits on stsafe (Query (0x14)): read byte 3 0x90 -> 0x10"
std::string describe(const FaultRecord& r);

}  // namespace kb::sim::fault
