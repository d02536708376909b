// keybench replay: play the host side of a recorded session against the model and report the first
// place the model answers differently.
#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "hal/host/stdio_console.h"
#include "hal/host/target.h"
#include "simulator/bench/bench.h"
#include "simulator/trace/transaction_trace.h"
#include "tools/keybench/commands.h"
#include "tools/keybench/trace_replay.h"

namespace po = boost::program_options;

namespace kb::tools {

int replay_command(const std::vector<std::string>& args) {
  po::options_description opts(
      "keybench replay FILE: play a recorded session's host side against the model and report the first "
      "divergence\n\nOptions");
  opts.add_options()("help,h", "show this help")(
      "target,t", po::value<std::string>(),
      "the simulated bench to play against: 'sim' or 'sim:PATH.json', starting as the recorded device did (default: "
      "the recording's own bench when it was made on one, else 'sim')")(
      "state,s", po::value<std::string>(), "load this state file into the bench first (it is not saved)")(
      "json", "print one JSON object (result, transactions, divergence) instead of a line");
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("file", 1);
  po::options_description all;
  all.add(opts).add(hidden);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << "usage: keybench replay FILE [--target sim|sim:PATH.json] [--state FILE] [--json]\n\n"
              << opts
              << "\nExit status: 0 the model answered as recorded, 1 it diverged (or the replay could not run), 2 "
                 "usage error.\n";
    return 0;
  }
  if (!vm.count("file")) throw po::error("missing FILE (a trace from keybench run --record or --trace)");
  const sim::trace::Trace trace = sim::trace::load_trace_file(vm["file"].as<std::string>());
  if (!trace.registers.empty()) {
    // Playing only the I2C half would report a match nobody checked.
    throw std::runtime_error(vm["file"].as<std::string>() + " holds " + std::to_string(trace.registers.size()) +
                             " nRF5340 register accesses; replay plays I2C transactions only");
  }
  std::string target_text = "sim";
  if (vm.count("target")) {
    target_text = vm["target"].as<std::string>();
  } else if (trace.header.target.rfind("sim", 0) == 0) {
    target_text = trace.header.target;
  }
  hal::host::TargetSpec spec;
  try {
    spec = hal::host::parse_target(target_text);
  } catch (const std::invalid_argument& e) {
    throw po::error(e.what());
  }
  if (spec.kind != hal::host::TargetSpec::Kind::kSim) {
    throw po::error("replay plays against the model: the target must be 'sim' or 'sim:PATH.json'");
  }
  hal::host::CaptureConsole quiet;
  auto target = hal::host::open_target(spec, quiet);
  if (vm.count("state")) target->bench()->load_state_file(vm["state"].as<std::string>());
  const ReplayResult r = replay_trace(trace, *target);
  if (vm.count("json")) {
    std::cout << to_json(r).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else if (r.divergence) {
    std::cout << "keybench replay: DIVERGED at " << describe(*r.divergence) << "\n";
  } else {
    std::cout << "keybench replay: the model answered as recorded: " << r.transactions << " transactions in " << r.steps
              << " steps\n";
  }
  return r.divergence ? 1 : 0;
}

}  // namespace kb::tools
