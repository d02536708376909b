// keybench trace show: read a transaction trace (keybench run --trace / --record).
#include <boost/program_options.hpp>
#include <iostream>

#include "simulator/files/input_file.h"
#include "simulator/trace/trace_summary.h"
#include "simulator/trace/transaction_trace.h"
#include "tools/keybench/commands.h"
#include "tools/keybench/trace_table.h"

namespace po = boost::program_options;

namespace kb::tools {

int trace_command(const std::vector<std::string>& args) {
  po::options_description opts(
      "keybench trace show FILE: a transaction trace as a table and command timings\n\nOptions");
  opts.add_options()("help,h", "show this help")(
      "json", "print one JSON object (header, records, command timings) instead of the table");
  po::options_description hidden;
  hidden.add_options()("action", po::value<std::string>())("file", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("action", 1).add("file", 1);
  po::options_description all;
  all.add(opts).add(hidden);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << "usage: keybench trace show FILE [--json]\n\n"
              << opts << "\nExit status: 0 the trace was read, 1 it could not be read, 2 usage error.\n";
    return 0;
  }
  if (!vm.count("action") || vm["action"].as<std::string>() != "show") {
    throw po::error(vm.count("action") ? "unknown action '" + vm["action"].as<std::string>() + "' (actions: show)"
                                       : "missing action (actions: show)");
  }
  if (!vm.count("file")) throw po::error("show: missing FILE");
  const sim::trace::Trace trace = sim::trace::load_trace_file(vm["file"].as<std::string>());
  if (vm.count("json")) {
    const nlohmann::json out = {{"header", sim::trace::header_json(trace.header)},
                                {"records", sim::trace::records_json(trace)},
                                {"command_timing", sim::trace::timings_json(sim::trace::command_timings(trace))}};
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    std::cout << trace_table(trace);
  }
  return 0;
}

}  // namespace kb::tools
