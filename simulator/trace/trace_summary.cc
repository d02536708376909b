#include "simulator/trace/trace_summary.h"

#include <array>
#include <cstdio>
#include <optional>

namespace kb::sim::trace {

namespace {

struct Open {
  size_t timing = 0;  // index into the result
  uint64_t write_start_ns = 0;
  uint64_t write_end_ns = 0;
};

// A trace read from a file may step backwards; such a wait counts as none.
uint64_t since(uint64_t later, uint64_t earlier) {
  return later > earlier ? later - earlier : 0;
}

}  // namespace

std::string command_of(const TraceRecord& r) {
  if (r.tx.empty() || r.outcome != Outcome::kAck || r.direction == Direction::kRead) return {};
  if (r.decoded.is_object()) {
    auto it = r.decoded.find("command");
    if (it != r.decoded.end() && it->is_string()) return it->get<std::string>();
  }
  std::string name = "frame";
  for (size_t i = 0; i < r.tx.size() && i < 2; ++i) {
    char buf[4];
    std::snprintf(buf, sizeof buf, " %02x", r.tx[i]);
    name += buf;
  }
  return name;
}

std::vector<CommandTiming> command_timings(const Trace& trace) {
  std::vector<CommandTiming> out;
  std::array<std::optional<Open>, 128> open{};
  auto timing_for = [&out](const std::string& name) {
    for (size_t i = 0; i < out.size(); ++i) {
      if (out[i].command == name) return i;
    }
    out.push_back(CommandTiming{name});
    return out.size() - 1;
  };
  for (const TraceRecord& r : trace.records) {
    std::optional<Open>& waiting = open[r.address7 & 0x7F];
    const std::string name = command_of(r);
    if (!name.empty()) {
      CommandTiming& t = out[timing_for(name)];
      ++t.count;
      waiting.reset();
      if (r.decoded.is_object() && r.decoded.value("awaits_response", true) == false) {
        // The model says no answer follows (an ATECC608A sleep or idle): nothing to wait for.
      } else if (r.direction == Direction::kWriteRead) {
        // Its answer is in the same transaction: no wait the host could see.
        ++t.answered;
        t.round_trip_ns += since(r.end_ns, r.start_ns);
      } else {
        waiting = Open{timing_for(name), r.start_ns, r.end_ns};
      }
      continue;
    }
    if (r.direction != Direction::kRead || !waiting) continue;
    CommandTiming& t = out[waiting->timing];
    if (r.outcome == Outcome::kAddressNack) {
      ++t.polls;
    } else if (r.outcome == Outcome::kAck) {
      ++t.answered;
      t.busy_ns += since(r.start_ns, waiting->write_end_ns);
      t.round_trip_ns += since(r.end_ns, waiting->write_start_ns);
      waiting.reset();
    }
  }
  return out;
}

nlohmann::json timings_json(const std::vector<CommandTiming>& timings) {
  nlohmann::json out = nlohmann::json::array();
  for (const CommandTiming& t : timings) {
    out.push_back({{"command", t.command},
                   {"count", t.count},
                   {"answered", t.answered},
                   {"polls", t.polls},
                   {"busy_ns", t.busy_ns},
                   {"mean_busy_ns", t.mean_busy_ns()},
                   {"round_trip_ns", t.round_trip_ns},
                   {"mean_round_trip_ns", t.mean_round_trip_ns()}});
  }
  return out;
}

}  // namespace kb::sim::trace
