#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "hal/host/stdio_console.h"
#include "hal/host/target.h"
#include "simulator/bench/bench.h"
#include "simulator/fault/fault_injector.h"
#include "simulator/fault/fault_plan.h"
#include "tools/keybench/commands.h"
#include "tools/keybench/flow_registry.h"

namespace po = boost::program_options;

namespace kb::tools {

namespace {

struct RunRecord {
  std::string flow;
  bool passed = false;
  std::string reason;
  uint64_t simulated_ns = 0;
  double wall_ms = 0;
  std::string transcript;
  std::vector<sim::fault::FaultRecord> faults;
};

std::string reason_of(core::Status s) {
  char buf[128];
  return s.describe(buf, sizeof buf);
}

// Runs one flow on a freshly opened target. Throws on target/state errors (reported by the caller).
RunRecord run_one(const Flow& flow, const hal::host::TargetSpec& spec, const std::string& state_file, bool json,
                  const FlowOptions& options, const std::optional<sim::fault::FaultPlan>& plan) {
  hal::host::StdioConsole stdio;
  hal::host::CaptureConsole capture;
  hal::host::TeeConsole tee(stdio, capture);
  hal::Console& console = json ? static_cast<hal::Console&>(capture) : static_cast<hal::Console&>(tee);

  hal::host::TargetSpec flow_spec = spec;
  if (flow_spec.kind == hal::host::TargetSpec::Kind::kSim && flow_spec.fixture.empty() &&
      !flow.default_fixture.empty()) {
    flow_spec.fixture = std::string(KEYBENCH_FIXTURES_DIR) + "/" + std::string(flow.default_fixture);
  }
  auto target = hal::host::open_target(flow_spec, console);
  sim::Bench* bench = target->bench();
  if (!state_file.empty() && bench == nullptr) throw std::runtime_error("--state applies to simulated targets only");
  if (bench != nullptr && !state_file.empty() && std::filesystem::exists(state_file))
    bench->load_state_file(state_file);
  if (plan && bench == nullptr) throw std::runtime_error("--fault applies to simulated targets only");
  // After the state load, so the plan counts only the flow's own bus transactions and NVM writes;
  // a plan that does not fit the bench throws here, before the flow starts.
  if (plan) bench->install_fault_plan(*plan);

  RunRecord r;
  r.flow = std::string(flow.name);
  uint64_t start_ns = target->platform().clock.now_ns();
  auto wall_start = std::chrono::steady_clock::now();
  core::Status s = flow.run(*target, options);
  r.wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall_start).count();
  r.simulated_ns = target->platform().clock.now_ns() - start_ns;
  r.passed = s.ok();
  if (!r.passed) r.reason = reason_of(s);
  // The chip keeps whatever the flow did to it, pass or fail, as a real one would.
  if (bench != nullptr && !state_file.empty()) bench->save_state_file(state_file);
  r.transcript = capture.text();
  if (plan) r.faults = bench->faults()->records();
  return r;
}

}  // namespace

int run_command(const std::vector<std::string>& args) {
  po::options_description opts(
      "keybench run FLOW|all: run a provisioning flow (or every flow, each on a fresh bench)\n\nOptions");
  opts.add_options()("help,h", "show this help")("target,t", po::value<std::string>()->default_value("sim"),
                                                 hal::host::kAcceptedTargets)(
      "state,s", po::value<std::string>(),
      "simulated devices' state file: loaded before the run if it exists, saved after it")(
      "json", "print one JSON object (result, reason, simulated time, transcript) instead of the console")(
      "fault,f", po::value<std::string>(),
      "fault plan (JSON, \"format\": \"keybench-faults/1\"): inject its faults into the simulated run; "
      "each injected fault is listed on stderr, or under \"faults\" with --json")(
      "wait-key", "ask for a key press before writing keys, as the reference examples do")(
      "resume",
      "nRF flows: pick up after an interrupted run (lifecycle already PROVISIONING, keep whole keys, fill empty "
      "slots, revoke torn ones) instead of refusing as the reference applications do");
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
    std::cout << "usage: keybench run FLOW|all [--target T] [--state FILE] [--fault PLAN] [--json] [--wait-key] "
                 "[--resume]\n\n"
              << opts << "\nflows:";
    for (const auto& f : flows()) std::cout << " " << f.name;
    std::cout << "\n";
    return 0;
  }
  if (!vm.count("flow")) throw po::error("missing FLOW (see keybench list)");
  std::string name = vm["flow"].as<std::string>();
  std::vector<const Flow*> selected;
  if (name == "all") {
    for (const auto& f : flows()) selected.push_back(&f);
  } else if (const Flow* found = find_flow(name)) {
    selected.push_back(found);
  } else {
    std::string known;
    for (const auto& f : flows()) {
      // Appended in two steps: GCC 12 at -O3 reports a false -Wrestrict for " " + std::string(...).
      known += ' ';
      known += f.name;
    }
    throw po::error("unknown flow '" + name + "' (flows:" + known + ")");
  }
  hal::host::TargetSpec spec = hal::host::parse_target(vm["target"].as<std::string>());
  std::string state_file = vm.count("state") ? vm["state"].as<std::string>() : "";
  bool json = vm.count("json") > 0;
  FlowOptions options;
  options.wait_for_key = vm.count("wait-key") > 0;
  options.resume = vm.count("resume") > 0;
  // Read and checked before any flow runs: a bad plan stops the command with file, path and problem.
  std::optional<sim::fault::FaultPlan> plan;
  if (vm.count("fault")) plan = sim::fault::load_fault_plan_file(vm["fault"].as<std::string>());

  bool all_passed = true;
  nlohmann::json results = nlohmann::json::array();
  for (const Flow* f : selected) {
    RunRecord r = run_one(*f, spec, state_file, json, options, plan);
    all_passed = all_passed && r.passed;
    if (json) {
      nlohmann::json result = {{"flow", r.flow},       {"result", r.passed ? "pass" : "fail"},
                               {"reason", r.reason},   {"simulated_ns", r.simulated_ns},
                               {"wall_ms", r.wall_ms}, {"transcript", r.transcript}};
      if (plan) result["faults"] = sim::fault::to_json(r.faults);
      results.push_back(std::move(result));
    } else {
      for (const auto& fault : r.faults) std::fprintf(stderr, "keybench: %s\n", sim::fault::describe(fault).c_str());
      std::printf(" [keybench] %s: %s%s%s | simulated %.3f ms, wall %.3f ms\n", r.flow.c_str(),
                  r.passed ? "PASS" : "FAIL", r.passed ? "" : ": ", r.reason.c_str(), r.simulated_ns / 1e6, r.wall_ms);
    }
    if (!r.passed) std::fprintf(stderr, "keybench: %s failed: %s\n", r.flow.c_str(), r.reason.c_str());
  }
  if (json) std::cout << (results.size() == 1 ? results[0] : results).dump(2) << "\n";
  return all_passed ? 0 : 1;
}

}  // namespace kb::tools
