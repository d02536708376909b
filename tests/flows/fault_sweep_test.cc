// Every flow against every single fault its bench can suffer, one fault per run: every bus
// transaction of a clean run times every bus action of the fault-plan format on the STSAFE-A120
// flows, every NVM write times power_cut and brown_out on the nRF5340 flows (in the reference,
// non-resumable mode). The verdict is the product, so the oracle is about the verdict:
//   - a run that passes leaves the chip exactly as a clean run does (what a retried transaction
//     may legitimately change is excluded below, each with its reason);
//   - a run whose transcript shows a failed step does not pass, and nothing after the failure
//     claims success.
// KEYBENCH_SWEEP_STRIDE=N (environment) runs every N-th cut point per action, with the points
// rotated across actions so that together they still visit every transaction; the default, 1,
// runs them all.
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/status.h"
#include "firmware/host_key_provisioning/host_key_provisioning.h"
#include "firmware/host_key_provisioning_wrapped/host_key_provisioning_wrapped.h"
#include "firmware/identity_key_generation/identity_key_generation.h"
#include "firmware/provisioning_image/provisioning_image.h"
#include "firmware/wrapped_ccm/wrapped_ccm.h"
#include "firmware/wrapped_cmac/wrapped_cmac.h"
#include "simulator/fault/fault_injector.h"
#include "simulator/fault/fault_plan.h"
#include "simulator/fault/fault_record.h"
#include "simulator/nrf/nrf5340.h"
#include "tests/flows/flow_fixture.h"

namespace kb::test {
namespace {

using sim::fault::Action;
using sim::fault::Fault;
using sim::fault::FaultPlan;
using sim::fault::Trigger;

// A flow as `keybench run NAME` runs it: its default bench and default options.
struct SweptFlow {
  const char* name;
  const char* fixture;  // under fixtures/benches; empty: the default bench
  std::function<core::Status(hal::host::HostTarget&)> run;
};

const std::vector<SweptFlow>& stsafe_flows() {
  static const std::vector<SweptFlow> flows = {
      {"host-key-provisioning", "",
       [](hal::host::HostTarget& t) {
         fw::HostKeyProvisioningOptions o;
         o.address7 = t.stsafe_address();
         return fw::run_host_key_provisioning(t.platform(), o);
       }},
      {"host-key-provisioning-wrapped", "",
       [](hal::host::HostTarget& t) {
         fw::HostKeyProvisioningWrappedOptions o;
         o.address7 = t.stsafe_address();
         return fw::run_host_key_provisioning_wrapped(t.platform(), o);
       }},
      {"wrapped-cmac", "",
       [](hal::host::HostTarget& t) {
         fw::WrappedCmacOptions o;
         o.address7 = t.stsafe_address();
         return fw::run_wrapped_cmac(t.platform(), o);
       }},
      {"wrapped-ccm", "",
       [](hal::host::HostTarget& t) {
         fw::WrappedCcmOptions o;
         o.address7 = t.stsafe_address();
         return fw::run_wrapped_ccm(t.platform(), o);
       }},
  };
  return flows;
}

const std::vector<SweptFlow>& nrf_flows() {
  static const std::vector<SweptFlow> flows = {
      {"identity-key-generation", "nrf5340-assembly.json",
       [](hal::host::HostTarget& t) {
         return fw::run_identity_key_generation(t.platform(), fw::IdentityKeyGenerationOptions{});
       }},
      {"provisioning-image", "nrf5340-assembly.json",
       [](hal::host::HostTarget& t) {
         return fw::run_provisioning_image(t.platform(), fw::ProvisioningImageOptions{});
       }},
  };
  return flows;
}

// One action of the fault-plan format, with the parameters this sweep gives it.
struct SweptAction {
  std::string label;
  Action action;
};

Action make(Action::Kind kind) {
  Action a;
  a.kind = kind;
  return a;
}

std::vector<SweptAction> bus_actions() {
  std::vector<SweptAction> out;
  out.push_back({"address_nack", make(Action::Kind::kAddressNack)});
  out.push_back({"data_nack", make(Action::Kind::kDataNack)});
  {
    Action a = make(Action::Kind::kDataNack);
    a.byte = 2;  // mid-frame on a write (a read NACKs whole either way)
    out.push_back({"data_nack byte 2", a});
  }
  {
    Action a = make(Action::Kind::kFlipBits);
    a.byte = 0;  // a write's command code, a response's status byte
    a.mask = 0x01;
    out.push_back({"flip_bits byte 0", a});
  }
  {
    Action a = make(Action::Kind::kFlipBits);
    a.byte = 3;  // past the header and length: payload or CRC
    a.mask = 0x80;
    out.push_back({"flip_bits byte 3", a});
  }
  {
    Action a = make(Action::Kind::kTruncateResponse);
    a.length = 0;
    out.push_back({"truncate_response 0", a});
  }
  {
    Action a = make(Action::Kind::kTruncateResponse);
    a.length = 3;
    out.push_back({"truncate_response 3", a});
  }
  out.push_back({"drop_response", make(Action::Kind::kDropResponse)});
  {
    Action a = make(Action::Kind::kClockStretch);
    a.stretch_ns = 30'000'000;  // past the bus's 25 ms timeout
    out.push_back({"clock_stretch past the timeout", a});
  }
  {
    Action a = make(Action::Kind::kClockStretch);
    a.stretch_ns = 1'000'000;  // within it: only slower
    out.push_back({"clock_stretch within the timeout", a});
  }
  for (uint8_t status : {uint8_t{0x01}, uint8_t{0x11}, uint8_t{0x16}}) {
    // Communication error, access condition not satisfied, invalid C-MAC.
    Action a = make(Action::Kind::kForceStatus);
    a.status = status;
    char label[32];
    std::snprintf(label, sizeof label, "force_status 0x%02X", status);
    out.push_back({label, a});
  }
  out.push_back({"power_cut", make(Action::Kind::kPowerCut)});
  out.push_back({"brown_out", make(Action::Kind::kBrownOut)});
  return out;
}

std::vector<SweptAction> nvm_actions() {
  return {{"power_cut", make(Action::Kind::kPowerCut)}, {"brown_out", make(Action::Kind::kBrownOut)}};
}

FaultPlan plan_of(Trigger::Kind trigger, uint64_t k, const Action& action) {
  Fault f;
  f.when.kind = trigger;
  f.when.index = k;
  f.what = action;
  f.path = "$.faults[0]";
  FaultPlan plan;
  plan.source = "<sweep>";
  plan.faults.push_back(f);
  return plan;
}

// What a state comparison ignores, and why each may legitimately differ between a clean run and a
// passing faulted one:
//   - virtual_time_ns: a retried transaction (address NACK, stretched clock) costs bus and retry
//     time; time is not device state.
// Everything else the chip keeps (keys, control fields, lifecycle, KMU slots, C-MAC and random
// counters, NVM word wear) must match: host randomness is seeded per target, so a passing run
// writes the same keys, and a command the chip never received does not advance its counters.
nlohmann::json comparable_state(sim::Bench& bench) {
  nlohmann::json state = bench.save_state();
  state.erase("virtual_time_ns");
  return state;
}

bool contains(const std::string& line, const char* what) {
  return line.find(what) != std::string::npos;
}

// A line that says a step failed: the nRF applications' and libraries' "Failure: ..." and "...
// failed ...", the STSAFE applications' " ## ..." error lines and their verdict "FAILED".
bool is_failure_line(const std::string& line) {
  return contains(line, "Failure") || contains(line, "failed") || contains(line, "FAILED") || contains(line, "## ") ||
         contains(line, "ERROR");
}

// A line that claims something worked.
bool is_success_line(const std::string& line) {
  return contains(line, "Success") || contains(line, "SUCCESS") || contains(line, "success") ||
         contains(line, ": PASS");
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string status_text(core::Status s) {
  char buf[160];
  return s.describe(buf, sizeof buf);
}

// How one transaction of a clean run went, to tell which cut points are the same run.
struct SeenTransaction {
  bool acknowledged = false;
  bool is_read = false;
};

struct RunOutcome {
  core::Status status;
  std::string transcript;
  nlohmann::json state;
  std::vector<sim::fault::FaultRecord> faults;
  uint64_t bus_transactions = 0;
  uint64_t nvm_words = 0;
  std::vector<SeenTransaction> transactions;  // clean runs only
};

RunOutcome run_flow(const SweptFlow& flow, const std::optional<FaultPlan>& plan) {
  SimRun r(flow.fixture);
  RunOutcome o;
  if (plan) {
    r.bench().install_fault_plan(*plan);
  } else {
    r.bench().bus().set_observer([&o](const sim::BusTransaction& t) {
      o.transactions.push_back({t.outcome != sim::BusOutcome::kAddressNack, t.is_read});
    });
  }
  o.status = flow.run(*r.target);
  o.transcript = r.console.text();
  o.state = comparable_state(r.bench());
  if (plan) o.faults = r.bench().faults()->records();
  o.bus_transactions = r.bench().bus().transaction_count();
  if (auto* chip = r.bench().first<sim::nrf::Nrf5340>()) o.nvm_words = chip->nvmc_words_programmed();
  return o;
}

// The oracle for one faulted run; returns the failures found (empty: honest verdict).
std::vector<std::string> judge(const RunOutcome& clean, const RunOutcome& run) {
  std::vector<std::string> problems;
  const std::vector<std::string> lines = lines_of(run.transcript);
  size_t first_failure = lines.size();
  for (size_t i = 0; i < lines.size(); ++i) {
    if (is_failure_line(lines[i])) {
      first_failure = i;
      break;
    }
  }
  if (run.status.ok()) {
    if (first_failure < lines.size()) problems.push_back("PASS after a failed step: \"" + lines[first_failure] + "\"");
    if (run.state != clean.state) {
      problems.push_back("PASS, but the chip differs from a clean run: " +
                         nlohmann::json::diff(clean.state, run.state).dump());
    }
  } else {
    for (size_t i = first_failure + 1; i < lines.size(); ++i) {
      if (is_success_line(lines[i])) {
        problems.push_back("success claimed after \"" + lines[first_failure] + "\": \"" + lines[i] + "\"");
        break;
      }
    }
  }
  return problems;
}

uint64_t sweep_stride() {
  const char* text = std::getenv("KEYBENCH_SWEEP_STRIDE");
  if (text == nullptr || *text == '\0') return 1;
  const long long v = std::atoll(text);
  return v < 1 ? 1 : static_cast<uint64_t>(v);
}

struct SweepTally {
  uint64_t runs = 0;
  uint64_t passed = 0;
  uint64_t failed = 0;
};

// Whether fault `action` triggered at bus transaction k makes a run of its own, or the very run
// another point makes. Up to its trigger a faulted run is the clean run (same seed, same bytes).
// A bus action only arms at k and acts on the first transaction the target acknowledges (the
// busy chip's NACKed polls carry no data), so at a NACKed poll it is the run of the next
// acknowledged transaction; truncate_response acts on the next read. force_status sets the answer
// of the command the chip completes next: from a command's write through its busy polls that is
// this command, so its write stands for them, and the reads of its response stand with the next
// write. power_cut and brown_out act at once: every transaction is a point of its own.
bool distinct_point(const Action& action, const SeenTransaction& t) {
  switch (action.kind) {
    case Action::Kind::kPowerCut:
    case Action::Kind::kBrownOut: return true;
    case Action::Kind::kForceStatus: return t.acknowledged && !t.is_read;
    case Action::Kind::kTruncateResponse: return t.acknowledged && t.is_read;
    default: return t.acknowledged;
  }
}

// Sweeps one flow: points 0 .. points-1 of the trigger kind, every action.
SweepTally sweep(const SweptFlow& flow, const RunOutcome& clean, Trigger::Kind trigger, uint64_t points,
                 const std::vector<SweptAction>& actions) {
  const uint64_t stride = sweep_stride();
  SweepTally tally;
  for (size_t a = 0; a < actions.size(); ++a) {
    for (uint64_t k = a % stride; k < points; k += stride) {
      if (trigger == Trigger::Kind::kBusTransaction && !distinct_point(actions[a].action, clean.transactions.at(k))) {
        continue;
      }
      const RunOutcome run = run_flow(flow, plan_of(trigger, k, actions[a].action));
      ++tally.runs;
      (run.status.ok() ? tally.passed : tally.failed) += 1;
      const char* point = trigger == Trigger::Kind::kBusTransaction ? "bus transaction " : "NVM write ";
      // Every point of a clean run is reached, so a cut or a reset always lands; the other actions
      // wait for a transaction they can act on, which the last ones of a run may not offer.
      if (actions[a].action.kind == Action::Kind::kPowerCut || actions[a].action.kind == Action::Kind::kBrownOut) {
        EXPECT_EQ(run.faults.size(), 1u) << flow.name << ": " << actions[a].label << " at " << point << k;
      }
      for (const std::string& problem : judge(clean, run)) {
        ADD_FAILURE() << flow.name << ": " << actions[a].label << " at " << point << k << " ("
                      << (run.faults.empty() ? std::string("never fired") : sim::fault::describe(run.faults[0]))
                      << ") -> " << (run.status.ok() ? "PASS" : "FAIL: " + status_text(run.status)) << ": " << problem
                      << "\ntranscript:\n"
                      << run.transcript;
      }
    }
  }
  return tally;
}

TEST(FaultSweep, EveryBusTransactionTimesEveryBusActionOnTheStsafeFlows) {
  for (const SweptFlow& flow : stsafe_flows()) {
    const RunOutcome clean = run_flow(flow, std::nullopt);
    ASSERT_TRUE(clean.status.ok()) << flow.name << ": " << status_text(clean.status) << "\n" << clean.transcript;
    ASSERT_GT(clean.bus_transactions, 0u) << flow.name;
    const SweepTally t = sweep(flow, clean, Trigger::Kind::kBusTransaction, clean.bus_transactions, bus_actions());
    // Each action fails some runs (the fault is seen) and a retried address NACK passes some: a
    // sweep in which nothing failed, or nothing passed, did not reach the flow.
    EXPECT_GT(t.failed, 0u) << flow.name;
    EXPECT_GT(t.passed, 0u) << flow.name;
    std::printf("[ sweep    ] %s: %llu bus transactions, %llu runs, %llu passed, %llu failed\n", flow.name,
                static_cast<unsigned long long>(clean.bus_transactions), static_cast<unsigned long long>(t.runs),
                static_cast<unsigned long long>(t.passed), static_cast<unsigned long long>(t.failed));
  }
}

TEST(FaultSweep, EveryNvmWriteTimesPowerCutAndBrownOutOnTheNrfFlows) {
  for (const SweptFlow& flow : nrf_flows()) {
    const RunOutcome clean = run_flow(flow, std::nullopt);
    ASSERT_TRUE(clean.status.ok()) << flow.name << ": " << status_text(clean.status) << "\n" << clean.transcript;
    ASSERT_GT(clean.nvm_words, 0u) << flow.name;
    const SweepTally t = sweep(flow, clean, Trigger::Kind::kNvmWrite, clean.nvm_words, nvm_actions());
    EXPECT_GT(t.failed, 0u) << flow.name;
    std::printf("[ sweep    ] %s: %llu NVM writes, %llu runs, %llu passed, %llu failed\n", flow.name,
                static_cast<unsigned long long>(clean.nvm_words), static_cast<unsigned long long>(t.runs),
                static_cast<unsigned long long>(t.passed), static_cast<unsigned long long>(t.failed));
  }
}

}  // namespace
}  // namespace kb::test
