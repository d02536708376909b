// keybench: run secure-element provisioning flows on simulated benches or real boards.
#include <boost/program_options/errors.hpp>
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
         "                 (campaign merge A.json B.json ... joins the reports of shards)\n\n"
         "keybench COMMAND --help shows each command's options.\n";
}

}  // namespace

int main(int argc, char** argv) {
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
    if (command == "run") return kb::tools::run_command(args);
    if (command == "list") return kb::tools::list_command(args);
    if (command == "campaign") return kb::tools::campaign_command(args);
    std::cerr << "keybench: unknown command '" << command << "' (commands: run, list, campaign)\n";
    return 2;
  } catch (const boost::program_options::error& e) {
    std::cerr << "keybench " << command << ": " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "keybench " << command << ": " << e.what() << "\n";
    return 1;
  }
}
