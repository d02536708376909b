#pragma once
// What a trace says about each command: how often it ran, how long the device kept the host
// waiting (busy: end of the command write to the start of the read that got the answer, with the
// NACKed polls in between) and the whole round trip (start of the write to the end of that read).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "simulator/trace/transaction_trace.h"

namespace kb::sim::trace {

struct CommandTiming {
  std::string command;
  uint64_t count = 0;  // acknowledged command writes
  // Of them, answered by a read before the next command to that address (never one the model says
  // awaits no response: "awaits_response": false in its reading).
  uint64_t answered = 0;
  uint64_t polls = 0;    // reads NACKed while waiting
  uint64_t busy_ns = 0;  // totals over the answered ones
  uint64_t round_trip_ns = 0;

  uint64_t mean_busy_ns() const { return answered == 0 ? 0 : busy_ns / answered; }
  uint64_t mean_round_trip_ns() const { return answered == 0 ? 0 : round_trip_ns / answered; }
};

// The command a record starts: the model's name for it when the trace has one, else "frame" and
// the first bytes ("frame 03 07", the host's view on hardware). Empty for a record that starts
// none (a read, a write that was not acknowledged, an empty write).
std::string command_of(const TraceRecord& record);

// In order of first appearance.
std::vector<CommandTiming> command_timings(const Trace& trace);
nlohmann::json timings_json(const std::vector<CommandTiming>& timings);

}  // namespace kb::sim::trace
