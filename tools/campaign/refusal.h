#pragma once
#include <string>

namespace kb::tools::campaign {

// A state the chip cannot leave without help from outside the flow (an ERASEALL, a new chip): the
// campaign accepts a re-run that stops there only when it can name the state and say why.
struct Refusal {
  std::string name;         // stable identifier, e.g. "nrf-huk-half-written"
  std::string explanation;  // one sentence for the report
  bool operator==(const Refusal&) const = default;
};

}  // namespace kb::tools::campaign
