// keybench: run secure-element provisioning flows on simulated benches or real boards.
#include <boost/program_options/errors.hpp>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "simulator/fixture/json_view.h"
#include "tools/keybench/commands.h"

namespace {

void usage(std::ostream& out) {
  out << "usage: keybench COMMAND [options]\n\n"
         "commands:\n"
         "  run FLOW|all   run a provisioning flow on a target (default: the simulated bench)\n"
         "  list           list the flows and the bench fixtures\n"
         "  campaign FLOW  sweep a flow over every power-cut or bus cut point and check the oracles\n"
         "                 (campaign merge A.json B.json ... joins the reports of shards)\n"
         "  bench export-ca  write a simulated bench's CA certificate (PEM), to verify its chips with\n"
         "  serve          serve simulated benches on a Unix or TCP socket (targets remote:unix:PATH,\n"
         "                 remote:tcp:HOST:PORT)\n"
         "  trace show FILE  a transaction trace (run --trace / --record) as a table and command timings\n"
         "  replay FILE    play a recorded session's host side against the model; report the first divergence\n\n"
         "keybench COMMAND --help shows each command's options.\n";
}

// A reader that stops early (`keybench run ... | grep -m1 PASS`) must not kill a run halfway
// through a flow or before its state is saved: SIGPIPE is ignored, and a closed stdout is a warning.
void warn_if_stdout_closed() {
  std::cout.flush();
  if (std::fflush(stdout) != 0 || std::ferror(stdout) || !std::cout) {
    std::fprintf(stderr, "keybench: warning: standard output was closed before the run ended; the run completed\n");
  }
}

int dispatch(const std::string& command, const std::vector<std::string>& args) {
  if (command == "run") return kb::tools::run_command(args);
  if (command == "list") return kb::tools::list_command(args);
  if (command == "campaign") return kb::tools::campaign_command(args);
  if (command == "bench") return kb::tools::bench_command(args);
  if (command == "serve") return kb::tools::serve_command(args);
  if (command == "trace") return kb::tools::trace_command(args);
  if (command == "replay") return kb::tools::replay_command(args);
  std::cerr << "keybench: unknown command '" << command
            << "' (commands: run, list, campaign, bench, serve, trace, replay)\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);
  if (argc < 2) {
    usage(std::cerr);
    return 2;
  }
  std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    usage(std::cout);
    return 0;
  }
  std::vector<std::string> args(argv + 2, argv + argc);
  try {
    int rc = dispatch(command, args);
    warn_if_stdout_closed();
    return rc;
  } catch (const boost::program_options::error& e) {
    std::cerr << "keybench " << command << ": " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "keybench " << command << ": " << e.what() << "\n";
    return 1;
  }
}
