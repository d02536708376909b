#pragma once
// A recording cut into the steps keybench replay plays, in file order. A step is a unit the model
// may take another number of polls to get through: a run of I2C polls (the same transfer repeated
// while the device NACKs its address, then its last attempt), one register write, or register
// reads: one read, or the rounds of a poll (a round of reads that comes again at once: the rounds
// that give the first round's words are the waits, a round of the same reads with other words
// after them is the answer).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "simulator/trace/transaction_trace.h"

namespace kb::tools {

// Reads per round of a register poll that replay recognises: a host waiting on several event
// registers at once (the KMU's PUSHED, REVOKED and ERROR) reads each of them in every round.
inline constexpr size_t kMaxPollRound = 8;

struct ReplayStep {
  enum class Kind : uint8_t { kI2c, kRegisterWrite, kRegisterReads };
  Kind kind = Kind::kI2c;
  // Into the trace's records (kI2c) or registers (the others).
  size_t first = 0;
  // kI2c: the run's last attempt. The register kinds: the last record the step covers.
  size_t last = 0;
  // kRegisterReads: reads per round (1 for a single read), rounds that read the waiting words (0
  // for a single read), and whether a round with other words followed them (false when the
  // recording ends still polling).
  size_t round = 1;
  size_t waits = 0;
  bool answered = true;
};

// Only records next to each other in the file (consecutive indexes) join a step.
std::vector<ReplayStep> replay_steps(const sim::trace::Trace& trace);

}  // namespace kb::tools
