#include "tools/keybench/trace_replay.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "simulator/bench/bench.h"
#include "simulator/nrf/register_names.h"
#include "tools/keybench/recording_target.h"
#include "tools/keybench/replay_steps.h"

namespace kb::tools {

namespace {

using sim::trace::Direction;
using sim::trace::Outcome;
using sim::trace::RegisterRecord;
using sim::trace::TraceRecord;

// How far past the recorded polls the model is polled before the step is given up: a model that
// never answers is a divergence, not a hang.
constexpr uint64_t kExtraPolls = 10000;
// Spacing of extra polls when the recording has only one attempt to take it from.
constexpr uint64_t kDefaultPollSpacingNs = 1000000;
// The same for a register read: register polls wait on the chip's own engines, microseconds apart
// (the host library polls the KMU every 1 us, the derivation port every 5, NVMC.READY every 10).
constexpr uint64_t kDefaultRegisterPollSpacingNs = 10000;

std::string hex_byte(uint8_t b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", b);
  return buf;
}

std::string hex_word(uint32_t w) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", w);
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

// The recording's name of the register; a board's recording has none, and the model names it.
std::string register_label(const RegisterRecord& r) {
  return (r.name.empty() ? sim::nrf::register_name(r.address) : r.name) + " at " + hex_word(r.address);
}

uint64_t poll_difference(const Divergence& d) {
  return d.polls_model > d.polls_recorded ? d.polls_model - d.polls_recorded : d.polls_recorded - d.polls_model;
}

}  // namespace

std::string describe(const Divergence& d) {
  std::string out =
      (d.register_access ? "register access " : "transaction ") + std::to_string(d.index) + " (" + d.where + "): ";
  switch (d.kind) {
    case Divergence::Kind::kOutcome: return out + "expected " + d.expected + ", got " + d.got;
    case Divergence::Kind::kBytes:
      return out + "byte " + std::to_string(d.offset) + ": expected " + d.expected + ", got " + d.got;
    case Divergence::Kind::kRegister:
      out += "expected " + d.expected + ", got " + d.got;
      return d.reads > 1 ? out + " (after " + std::to_string(d.reads) + " reads)" : out;
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
  static constexpr const char* kKinds[] = {"outcome", "bytes", "timing", "register"};
  nlohmann::json dj = {{"kind", kKinds[static_cast<size_t>(d.kind)]},
                       {"record", d.register_access ? "register" : "i2c"},
                       {"index", d.index},
                       {"where", d.where},
                       {"message", describe(d)}};
  if (d.register_access) {
    dj["address"] = d.address;
    dj["address_hex"] = hex_word(d.address);
  }
  if (d.kind == Divergence::Kind::kTiming) {
    dj["polls_recorded"] = d.polls_recorded;
    dj["polls_model"] = d.polls_model;
  } else {
    dj["expected"] = d.expected;
    dj["got"] = d.got;
    if (d.kind == Divergence::Kind::kBytes) dj["offset"] = d.offset;
    if (d.kind == Divergence::Kind::kRegister) dj["reads"] = d.reads;
  }
  return dj;
}

}  // namespace

const char* result_name(const ReplayResult& r) {
  if (r.divergence) return "diverged";
  return r.poll_notes.empty() ? "same" : "within tolerance";
}

nlohmann::json to_json(const ReplayResult& r) {
  nlohmann::json j = {{"result", result_name(r)},
                      {"transactions", r.transactions},
                      {"register_accesses", r.register_accesses},
                      {"steps", r.steps},
                      {"bus", r.bus},
                      {"poll_tolerance", r.poll_tolerance},
                      {"poll_notes", nlohmann::json::array()}};
  for (const Divergence& n : r.poll_notes) j["poll_notes"].push_back(divergence_json(n));
  if (r.divergence) {
    j["divergence"] = divergence_json(*r.divergence);
  } else {
    j["recorded_ns"] = r.recorded_ns;
    j["replayed_ns"] = r.replayed_ns;
  }
  return j;
}

namespace {

// Plays one recording's steps in order; each play_ returns false at a divergence, kept in result.
class Replayer {
 public:
  Replayer(const sim::trace::Trace& trace, hal::Platform& p, uint64_t poll_tolerance, uint64_t first_ns,
           ReplayResult& result)
      : records_(trace.records),
        regs_(trace.registers),
        p_(p),
        poll_tolerance_(poll_tolerance),
        origin_(p.clock.now_ns()),
        first_ns_(first_ns),
        result_(result) {}

  bool play(const ReplayStep& s) {
    switch (s.kind) {
      case ReplayStep::Kind::kI2c: return play_i2c(s);
      case ReplayStep::Kind::kRegisterWrite: return play_register_write(s);
      case ReplayStep::Kind::kRegisterReads: return play_register_reads(s);
    }
    return false;
  }

  uint64_t elapsed_ns() const { return p_.clock.now_ns() - origin_; }

 private:
  // A recorded time moved to now, and on by every wait the model answered after another number of
  // polls (within the tolerance), so that what follows keeps its recorded spacing from the answer.
  uint64_t at(uint64_t recorded_ns) const {
    const int64_t t =
        static_cast<int64_t>(origin_ + (recorded_ns > first_ns_ ? recorded_ns - first_ns_ : 0)) + shift_ns_;
    return t > 0 ? static_cast<uint64_t>(t) : 0;
  }
  void wait_until(uint64_t when) {
    const uint64_t now = p_.clock.now_ns();
    if (when > now) p_.clock.sleep_ns(when - now);
  }
  // A wait that took polls_model polls where the recording took polls_recorded: nothing when they
  // are equal, a note within the tolerance (and what follows moves with the model's answer, given
  // at answered_ns where the recording's came at recorded_answer_ns), else the divergence.
  bool wait_class(Divergence timing, uint64_t answered_ns, uint64_t recorded_answer_ns) {
    if (timing.polls_model == timing.polls_recorded) return true;
    timing.kind = Divergence::Kind::kTiming;
    timing.poll_tolerance = poll_tolerance_;
    if (poll_difference(timing) > poll_tolerance_) {
      result_.divergence = timing;
      return false;
    }
    result_.poll_notes.push_back(timing);
    shift_ns_ += static_cast<int64_t>(answered_ns) - static_cast<int64_t>(at(recorded_answer_ns));
    return true;
  }

  bool play_i2c(const ReplayStep& step);
  bool play_register_write(const ReplayStep& step);
  bool play_register_reads(const ReplayStep& step);

  const std::vector<TraceRecord>& records_;
  const std::vector<RegisterRecord>& regs_;
  hal::Platform& p_;
  uint64_t poll_tolerance_;
  uint64_t origin_;
  uint64_t first_ns_;
  int64_t shift_ns_ = 0;
  uint32_t rate_hz_ = 0;  // as the bench was built until a record asks for another
  ReplayResult& result_;
};

bool Replayer::play_i2c(const ReplayStep& step) {
  const TraceRecord& last = records_[step.last];
  const uint64_t polls_recorded = step.last - step.first;
  // A bus trace knows no length for a read that was NACKed; the answering read's is the one.
  const size_t rx_length = last.rx_length;
  const uint64_t spacing = polls_recorded > 0
                               ? (records_[step.last].start_ns - records_[step.first].start_ns) / polls_recorded
                               : kDefaultPollSpacingNs;
  const bool recorded_answer = last.outcome != Outcome::kAddressNack;
  std::vector<uint8_t> rx(rx_length);
  uint64_t attempt = 0;
  uint64_t sent_ns = 0;  // when the last attempt went out
  hal::I2cResult got = hal::I2cResult::kAddressNack;
  for (;; ++attempt) {
    const uint64_t when = attempt <= polls_recorded ? at(records_[step.first + attempt].start_ns)
                                                    : at(last.start_ns) + (attempt - polls_recorded) * spacing;
    wait_until(when);
    sent_ns = p_.clock.now_ns();
    const uint32_t rate = records_[std::min<uint64_t>(step.first + attempt, step.last)].rate_hz;
    if (rate != 0 && rate != rate_hz_) {
      if (p_.i2c.set_rate_hz(rate) != hal::I2cResult::kOk) {
        throw std::runtime_error("the bench's bus cannot run at " + std::to_string(rate) + " Hz");
      }
      rate_hz_ = rate;
    }
    const std::span<const uint8_t> tx = records_[step.first].tx;
    got = last.direction == Direction::kWrite  ? p_.i2c.write(last.address7, tx)
          : last.direction == Direction::kRead ? p_.i2c.read(last.address7, rx)
                                               : p_.i2c.write_read(last.address7, tx, rx);
    if (got != hal::I2cResult::kAddressNack) break;
    // A recording that ends still polling is matched by as many NACKs.
    if (!recorded_answer && attempt == polls_recorded) break;
    if (attempt >= polls_recorded + kExtraPolls) break;
  }
  result_.transactions += std::min<uint64_t>(attempt, polls_recorded) + 1;
  const Outcome outcome = outcome_of(got);
  Divergence d;
  d.where = label(last);
  d.polls_recorded = polls_recorded;
  d.polls_model = attempt;
  if (recorded_answer && got != hal::I2cResult::kAddressNack) {
    // Answered after another number of polls: the wait changed, whatever the answer is.
    Divergence timing = d;
    timing.index = records_[step.first].index;
    if (!wait_class(timing, sent_ns, last.start_ns)) return false;
  }
  if (outcome != last.outcome) {
    // The model never answered, answered where the device kept NACKing, or answered otherwise.
    d.kind = Divergence::Kind::kOutcome;
    d.index = records_[step.first + std::min<uint64_t>(attempt, polls_recorded)].index;
    d.expected = sim::trace::outcome_name(recorded_answer ? last.outcome : Outcome::kAddressNack);
    d.got = sim::trace::outcome_name(outcome);
    if (got == hal::I2cResult::kAddressNack) d.got += " (still, after " + std::to_string(attempt + 1) + " attempts)";
    result_.divergence = d;
    return false;
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
      result_.divergence = d;
      return false;
    }
  }
  return true;
}

bool Replayer::play_register_write(const ReplayStep& step) {
  const RegisterRecord& r = regs_[step.first];
  wait_until(at(r.start_ns));
  p_.registers->write32(r.address, r.value);
  ++result_.register_accesses;
  return true;
}

// A register poll: rounds of the same reads. The recording's first round holds the words the host
// waited through (none for a single read), its answer round the words it waited for. The model
// is read round by round at the recorded times while it gives the waiting words, and on at the
// recorded spacing when it needs longer. A single read the model answers with another word is
// taken for a wait the recording never needed: read again while that word stays, for the
// recorded one.
bool Replayer::play_register_reads(const ReplayStep& step) {
  const size_t g = step.round;
  const uint64_t waits = step.waits;
  const auto record = [&](uint64_t round, size_t j) -> const RegisterRecord& {
    return regs_[step.first + round * g + j];
  };
  const auto words_of = [&](uint64_t round) {
    std::vector<uint32_t> w(g);
    for (size_t j = 0; j < g; ++j) w[j] = record(round, j).value;
    return w;
  };
  // The recorded rounds: the waits, then the answer if the recording has it.
  const uint64_t rounds = waits + (step.answered ? 1 : 0);
  const uint64_t last_round = rounds - 1;
  std::optional<std::vector<uint32_t>> waiting;
  if (waits > 0) waiting = words_of(0);
  std::optional<std::vector<uint32_t>> answer;
  if (step.answered) answer = words_of(waits);
  const uint64_t spacing = last_round > 0 ? (record(last_round, 0).start_ns - record(0, 0).start_ns) / last_round
                                          : kDefaultRegisterPollSpacingNs;

  std::vector<uint32_t> got(g);
  uint64_t attempt = 0;
  uint64_t sent_ns = 0;  // when the last round began
  bool matched = false;  // the step ended as recorded, maybe after another number of polls
  for (;; ++attempt) {
    // A round past the recorded ones keeps the last recorded round's spacing between its reads.
    const uint64_t timed_round = std::min(attempt, last_round);
    const uint64_t round_at = attempt <= last_round
                                  ? at(record(attempt, 0).start_ns)
                                  : at(record(last_round, 0).start_ns) + (attempt - last_round) * spacing;
    for (size_t j = 0; j < g; ++j) {
      wait_until(round_at + (record(timed_round, j).start_ns - record(timed_round, 0).start_ns));
      if (j == 0) sent_ns = p_.clock.now_ns();
      got[j] = p_.registers->read32(record(0, j).address);
    }
    if (answer && got == *answer) {
      matched = true;
      break;
    }
    if (!waiting && attempt == 0) {
      // The model waits where the recording did not: the word it gives is the one it waits on.
      waiting = got;
      continue;
    }
    if (!waiting || got != *waiting) break;
    // A recording that ends still polling is matched by as many waiting rounds.
    if (!step.answered && attempt == last_round) {
      matched = true;
      break;
    }
    if (attempt >= last_round + kExtraPolls) break;
  }
  const uint64_t matched_rounds = matched ? std::min(attempt, last_round) + 1 : std::min(attempt, last_round);
  result_.register_accesses += matched_rounds * g;
  Divergence d;
  d.register_access = true;
  if (matched) {
    if (!step.answered) return true;
    Divergence timing = d;
    timing.index = record(0, 0).index;
    timing.address = record(0, 0).address;
    timing.where = "poll of " + register_label(record(0, 0));
    if (g > 1) timing.where += " and " + std::to_string(g - 1) + " more";
    timing.polls_recorded = waits;
    timing.polls_model = attempt;
    return wait_class(timing, sent_ns, record(waits, 0).start_ns);
  }
  // Another word than recorded: against the recorded round the model had reached (the answer, or
  // the waiting words of a recording that ends still polling).
  const uint64_t compared = std::min(attempt, last_round);
  for (size_t j = 0; j < g; ++j) {
    const RegisterRecord& r = record(compared, j);
    if (got[j] == r.value) continue;
    d.kind = Divergence::Kind::kRegister;
    d.index = r.index;
    d.address = r.address;
    d.where = "read of " + register_label(r);
    d.expected = hex_word(r.value);
    d.got = hex_word(got[j]);
    d.reads = attempt + 1;
    result_.divergence = d;
    return false;
  }
  // Unreachable: a round that is neither the answer nor the waiting words differs somewhere.
  throw std::logic_error("register poll replay: round " + std::to_string(attempt) + " matched nothing");
}

// Where the recording starts and ends: its first record's start and its last one's end, of
// either kind.
std::pair<uint64_t, uint64_t> span_of(const sim::trace::Trace& trace) {
  uint64_t first = UINT64_MAX;
  uint64_t last = 0;
  if (!trace.records.empty()) {
    first = std::min(first, trace.records.front().start_ns);
    last = std::max(last, trace.records.back().end_ns);
  }
  if (!trace.registers.empty()) {
    first = std::min(first, trace.registers.front().start_ns);
    last = std::max(last, trace.registers.back().end_ns);
  }
  return {first, last};
}

}  // namespace

ReplayResult replay_trace(const sim::trace::Trace& trace, hal::host::HostTarget& target, uint64_t poll_tolerance) {
  if (target.bench() == nullptr) throw std::runtime_error("replay plays against a simulated bench: use --target sim");
  if (poll_tolerance > kMaxPollTolerance) {
    throw std::invalid_argument("poll tolerance " + std::to_string(poll_tolerance) + " above " +
                                std::to_string(kMaxPollTolerance));
  }
  hal::Platform& p = target.platform();
  if (!trace.registers.empty() && p.registers == nullptr) {
    // Playing only the I2C half would report a match nobody checked.
    const RegisterRecord& r = trace.registers.front();
    throw std::runtime_error("no nRF5340 on the bench: the recording holds " + std::to_string(trace.registers.size()) +
                             " nRF5340 register accesses (the first is record " + std::to_string(r.index) + ", " +
                             (r.write ? "write of " : "read of ") + register_label(r) +
                             "); replay it on a bench with one (--target sim:BENCH.json)");
  }
  ReplayResult result;
  result.bus = sim::bus_level_name(target.bench()->bus_level());
  result.poll_tolerance = poll_tolerance;
  if (trace.records.empty() && trace.registers.empty()) return result;
  const auto [first_ns, last_ns] = span_of(trace);
  Replayer replayer(trace, p, poll_tolerance, first_ns, result);
  for (const ReplayStep& step : replay_steps(trace)) {
    ++result.steps;
    if (!replayer.play(step)) return result;
  }
  result.recorded_ns = last_ns - first_ns;
  result.replayed_ns = replayer.elapsed_ns();
  return result;
}

}  // namespace kb::tools
