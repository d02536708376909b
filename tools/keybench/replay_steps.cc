#include "tools/keybench/replay_steps.h"

namespace kb::tools {

namespace {

using sim::trace::Outcome;
using sim::trace::RegisterRecord;
using sim::trace::TraceRecord;

ReplayStep step_of(ReplayStep::Kind kind, size_t first, size_t last) {
  ReplayStep s;
  s.kind = kind;
  s.first = first;
  s.last = last;
  return s;
}

bool same_transfer(const TraceRecord& a, const TraceRecord& b) {
  return a.address7 == b.address7 && a.direction == b.direction && a.tx == b.tx;
}

// The g reads from b repeat those from a: later (a host polls between sleeps; reads again at the
// same virtual time are no poll, since nothing changes on a bench until time passes), the same
// addresses, and with words, the same words.
bool same_reads(const std::vector<RegisterRecord>& regs, size_t a, size_t b, size_t g, bool words) {
  if (regs[b].start_ns <= regs[a].start_ns) return false;
  for (size_t j = 0; j < g; ++j) {
    if (regs[a + j].address != regs[b + j].address) return false;
    if (words && regs[a + j].value != regs[b + j].value) return false;
  }
  return true;
}

// The register reads from k on, end being the first record past the run of reads next to each
// other: the shortest round whose reads come again at once (a poll), or one read.
ReplayStep register_reads_at(const std::vector<RegisterRecord>& regs, size_t k, size_t end) {
  ReplayStep s = step_of(ReplayStep::Kind::kRegisterReads, k, k);
  for (size_t g = 1; g <= kMaxPollRound && k + 2 * g <= end; ++g) {
    if (!same_reads(regs, k, k + g, g, false)) continue;
    // The rounds that gave the first round's words, then one with others, if the run goes on.
    size_t rounds = 1;
    while (k + (rounds + 1) * g <= end && same_reads(regs, k, k + rounds * g, g, true)) ++rounds;
    s.round = g;
    s.waits = rounds;
    s.answered = k + (rounds + 1) * g <= end && same_reads(regs, k, k + rounds * g, g, false);
    s.last = k + g * (rounds + (s.answered ? 1 : 0)) - 1;
    return s;
  }
  return s;
}

}  // namespace

std::vector<ReplayStep> replay_steps(const sim::trace::Trace& trace) {
  const std::vector<TraceRecord>& records = trace.records;
  const std::vector<RegisterRecord>& regs = trace.registers;
  std::vector<ReplayStep> steps;
  size_t i = 0;
  size_t k = 0;
  while (i < records.size() || k < regs.size()) {
    const bool i2c_next = k == regs.size() || (i < records.size() && records[i].index < regs[k].index);
    if (i2c_next) {
      size_t j = i;
      while (records[j].outcome == Outcome::kAddressNack && j + 1 < records.size() &&
             records[j + 1].index == records[j].index + 1 && same_transfer(records[j], records[j + 1])) {
        ++j;
      }
      steps.push_back(step_of(ReplayStep::Kind::kI2c, i, j));
      i = j + 1;
      continue;
    }
    if (regs[k].write) {
      steps.push_back(step_of(ReplayStep::Kind::kRegisterWrite, k, k));
      ++k;
      continue;
    }
    size_t end = k + 1;
    while (end < regs.size() && !regs[end].write && regs[end].index == regs[end - 1].index + 1) ++end;
    steps.push_back(register_reads_at(regs, k, end));
    k = steps.back().last + 1;
  }
  return steps;
}

}  // namespace kb::tools
