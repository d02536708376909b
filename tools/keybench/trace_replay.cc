#include "tools/keybench/trace_replay.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <vector>

#include "simulator/bench/bench.h"
#include "tools/keybench/recording_target.h"

namespace kb::tools {

namespace {

using sim::trace::Direction;
using sim::trace::Outcome;
using sim::trace::TraceRecord;

// How far past the recorded polls the model is polled before the step is given up: a model that
// never answers is a divergence, not a hang.
constexpr uint64_t kExtraPolls = 10000;
// Spacing of extra polls when the recording has only one attempt to take it from.
constexpr uint64_t kDefaultPollSpacingNs = 1000000;

std::string hex_byte(uint8_t b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", b);
  return buf;
}

std::string label(const TraceRecord& r) {
  if (r.decoded.is_object()) {
    if (auto it = r.decoded.find("command"); it != r.decoded.end() && it->is_string()) {
      return it->get<std::string>();
    }
    if (auto it = r.decoded.find("answers"); it != r.decoded.end() && it->is_string()) {
      return "response read of " + it->get<std::string>();
    }
  }
  return std::string(sim::trace::direction_name(r.direction)) + " at " + hex_byte(r.address7);
}

bool same_transfer(const TraceRecord& a, const TraceRecord& b) {
  return a.address7 == b.address7 && a.direction == b.direction && a.tx == b.tx;
}

// [first, last]: a run of the same transfer NACKed at the address, then its last attempt.
struct Step {
  size_t first;
  size_t last;
};

std::vector<Step> steps_of(const std::vector<TraceRecord>& records) {
  std::vector<Step> steps;
  size_t i = 0;
  while (i < records.size()) {
    size_t j = i;
    while (records[j].outcome == Outcome::kAddressNack && j + 1 < records.size() &&
           same_transfer(records[j], records[j + 1])) {
      ++j;
    }
    steps.push_back({i, j});
    i = j + 1;
  }
  return steps;
}

uint64_t poll_difference(const Divergence& d) {
  return d.polls_model > d.polls_recorded ? d.polls_model - d.polls_recorded : d.polls_recorded - d.polls_model;
}

}  // namespace

std::string describe(const Divergence& d) {
  std::string out = "transaction " + std::to_string(d.index) + " (" + d.where + "): ";
  switch (d.kind) {
    case Divergence::Kind::kOutcome: return out + "expected " + d.expected + ", got " + d.got;
    case Divergence::Kind::kBytes:
      return out + "byte " + std::to_string(d.offset) + ": expected " + d.expected + ", got " + d.got;
    case Divergence::Kind::kTiming: {
      out += "timing class: polls until answer: " + std::to_string(d.polls_recorded) + " recorded vs " +
             std::to_string(d.polls_model) + " on the model";
      if (d.poll_tolerance == 0) return out;
      const uint64_t off = poll_difference(d);
      return out + (off <= d.poll_tolerance ? " (within" : " (beyond") + " the poll tolerance of " +
             std::to_string(d.poll_tolerance) + ")";
    }
  }
  return out;
}

namespace {

nlohmann::json divergence_json(const Divergence& d) {
  static constexpr const char* kKinds[] = {"outcome", "bytes", "timing"};
  nlohmann::json dj = {
      {"kind", kKinds[static_cast<size_t>(d.kind)]}, {"index", d.index}, {"where", d.where}, {"message", describe(d)}};
  if (d.kind == Divergence::Kind::kTiming) {
    dj["polls_recorded"] = d.polls_recorded;
    dj["polls_model"] = d.polls_model;
  } else {
    dj["expected"] = d.expected;
    dj["got"] = d.got;
    if (d.kind == Divergence::Kind::kBytes) dj["offset"] = d.offset;
  }
  return dj;
}

}  // namespace

const char* result_name(const ReplayResult& r) {
  if (r.divergence) return "diverged";
  return r.poll_notes.empty() ? "same" : "within tolerance";
}

nlohmann::json to_json(const ReplayResult& r) {
  nlohmann::json j = {
      {"result", result_name(r)},           {"transactions", r.transactions},       {"steps", r.steps}, {"bus", r.bus},
      {"poll_tolerance", r.poll_tolerance}, {"poll_notes", nlohmann::json::array()}};
  for (const Divergence& n : r.poll_notes) j["poll_notes"].push_back(divergence_json(n));
  if (r.divergence) {
    j["divergence"] = divergence_json(*r.divergence);
  } else {
    j["recorded_ns"] = r.recorded_ns;
    j["replayed_ns"] = r.replayed_ns;
  }
  return j;
}

ReplayResult replay_trace(const sim::trace::Trace& trace, hal::host::HostTarget& target, uint64_t poll_tolerance) {
  if (target.bench() == nullptr) throw std::runtime_error("replay plays against a simulated bench: use --target sim");
  if (poll_tolerance > kMaxPollTolerance) {
    throw std::invalid_argument("poll tolerance " + std::to_string(poll_tolerance) + " above " +
                                std::to_string(kMaxPollTolerance));
  }
  hal::Platform& p = target.platform();
  ReplayResult result;
  result.bus = sim::bus_level_name(target.bench()->bus_level());
  result.poll_tolerance = poll_tolerance;
  const std::vector<TraceRecord>& records = trace.records;
  if (records.empty()) return result;
  const uint64_t origin = p.clock.now_ns();
  const uint64_t first_ns = records.front().start_ns;
  // Moved by every wait the model answered after another number of polls (within the tolerance),
  // so that what follows keeps its recorded spacing from the model's answer.
  int64_t shift_ns = 0;
  auto at = [&](uint64_t recorded_ns) {
    const int64_t t = static_cast<int64_t>(origin + (recorded_ns > first_ns ? recorded_ns - first_ns : 0)) + shift_ns;
    return t > 0 ? static_cast<uint64_t>(t) : 0;
  };
  auto wait_until = [&](uint64_t when) {
    const uint64_t now = p.clock.now_ns();
    if (when > now) p.clock.sleep_ns(when - now);
  };

  uint32_t rate_hz = 0;  // as the bench was built until a record asks for another
  for (const Step& step : steps_of(records)) {
    ++result.steps;
    const TraceRecord& last = records[step.last];
    const uint64_t polls_recorded = step.last - step.first;
    // A bus trace knows no length for a read that was NACKed; the answering read's is the one.
    const size_t rx_length = last.rx_length;
    const uint64_t spacing = polls_recorded > 0
                                 ? (records[step.last].start_ns - records[step.first].start_ns) / polls_recorded
                                 : kDefaultPollSpacingNs;
    const bool recorded_answer = last.outcome != Outcome::kAddressNack;
    std::vector<uint8_t> rx(rx_length);
    uint64_t attempt = 0;
    uint64_t sent_ns = 0;  // when the last attempt went out
    hal::I2cResult got = hal::I2cResult::kAddressNack;
    for (;; ++attempt) {
      const uint64_t when = attempt <= polls_recorded ? at(records[step.first + attempt].start_ns)
                                                      : at(last.start_ns) + (attempt - polls_recorded) * spacing;
      wait_until(when);
      sent_ns = p.clock.now_ns();
      const uint32_t rate = records[std::min<uint64_t>(step.first + attempt, step.last)].rate_hz;
      if (rate != 0 && rate != rate_hz) {
        if (p.i2c.set_rate_hz(rate) != hal::I2cResult::kOk) {
          throw std::runtime_error("the bench's bus cannot run at " + std::to_string(rate) + " Hz");
        }
        rate_hz = rate;
      }
      const std::span<const uint8_t> tx = records[step.first].tx;
      got = last.direction == Direction::kWrite  ? p.i2c.write(last.address7, tx)
            : last.direction == Direction::kRead ? p.i2c.read(last.address7, rx)
                                                 : p.i2c.write_read(last.address7, tx, rx);
      if (got != hal::I2cResult::kAddressNack) break;
      // A recording that ends still polling is matched by as many NACKs.
      if (!recorded_answer && attempt == polls_recorded) break;
      if (attempt >= polls_recorded + kExtraPolls) break;
    }
    result.transactions += std::min<uint64_t>(attempt, polls_recorded) + 1;
    const Outcome outcome = outcome_of(got);
    Divergence d;
    d.where = label(last);
    d.polls_recorded = polls_recorded;
    d.polls_model = attempt;
    if (recorded_answer && got != hal::I2cResult::kAddressNack && attempt != polls_recorded) {
      // Answered after another number of polls: the wait changed, whatever the answer is.
      Divergence timing = d;
      timing.kind = Divergence::Kind::kTiming;
      timing.index = records[step.first].index;
      timing.poll_tolerance = poll_tolerance;
      if (poll_difference(timing) > poll_tolerance) {
        result.divergence = timing;
        return result;
      }
      result.poll_notes.push_back(timing);
      // The rest of the session follows the model's answer, as it followed the recorded one.
      shift_ns += static_cast<int64_t>(sent_ns) - static_cast<int64_t>(at(last.start_ns));
    }
    if (outcome != last.outcome) {
      // The model never answered, answered where the device kept NACKing, or answered otherwise.
      d.kind = Divergence::Kind::kOutcome;
      d.index = records[step.first + std::min<uint64_t>(attempt, polls_recorded)].index;
      d.expected = sim::trace::outcome_name(recorded_answer ? last.outcome : Outcome::kAddressNack);
      d.got = sim::trace::outcome_name(outcome);
      if (got == hal::I2cResult::kAddressNack) d.got += " (still, after " + std::to_string(attempt + 1) + " attempts)";
      result.divergence = d;
      return result;
    }
    if (outcome == Outcome::kAck && last.direction != Direction::kWrite) {
      // A bus trace of a read holds what was read; compare as far as it goes.
      for (size_t k = 0; k < last.rx.size() && k < rx.size(); ++k) {
        if (rx[k] == last.rx[k]) continue;
        d.kind = Divergence::Kind::kBytes;
        d.index = last.index;
        d.offset = k;
        d.expected = hex_byte(last.rx[k]);
        d.got = hex_byte(rx[k]);
        result.divergence = d;
        return result;
      }
    }
  }
  result.recorded_ns = records.back().end_ns - first_ns;
  result.replayed_ns = p.clock.now_ns() - origin;
  return result;
}

}  // namespace kb::tools
