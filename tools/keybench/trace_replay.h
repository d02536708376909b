#pragma once
// Plays the host side of a recorded session (keybench run --record, or a bus trace) against a
// simulated bench and finds the first place the model answers differently: a byte of a read, the
// outcome of a transfer, or the timing class of a wait (how many NACKed polls until the answer).
//
// Transfers go out at the recorded times, shifted so the first lands now. A run of polls (the
// same transfer repeated while the device NACKs its address) is one step: the model is polled at
// the recorded times until it answers, and on at the recorded spacing when it needs longer.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "hal/host/target.h"
#include "simulator/trace/transaction_trace.h"

namespace kb::tools {

struct Divergence {
  enum class Kind : uint8_t { kOutcome, kBytes, kTiming };
  Kind kind = Kind::kBytes;
  uint64_t index = 0;  // the recorded transaction (for timing: the step's first)
  std::string where;   // the command it belongs to, as the trace names it
  size_t offset = 0;   // kBytes: byte offset in what was read
  std::string expected;
  std::string got;
  uint64_t polls_recorded = 0;  // kTiming
  uint64_t polls_model = 0;
  uint64_t poll_tolerance = 0;  // kTiming: the difference in polls a replay lets pass
};

// The largest --poll-tolerance: the model is polled at most this many times past the recording.
inline constexpr uint64_t kMaxPollTolerance = 10000;
// The tolerance a recording from a board (i2c:, the host's own clock) gets by default
// (docs/fidelity.md, "Sending a divergence report").
inline constexpr uint64_t kBoardPollTolerance = 2;

struct ReplayResult {
  uint64_t transactions = 0;  // recorded transactions played (until the divergence)
  uint64_t steps = 0;
  std::string bus;  // the bench's bus level it was played on: "transaction" or "rtl"
  // A replay that ran to the end: the recording's span (first start to last end) and the model's
  // for the same transfers. On the bus level it was recorded on, with no poll difference, they
  // are equal (virtual time repeats exactly); another level costs START and STOP differently.
  uint64_t recorded_ns = 0;
  uint64_t replayed_ns = 0;
  uint64_t poll_tolerance = 0;
  // Waits that took another number of polls on the model, within the tolerance: notes, not divergences.
  std::vector<Divergence> poll_notes;
  std::optional<Divergence> divergence;
};

// One line: "transaction 12 (response read of Query (0x14)): byte 3: expected 0x12, got 0x13".
std::string describe(const Divergence& d);
// "same", "within tolerance" (polls differed, no more than allowed) or "diverged".
const char* result_name(const ReplayResult& r);
nlohmann::json to_json(const ReplayResult& r);

// Throws std::runtime_error when target has no bench. A wait answered after a number of polls
// within poll_tolerance of the recorded one is a note, and the replay goes on from the model's
// answer at the recorded spacing; further off it is a timing divergence.
ReplayResult replay_trace(const sim::trace::Trace& trace, hal::host::HostTarget& target, uint64_t poll_tolerance = 0);

}  // namespace kb::tools
