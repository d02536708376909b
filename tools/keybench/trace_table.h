#pragma once
// The readable form of a trace (keybench trace show): one row per transaction, then the timing of
// each command.
#include <string>

#include "simulator/trace/transaction_trace.h"

namespace kb::tools {

std::string trace_table(const sim::trace::Trace& trace);

}  // namespace kb::tools
