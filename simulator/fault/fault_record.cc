#include "simulator/fault/fault_record.h"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "simulator/fixture/hex.h"

namespace kb::sim::fault {

nlohmann::json to_json(const FaultRecord& r) {
  nlohmann::json j = {{"index", r.index},   {"fault", r.fault},   {"time_ns", r.time_ns}, {"trigger", r.trigger},
                      {"action", r.action}, {"device", r.device}, {"where", r.where},     {"detail", r.detail}};
  if (!r.before.empty() || !r.after.empty()) {
    j["before"] = to_hex(r.before);
    j["after"] = to_hex(r.after);
  }
  return j;
}

nlohmann::json to_json(const std::vector<FaultRecord>& records) {
  nlohmann::json list = nlohmann::json::array();
  for (const FaultRecord& r : records) list.push_back(to_json(r));
  return list;
}

std::string describe(const FaultRecord& r) {
  char when[48];
  std::snprintf(when, sizeof when, "%.6f ms", static_cast<double>(r.time_ns) / 1e6);
  std::string line =
      "fault #" + std::to_string(r.index) + " at " + when + ": " + r.trigger + " -> " + r.action + " on " + r.device;
  if (!r.where.empty()) line += " (" + r.where + ")";
  if (!r.detail.empty()) line += ": " + r.detail;
  return line;
}

}  // namespace kb::sim::fault
