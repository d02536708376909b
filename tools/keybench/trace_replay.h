#pragma once
// Plays the host side of a recorded session (keybench run --record, or a bus trace) against a
// simulated bench and finds the first place the model answers differently: a byte of a read, the
// outcome of a transfer, the word of a register read, or the timing class of a wait (how many
// polls until the answer).
//
// Records go out at the recorded times, shifted so the first lands now, in file order: I2C
// transfers on the bench's bus, register writes applied to the bench's nRF5340, register reads
// performed and compared. A run of polls (replay_steps.h: the same transfer repeated while the
// device NACKs its address, or the same register reads giving the same words round after round) is
// one step: the model is polled at the recorded times until it answers, and on at the recorded
// spacing when it needs longer. A single register read that the model answers with another word is
// read again, as a poll the recording never needed, until the word changes.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "hal/host/target.h"
#include "simulator/trace/transaction_trace.h"

namespace kb::tools {

struct Divergence {
  // kRegister: the word a register read gave.
  enum class Kind : uint8_t { kOutcome, kBytes, kTiming, kRegister };
  Kind kind = Kind::kBytes;
  uint64_t index = 0;            // the recorded record (for timing: the step's first)
  bool register_access = false;  // the record is a register access (kRegister, or a register poll's timing)
  // The command it belongs to, as the trace names it; for a register access the register's name
  // (the recording's, else the model's) and address.
  std::string where;
  uint32_t address = 0;  // register_access: the register's address
  size_t offset = 0;     // kBytes: byte offset in what was read
  std::string expected;
  std::string got;
  // kRegister: the reads of the word until the replay gave up on it: 1, or more in a poll (the
  // model kept giving the word it waited on, past the recorded rounds or the recorded single read).
  uint64_t reads = 1;
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
  uint64_t transactions = 0;       // recorded transactions played (until the divergence)
  uint64_t register_accesses = 0;  // recorded register accesses played (until the divergence)
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

// One line: "transaction 12 (response read of Query (0x14)): byte 3: expected 0x12, got 0x13",
// "register access 40 (read of KMU.STATUS at 0x5003900C): expected 0x00000001, got 0x00000000".
std::string describe(const Divergence& d);
// "same", "within tolerance" (polls differed, no more than allowed) or "diverged".
const char* result_name(const ReplayResult& r);
nlohmann::json to_json(const ReplayResult& r);

// Throws std::runtime_error when target has no bench, or when the trace holds register accesses
// and the bench has no nRF5340 to play them on (before anything is played). A wait answered after
// a number of polls within poll_tolerance of the recorded one is a note, and the replay goes on
// from the model's answer at the recorded spacing; further off it is a timing divergence.
ReplayResult replay_trace(const sim::trace::Trace& trace, hal::host::HostTarget& target, uint64_t poll_tolerance = 0);

}  // namespace kb::tools
