// Fuzz target: the fault-plan loader (simulator/fault/fault_plan.h) on arbitrary text.
// Expected failures: JSON syntax errors and FixtureError naming file, JSON path and problem; any
// other exception escapes and counts as a finding.
// Oracle: a plan that loads keeps the promises of its types (an extended code only under the
// 0x1F prefix, occurrences counted from 1, probabilities in [0, 1]) and every trigger describes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "simulator/fault/fault_plan.h"
#include "simulator/fixture/json_view.h"

namespace {

namespace fault = kb::sim::fault;

void check(const fault::FaultPlan& plan) {
  for (const fault::Fault& f : plan.faults) {
    const fault::Trigger& t = f.when;
    if (t.kind == fault::Trigger::Kind::kCommand) {
      if (t.ext_code.has_value() != (t.code == 0x1F) || t.occurrence == 0) std::abort();
    }
    if (t.kind == fault::Trigger::Kind::kProbability && !(t.probability >= 0.0 && t.probability <= 1.0)) std::abort();
    if (fault::describe_trigger(t).empty() || fault::action_kind_name(f.what.kind).empty()) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) return 0;
  try {
    check(fault::parse_fault_plan(json, "<fuzz plan>"));
  } catch (const kb::sim::FixtureError&) {
    // Refused, with the place named: what the loader is for.
  }
  return 0;
}
