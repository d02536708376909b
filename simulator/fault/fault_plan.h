#pragma once
// A fault plan: which faults to inject into a bench run, WHEN (a trigger) and WHAT (an action).
// Read from JSON ("format": "keybench-faults/1"); a bad plan is a FixtureError naming the file,
// the JSON path and the problem, and nothing runs.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "simulator/time/scheduler.h"

namespace kb::sim::fault {

inline constexpr const char* kFaultPlanFormat = "keybench-faults/1";

struct Trigger {
  enum class Kind : uint8_t {
    kBusTransaction,  // the index-th bus transaction (0-based) since the plan was installed
    kNvmWrite,        // the index-th NVM word program or page erase (0-based), on device or anywhere
    kCommand,         // the occurrence-th STSAFE command frame with this code written to device (or any)
    kTime,            // virtual time at_ns
    kProbability,     // each event of the kind `per` names, with probability p
  };
  enum class Per : uint8_t { kBusTransaction, kNvmWrite };

  Kind kind = Kind::kBusTransaction;
  uint64_t index = 0;
  std::string device;  // empty: any device
  uint8_t code = 0;
  std::optional<uint8_t> ext_code;
  uint64_t occurrence = 1;  // 1-based
  Nanoseconds at_ns = 0;
  double probability = 0;
  Per per = Per::kBusTransaction;
  uint64_t limit = 0;  // probability: at most this many injections (0 = no limit)
};

struct Action {
  enum class Kind : uint8_t {
    kAddressNack,       // the target does not acknowledge its address
    kDataNack,          // a write is refused at byte `byte` (the target gets none of it); a read fails
    kFlipBits,          // byte `byte` of the written frame or of the bytes read is XORed with mask
    kTruncateResponse,  // a read delivers `length` bytes, then the released line (0xFF)
    kDropResponse,      // the target loses its response: reads NACK until the next write to it
    kClockStretch,      // the target holds SCL low stretch_ns after the address; past the bus timeout
                        // the transfer fails with a timeout
    kForceStatus,       // the STSAFE answers the next command with `status` instead of running it
    kPowerCut,          // the bench supply goes off (tearing an NVM write in progress); back after
                        // restore_after_ns if given
    kBrownOut,          // device (or every device) resets: volatile state lost, NVM write torn
    // RTL bus only (--bus rtl; a plan using them on the transaction-level bus is refused):
    kSdaGlitch,        // a spike of width_ns on SDA in the middle of SCL-high of bit `bit` of the transaction
                       // (0 = its first address bit, 9 bits per byte with the acknowledge; from 8 on)
    kSdaHoldLow,       // after the transaction's STOP a target holds SDA low, until it has seen `clocks`
                       // SCL pulses (a target stuck inside a byte: the next START's recovery, nine pulses
                       // then STOP, frees it) or for hold_ns whatever the clock does (a bus error if the
                       // next transaction comes sooner)
    kSclGlitch,        // a spike of width_ns on SCL in the middle of the SCL-low time before bit `bit` (from 8
                       // on): past the 50 ns filter it clocks an extra bit into the target
    kStretchTimeout,   // the target holds SCL low stretch_ns before bit `bit` (from 8 on); past the bus
                       // timeout the initiator gives up with a timeout
    kMissingStop,      // the transaction ends without its STOP: the initiator keeps the bus, and the next
                       // transaction begins with a repeated START
    kArbitrationLoss,  // a second initiator drives SDA low at the first bit from `bit` on (from 9) where ours
                       // sends 1; ours reads SDA back, stops driving and reports arbitration lost
  };
  enum class On : uint8_t { kAny, kWrite, kRead };

  Kind kind = Action::Kind::kAddressNack;
  On on = On::kAny;
  uint64_t byte = 0;
  uint8_t mask = 0x01;
  uint64_t length = 0;
  Nanoseconds stretch_ns = 0;  // clock_stretch, stretch_timeout
  uint8_t status = 0;
  std::optional<Nanoseconds> restore_after_ns;
  std::string device;        // force_status / brown_out: empty = the default choice (see injector)
  uint64_t bit = 0;          // sda_glitch, scl_glitch, stretch_timeout, arbitration_loss
  Nanoseconds width_ns = 0;  // sda_glitch, scl_glitch
  Nanoseconds hold_ns = 0;   // sda_hold_low: 0 = released by clocks
  uint64_t clocks = 0;       // sda_hold_low: 0 = released by time
};

// Whether an action needs the RTL bus.
bool needs_rtl_bus(Action::Kind k);

struct Fault {
  Trigger when;
  Action what;
  std::string path;  // JSON path of the entry, for errors found when the plan meets a bench
};

struct FaultPlan {
  std::string source;  // file name, or "<inline>"
  uint64_t seed = 0;
  std::vector<Fault> faults;
};

// Throws FixtureError (source, JSON path, problem) on anything it does not understand.
FaultPlan parse_fault_plan(const nlohmann::json& plan, const std::string& source);
FaultPlan load_fault_plan_file(const std::string& path);
// Parses JSON text (syntax errors included) as a plan named source.
FaultPlan parse_fault_plan_text(const std::string& text, const std::string& source);

std::string_view trigger_kind_name(Trigger::Kind k);
std::string_view action_kind_name(Action::Kind k);
// "bus transaction 12", "NVM write 3 on stsafe", "command 0x1F 0x07 #1", "time 1000000 ns",
// "probability 0.05 per bus transaction".
std::string describe_trigger(const Trigger& t);

}  // namespace kb::sim::fault
