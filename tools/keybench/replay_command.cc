// keybench replay: play the host side of a recorded session (I2C transfers and nRF5340 register
// accesses) against the model and report the first place the model answers differently.
#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <optional>
#include <stdexcept>

#include "hal/host/stdio_console.h"
#include "hal/host/target.h"
#include "simulator/bench/bench.h"
#include "simulator/bus/i2c_bit_level.h"
#include "simulator/trace/transaction_trace.h"
#include "tools/keybench/commands.h"
#include "tools/keybench/trace_replay.h"

namespace po = boost::program_options;

namespace kb::tools {

namespace {

// A whole number of polls, digits only (no sign, no fraction, no spaces), 0..kMaxPollTolerance.
uint64_t poll_tolerance_of(const std::string& text) {
  const auto bad = [&] {
    return po::error("--poll-tolerance: '" + text + "' is not a whole number of polls from 0 to " +
                     std::to_string(kMaxPollTolerance));
  };
  if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos) throw bad();
  const uint64_t n = std::stoull(text);
  if (n > kMaxPollTolerance) throw bad();
  return n;
}

// "12 transactions in 9 steps on the transaction bus", with the register accesses where there were any.
std::string played(const ReplayResult& r) {
  std::string out = std::to_string(r.transactions) + " transactions";
  if (r.register_accesses > 0) out += ", " + std::to_string(r.register_accesses) + " register accesses";
  return out + " in " + std::to_string(r.steps) + " steps on the " + r.bus + " bus";
}

}  // namespace

int replay_command(const std::vector<std::string>& args) {
  po::options_description opts(
      "keybench replay FILE: play a recorded session's host side against the model and report the first "
      "divergence\n\nOptions");
  opts.add_options()("help,h", "show this help")(
      "target,t", po::value<std::string>(),
      "the simulated bench to play against: 'sim' or 'sim:PATH.json', starting as the recorded device did (default: "
      "the recording's own bench when it was made on one, else 'sim')")(
      "state,s", po::value<std::string>(), "load this state file into the bench first (it is not saved)")(
      "bus", po::value<std::string>(),
      "the bus level to play on: 'transaction' or 'rtl' (default: the one the recording names, else the bench's "
      "own)")(
      "poll-tolerance", po::value<std::string>(),
      "polls by which a wait may differ from the recording and still pass, as a note: NACKed I2C reads, or rounds "
      "of register reads giving the words the host waited through (0 to 10000; default 0, and 2 for a recording "
      "from a board: i2c:, the host's clock)")(
      "json",
      "print one JSON object (result, transactions, register accesses, poll notes, divergence) instead of lines");
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
    std::cout << "usage: keybench replay FILE [--target sim|sim:PATH.json] [--bus transaction|rtl] [--state FILE] "
                 "[--poll-tolerance N] [--json]\n\n"
              << opts
              << "\nExit status: 0 the model answered as recorded (waits within the poll tolerance are notes), 1 it "
                 "diverged (or the replay could not run), 2 "
                 "usage error.\n";
    return 0;
  }
  if (!vm.count("file")) throw po::error("missing FILE (a trace from keybench run --record or --trace)");
  std::optional<sim::BusLevel> bus_option;
  if (vm.count("bus")) {
    const std::string bus = vm["bus"].as<std::string>();
    if (bus != "transaction" && bus != "rtl") {
      throw po::error("--bus: '" + bus + "' is not a bus level (transaction, rtl)");
    }
    bus_option = bus == "rtl" ? sim::BusLevel::kRtl : sim::BusLevel::kTransaction;
  }
  std::optional<uint64_t> tolerance_option;
  if (vm.count("poll-tolerance")) tolerance_option = poll_tolerance_of(vm["poll-tolerance"].as<std::string>());
  const sim::trace::Trace trace = sim::trace::load_trace_file(vm["file"].as<std::string>());
  // A board's chip runs each command within its spread of the timing table, and its host's polls
  // land where the host's sleeps end: a poll or two either way is the board, not the model.
  const bool from_board = trace.header.clock == "host";
  const uint64_t tolerance = tolerance_option.value_or(from_board ? kBoardPollTolerance : 0);
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
  // The recording's bus unless --bus says otherwise: the RTL bus's START and STOP cost other times
  // than the transaction level's, so a session is replayed as it was run.
  const std::optional<sim::BusLevel> level =
      bus_option ? bus_option
      : trace.header.bus.empty()
          ? std::nullopt
          : std::optional(trace.header.bus == "rtl" ? sim::BusLevel::kRtl : sim::BusLevel::kTransaction);
  if (level) {
    try {
      target->bench()->set_bus_level(*level);
    } catch (const sim::BusLevelError& e) {
      throw std::runtime_error(std::string(bus_option ? "--bus " : "the recording's bus ") +
                               sim::bus_level_name(*level) + ": " + e.what() +
                               (bus_option ? "" : " (--bus transaction replays it on the transaction level)"));
    }
  }
  const ReplayResult r = replay_trace(trace, *target, tolerance);
  if (vm.count("json")) {
    std::cout << to_json(r).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return r.divergence ? 1 : 0;
  }
  for (const Divergence& n : r.poll_notes) std::cout << "keybench replay: note: " << describe(n) << "\n";
  if (r.divergence) {
    std::cout << "keybench replay: DIVERGED at " << describe(*r.divergence) << "\n";
  } else if (!r.poll_notes.empty()) {
    std::cout << "keybench replay: the model answered as recorded but for " << r.poll_notes.size()
              << " wait(s) within the poll tolerance of " << r.poll_tolerance << ": " << played(r) << "\n";
  } else {
    std::cout << "keybench replay: the model answered as recorded: " << played(r) << "\n";
  }
  return r.divergence ? 1 : 0;
}

}  // namespace kb::tools
