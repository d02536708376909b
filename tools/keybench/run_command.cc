#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "firmware/key_pair_generation/ecc_steps.h"
#include "hal/host/stdio_console.h"
#include "hal/host/target.h"
#include "simulator/bench/bench.h"
#include "simulator/fault/fault_injector.h"
#include "simulator/fault/fault_plan.h"
#include "simulator/files/atomic_file.h"
#include "simulator/files/file_lock.h"
#include "simulator/files/input_file.h"
#include "simulator/trace/bus_trace_recorder.h"
#include "simulator/trace/vcd.h"
#include "tools/keybench/atecc_profile.h"
#include "tools/keybench/bench_ca.h"
#include "tools/keybench/commands.h"
#include "tools/keybench/flow_registry.h"
#include "tools/keybench/recording_target.h"

namespace po = boost::program_options;

namespace kb::tools {

namespace {

constexpr int kFailed = 1;
constexpr int kUsage = 2;

struct RunRecord {
  std::string flow;
  enum class Result { kPass, kFail, kError } result = Result::kError;
  std::string reason;
  uint64_t simulated_ns = 0;
  double wall_ms = 0;
  std::string transcript;
  std::vector<sim::fault::FaultRecord> faults;
  std::vector<std::string> warnings;
};

const char* result_name(RunRecord::Result r) {
  switch (r) {
    case RunRecord::Result::kPass: return "pass";
    case RunRecord::Result::kFail: return "fail";
    case RunRecord::Result::kError: return "error";
  }
  return "error";
}

std::string reason_of(core::Status s) {
  char buf[128];
  return s.describe(buf, sizeof buf);
}

struct RunSettings {
  hal::host::TargetSpec spec;
  std::string state_file;
  bool json = false;
  FlowOptions options;
  std::optional<sim::fault::FaultPlan> plan;
  std::string plan_path;
  std::string vcd_file;  // --vcd: SCL, SDA and the decoded bytes of the bus
  std::string target_text;
  std::string trace_file;   // --trace: the bus's transactions (the host's on hardware)
  std::string record_file;  // --record: the host's transfers and register accesses
};

hal::host::TargetSpec spec_for(const Flow& flow, const hal::host::TargetSpec& spec, const FlowOptions& options) {
  hal::host::TargetSpec flow_spec = spec;
  const std::string_view fixture = options.se == "stsafe-a120" && !flow.stsafe_default_fixture.empty()
                                       ? flow.stsafe_default_fixture
                                       : flow.default_fixture;
  if (flow_spec.kind == hal::host::TargetSpec::Kind::kSim && flow_spec.fixture.empty() && !fixture.empty()) {
    flow_spec.fixture = std::string(KEYBENCH_FIXTURES_DIR) + "/" + std::string(fixture);
  }
  return flow_spec;
}

// Runs one flow on a freshly opened target. Throws on target and state errors; the caller records
// them as the flow's error.
void run_one(const Flow& flow, const RunSettings& s, RunRecord& r) {
  hal::host::StdioConsole stdio;
  hal::host::CaptureConsole capture;
  hal::host::TeeConsole tee(stdio, capture);
  hal::Console& console = s.json ? static_cast<hal::Console&>(capture) : static_cast<hal::Console&>(tee);

  // The bench the flow really runs on, so that a replay of its trace can find it.
  const hal::host::TargetSpec used = spec_for(flow, s.spec, s.options);
  auto target = hal::host::open_target(used, console);
  sim::Bench* bench = target->bench();
  if (!s.state_file.empty() && bench == nullptr) throw std::runtime_error("--state applies to simulated targets only");
  if (s.plan && bench == nullptr) throw std::runtime_error("--fault applies to simulated targets only");
  // A state file that does not exist yet is created by this run; any other problem reading it is
  // an error, never a fresh chip.
  if (bench != nullptr && !s.state_file.empty() && std::filesystem::exists(s.state_file)) {
    bench->load_state_file(s.state_file);
  }
  // After the state load, so the plan counts only the flow's own bus transactions and NVM writes;
  // a plan that does not fit the bench throws here, before the flow starts.
  if (s.plan) bench->install_fault_plan(*s.plan);
  std::optional<sim::trace::VcdRecorder> vcd;
  if (!s.vcd_file.empty()) vcd.emplace(bench->bus());
  // On a bench the trace is the bus's own view; on hardware only the host's transfers can be seen.
  std::optional<sim::trace::BusTraceRecorder> bus_trace;
  std::optional<RecordingTarget> host_trace;
  std::optional<RecordingTarget> recording;
  hal::host::HostTarget* running = target.get();
  const std::string target_text =
      used.kind == hal::host::TargetSpec::Kind::kSim && !used.fixture.empty() ? "sim:" + used.fixture : s.target_text;
  // A bench's virtual time, in this process or served over remote:; a board's host clock otherwise.
  const bool virtual_clock = used.kind != hal::host::TargetSpec::Kind::kI2cDev;
  // The bus level the bench runs at (the fixture's, or --bus), so that a replay plays on the same.
  const std::string bus_level = bench != nullptr ? sim::bus_level_name(bench->bus_level()) : "";
  if (!s.trace_file.empty()) {
    if (bench != nullptr) {
      bus_trace.emplace(*bench, sim::trace::TraceHeader{"virtual", "bus", target_text, r.flow, bus_level});
    } else {
      host_trace.emplace(*running, host_trace_header(virtual_clock, target_text, r.flow, bus_level));
      running = &*host_trace;
    }
  }
  if (!s.record_file.empty()) {
    recording.emplace(*running, host_trace_header(virtual_clock, target_text, r.flow, bus_level));
    running = &*recording;
  }
  if (s.options.resume && !flow.has_resume_mode) {
    r.warnings.push_back("--resume: " + r.flow + " has no resumable mode (it is resumable as it is); ignored");
  }

  uint64_t start_ns = target->platform().clock.now_ns();
  auto wall_start = std::chrono::steady_clock::now();
  core::Status status = flow.run(*running, s.options);
  r.wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall_start).count();
  r.simulated_ns = target->platform().clock.now_ns() - start_ns;
  r.result = status.ok() ? RunRecord::Result::kPass : RunRecord::Result::kFail;
  if (!status.ok()) r.reason = reason_of(status);
  r.transcript = capture.text();
  if (s.plan) {
    r.faults = bench->faults()->records();
    if (r.faults.empty()) {
      r.warnings.push_back("fault plan " + s.plan_path + " injected nothing into " + r.flow +
                           ": no trigger matched during the run");
    }
  }
  // The chip keeps whatever the flow did to it, pass or fail, as a real one would.
  if (bench != nullptr && !s.state_file.empty()) bench->save_state_file(s.state_file);
  if (vcd) vcd->save(s.vcd_file);
  if (bus_trace) bus_trace->save(s.trace_file);
  if (host_trace) host_trace->writer().save(s.trace_file);
  if (recording) recording->writer().save(s.record_file);
}

nlohmann::json record_json(const RunRecord& r, bool with_faults) {
  nlohmann::json j = {{"flow", r.flow},        {"result", result_name(r.result)},
                      {"reason", r.reason},    {"simulated_ns", r.simulated_ns},
                      {"wall_ms", r.wall_ms},  {"transcript", r.transcript},
                      {"warnings", r.warnings}};
  if (with_faults) j["faults"] = sim::fault::to_json(r.faults);
  return j;
}

void print_record(const RunRecord& r) {
  for (const auto& fault : r.faults) std::fprintf(stderr, "keybench: %s\n", sim::fault::describe(fault).c_str());
  for (const auto& w : r.warnings) std::fprintf(stderr, "keybench: warning: %s\n", w.c_str());
  if (r.result == RunRecord::Result::kError) return;
  const bool passed = r.result == RunRecord::Result::kPass;
  std::printf(" [keybench] %s: %s%s%s | simulated %.3f ms, wall %.3f ms\n", r.flow.c_str(), passed ? "PASS" : "FAIL",
              passed ? "" : ": ", r.reason.c_str(), r.simulated_ns / 1e6, r.wall_ms);
  std::fflush(stdout);
}

// One state file describes one bench: `run all --state` is refused when the flows use several.
void check_one_bench(const std::vector<const Flow*>& selected, const hal::host::TargetSpec& spec,
                     const FlowOptions& options) {
  std::vector<std::string> benches;
  for (const Flow* f : selected) {
    hal::host::TargetSpec s = spec_for(*f, spec, options);
    std::string name = s.fixture.empty() ? "the default bench" : s.fixture;
    if (std::find(benches.begin(), benches.end(), name) == benches.end()) benches.push_back(name);
  }
  if (benches.size() <= 1) return;
  std::string list;
  for (const auto& b : benches) {
    if (!list.empty()) list += ", ";
    list += b;
  }
  throw po::error("--state holds one bench, and these flows run on " + std::to_string(benches.size()) + " (" + list +
                  "); run them one at a time, or pick one bench with --target sim:PATH.json");
}

struct Parsed {
  std::vector<const Flow*> selected;
  RunSettings settings;
  bool no_wait = false;
};

}  // namespace

int run_command(const std::vector<std::string>& args) {
  po::options_description opts(
      "keybench run FLOW|all: run a provisioning flow (or every flow, each on a fresh bench)\n\nOptions");
  opts.add_options()("help,h", "show this help")("target,t", po::value<std::string>()->default_value("sim"),
                                                 hal::host::kAcceptedTargets)(
      "state,s", po::value<std::string>(),
      "simulated devices' state file: loaded before the run if it exists, saved after it (created 0600, "
      "locked for the whole run)")("no-wait", "with --state: fail at once when another run holds the state file")(
      "json", "print one JSON object (result, reason, simulated time, transcript) instead of the console")(
      "bus", po::value<std::string>(),
      "simulated targets: transaction (default: whole transactions, START/STOP one bit-time each) or rtl (the "
      "Verilated I2C target front end on bit-level SCL and SDA, with the I2C specification's timing)")(
      "vcd", po::value<std::string>(),
      "write SCL, SDA and the decoded bytes of the run as a VCD waveform (GTKWave, PulseView; "
      "docs/waveforms.md): the RTL bus's lines with --bus rtl, else edges synthesized from the transactions")(
      "trace", po::value<std::string>(),
      "write every I2C transaction of the run as JSON lines (format keybench-trace/1; docs/waveforms.md): on a "
      "simulated bench as the bus saw it, in virtual time, with each model's reading of the command, and every "
      "register access to a bench's nRF5340 named by the model; on hardware as the host saw it; read it with "
      "keybench trace show")(
      "record", po::value<std::string>(),
      "write the host's I2C transfers and register-bus reads and writes (nRF5340) of the run in the trace format, "
      "in the order made (host clock; the models' reading and register names where simulated), for keybench "
      "replay")("fault,f", po::value<std::string>(),
                "fault plan (JSON, \"format\": \"keybench-faults/1\"): inject its faults into the simulated run; "
                "each injected fault is listed on stderr, or under \"faults\" with --json")(
      "wait-key", "ask for a key press before writing keys, as the reference examples do")(
      "resume",
      "nRF flows: pick up after an interrupted run (lifecycle already PROVISIONING, keep whole keys, fill empty "
      "slots, revoke torn ones) instead of refusing as the reference applications do")(
      "profile", po::value<std::string>(),
      "atecc-configure-and-lock: the configuration profile (format keybench-atecc-profile/1; default "
      "fixtures/atecc-profiles/mbed-crypto-example.json)")(
      "curve", po::value<std::string>(),
      "key-pair-generation, ecdh: the curve, p256|p384|p521|bp256|bp384|bp512|x25519|ed25519 (default p256; ecdh "
      "takes no ed25519)")("slot", po::value<unsigned>(),
                           "key-pair-generation, ecdh: the private key slot (default 1 and 2)")(
      "ca", po::value<std::string>(),
      "device-authentication flows: the CA certificate (PEM or DER) the device certificate must chain to; "
      "default on a simulated bench: the bench CA (keybench bench export-ca); required on hardware")(
      "se", po::value<std::string>(),
      "factory-provisioning: the secure element holding the keys, atecc608a or stsafe-a120 (default: the "
      "bench's ATECC608A, else its STSAFE-A120)");
  po::options_description hidden;
  hidden.add_options()("flow", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("flow", 1);
  po::options_description all;
  all.add(opts).add(hidden);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << "usage: keybench run FLOW|all [--target T] [--bus transaction|rtl] [--vcd FILE] [--trace FILE] "
                 "[--record FILE] [--state FILE [--no-wait]] [--fault PLAN] [--json] "
                 "[--wait-key] [--resume] [--profile FILE] [--curve C] [--slot N] [--ca FILE] [--se "
                 "atecc608a|stsafe-a120]\n\n"
              << opts << "\nflows:";
    for (const auto& f : flows()) std::cout << " " << f.name;
    std::cout << "\n\nExit status: 0 every flow passed, 1 a flow failed or could not run, 2 usage error.\n";
    return 0;
  }
  const bool json = vm.count("json") > 0;
  // With --json every outcome is one JSON object on stdout, errors included.
  auto error_out = [&](const std::string& message, int code, const nlohmann::json& results) {
    std::cerr << "keybench run: " << message << "\n";
    if (json) {
      nlohmann::json j = {{"result", "error"}, {"reason", message}};
      if (!results.empty()) j["results"] = results;
      std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
    return code;
  };

  Parsed p;
  try {
    if (!vm.count("flow")) throw po::error("missing FLOW (see keybench list)");
    std::string name = vm["flow"].as<std::string>();
    if (name == "all") {
      for (const auto& f : flows()) p.selected.push_back(&f);
    } else if (const Flow* found = find_flow(name)) {
      p.selected.push_back(found);
    } else {
      std::string known;
      for (const auto& f : flows()) {
        // Appended in two steps: GCC 12 at -O3 reports a false -Wrestrict for " " + std::string(...).
        known += ' ';
        known += f.name;
      }
      throw po::error("unknown flow '" + name + "' (flows:" + known + ")");
    }
    try {
      p.settings.target_text = vm["target"].as<std::string>();
      p.settings.spec = hal::host::parse_target(p.settings.target_text);
    } catch (const std::invalid_argument& e) {
      throw po::error(e.what());
    }
    // Before --state: the secure element picks a flow's default bench.
    if (vm.count("se")) {
      p.settings.options.se = vm["se"].as<std::string>();
      if (p.settings.options.se != "atecc608a" && p.settings.options.se != "stsafe-a120")
        throw po::error("--se must be atecc608a or stsafe-a120, not '" + p.settings.options.se + "'");
      for (const Flow* f : p.selected) {
        if (!f->takes_se) throw po::error("--se: " + std::string(f->name) + " takes no secure-element choice");
      }
    }
    p.settings.state_file = vm.count("state") ? vm["state"].as<std::string>() : "";
    p.no_wait = vm.count("no-wait") > 0;
    if (p.no_wait && p.settings.state_file.empty()) throw po::error("--no-wait goes with --state");
    if (vm.count("state") && p.settings.state_file.empty()) throw po::error("--state needs a file name");
    if (!p.settings.state_file.empty()) {
      if (p.settings.spec.kind != hal::host::TargetSpec::Kind::kSim)
        throw po::error("--state applies to simulated targets only");
      check_one_bench(p.selected, p.settings.spec, p.settings.options);
    }
    if (vm.count("bus")) {
      const std::string bus = vm["bus"].as<std::string>();
      if (bus != "transaction" && bus != "rtl")
        throw po::error("--bus: '" + bus + "' is not a bus level (transaction, rtl)");
      if (p.settings.spec.kind != hal::host::TargetSpec::Kind::kSim)
        throw po::error("--bus applies to simulated targets only");
      p.settings.spec.rtl_bus = bus == "rtl";
    }
    if (vm.count("vcd")) {
      p.settings.vcd_file = vm["vcd"].as<std::string>();
      if (p.settings.vcd_file.empty()) throw po::error("--vcd needs a file name");
      if (p.settings.spec.kind != hal::host::TargetSpec::Kind::kSim)
        throw po::error("--vcd draws a simulated bus: it applies to simulated targets only");
      if (p.selected.size() != 1) throw po::error("--vcd holds one run: pick one flow");
    }
    for (const char* option : {"trace", "record"}) {
      if (!vm.count(option)) continue;
      std::string& file = std::string(option) == "trace" ? p.settings.trace_file : p.settings.record_file;
      file = vm[option].as<std::string>();
      if (file.empty()) throw po::error(std::string("--") + option + " needs a file name");
      if (p.selected.size() != 1) throw po::error(std::string("--") + option + " holds one run: pick one flow");
    }
    if (!p.settings.trace_file.empty() && p.settings.trace_file == p.settings.record_file)
      throw po::error("--trace and --record need two files");
    if (vm.count("fault") && p.settings.spec.kind != hal::host::TargetSpec::Kind::kSim)
      throw po::error("--fault applies to simulated targets only");
    if (vm.count("profile")) {
      p.settings.options.atecc_profile = vm["profile"].as<std::string>();
      if (p.settings.options.atecc_profile.empty()) throw po::error("--profile needs a file name");
      for (const Flow* f : p.selected) {
        if (!f->takes_profile) throw po::error("--profile: " + std::string(f->name) + " takes no profile");
      }
    }
    for (const char* key_option : {"curve", "slot"}) {
      if (!vm.count(key_option)) continue;
      for (const Flow* f : p.selected) {
        if (!f->takes_key_options) {
          throw po::error(std::string("--") + key_option + ": " + std::string(f->name) + " takes no " + key_option);
        }
      }
    }
    if (vm.count("curve")) {
      p.settings.options.curve = vm["curve"].as<std::string>();
      if (!fw::ecc::curve_from_option(p.settings.options.curve)) {
        throw po::error("--curve: unknown curve '" + p.settings.options.curve +
                        "' (curves: " + fw::ecc::curve_option_list() + ")");
      }
    }
    if (vm.count("slot")) {
      const unsigned slot = vm["slot"].as<unsigned>();
      if (slot > 0xFF) throw po::error("--slot: " + std::to_string(slot) + " is not a slot number (0..255)");
      p.settings.options.slot = static_cast<uint8_t>(slot);
    }
    if (vm.count("ca")) {
      p.settings.options.ca_certificate = vm["ca"].as<std::string>();
      if (p.settings.options.ca_certificate.empty()) throw po::error("--ca needs a file name");
      for (const Flow* f : p.selected) {
        if (!f->takes_ca) throw po::error("--ca: " + std::string(f->name) + " takes no CA certificate");
      }
    }
  } catch (const po::error& e) {
    return error_out(e.what(), kUsage, {});
  }
  p.settings.json = json;
  p.settings.options.wait_for_key = vm.count("wait-key") > 0;
  p.settings.options.resume = vm.count("resume") > 0;

  std::optional<sim::files::FileLock> lock;
  try {
    // Before any work: every output must be writable, and the state file is ours alone until the
    // run ends (load, flows, save), so a second run waits rather than losing this one's update.
    if (!p.settings.vcd_file.empty()) sim::files::check_writable(p.settings.vcd_file);
    if (!p.settings.trace_file.empty()) sim::files::check_writable(p.settings.trace_file);
    if (!p.settings.record_file.empty()) sim::files::check_writable(p.settings.record_file);
    if (!p.settings.state_file.empty()) {
      sim::files::check_writable(p.settings.state_file);
      auto wait = p.no_wait ? sim::files::FileLock::Wait::kFailAtOnce : sim::files::FileLock::Wait::kBlock;
      lock.emplace(p.settings.state_file, wait, "keybench run " + vm["flow"].as<std::string>(),
                   [&](const std::string& holder) {
                     std::fprintf(stderr, "keybench: waiting for %s (in use by %s)\n", p.settings.state_file.c_str(),
                                  holder.c_str());
                   });
    }
    // Read and checked before any flow runs: a bad plan stops the command with file, path and problem.
    // A bad profile stops the command with file, path and problem before any flow runs.
    if (!p.settings.options.atecc_profile.empty()) (void)load_atecc_profile(p.settings.options.atecc_profile);
    if (!p.settings.options.ca_certificate.empty()) (void)load_ca_file(p.settings.options.ca_certificate);
    if (vm.count("fault")) {
      p.settings.plan_path = vm["fault"].as<std::string>();
      p.settings.plan = sim::fault::load_fault_plan_file(p.settings.plan_path);
    }
  } catch (const std::exception& e) {
    return error_out(e.what(), kFailed, {});
  }

  bool all_passed = true;
  nlohmann::json results = nlohmann::json::array();
  for (const Flow* f : p.selected) {
    RunRecord r;
    r.flow = std::string(f->name);
    try {
      run_one(*f, p.settings, r);
    } catch (const std::exception& e) {
      r.result = RunRecord::Result::kError;
      r.reason = e.what();
    }
    all_passed = all_passed && r.result == RunRecord::Result::kPass;
    if (json) {
      results.push_back(record_json(r, p.settings.plan.has_value()));
    } else {
      print_record(r);
    }
    if (r.result != RunRecord::Result::kPass) {
      std::fprintf(stderr, "keybench: %s %s: %s\n", r.flow.c_str(),
                   r.result == RunRecord::Result::kFail ? "failed" : "could not run", r.reason.c_str());
    }
  }
  if (json) {
    // One flow: its record. Several: one object holding them all.
    nlohmann::json out = results.size() == 1
                             ? results[0]
                             : nlohmann::json{{"result", all_passed ? "pass" : "fail"}, {"results", results}};
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  }
  return all_passed ? 0 : kFailed;
}

}  // namespace kb::tools
