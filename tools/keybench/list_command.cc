#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>

#include "simulator/bench/bench.h"
#include "tools/keybench/commands.h"
#include "tools/keybench/flow_registry.h"

namespace po = boost::program_options;

namespace kb::tools {

int list_command(const std::vector<std::string>& args) {
  po::options_description opts("keybench list: show the flows and the bench fixtures\n\nOptions");
  opts.add_options()("help,h", "show this help")(
      "fixtures", po::value<std::string>()->default_value(KEYBENCH_FIXTURES_DIR), "folder of bench fixtures to list");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << "usage: keybench list [--fixtures DIR]\n\n" << opts << "\n";
    return 0;
  }
  std::cout << "flows:\n";
  for (const auto& f : flows()) std::cout << "  " << f.name << "\n      " << f.description << "\n";

  std::cout << "\nbenches (use as --target sim:PATH):\n  sim\n      the default bench: factory-personalised "
               "STSAFE-A120 at 0x20, 400 kHz\n";
  namespace fs = std::filesystem;
  fs::path dir = vm["fixtures"].as<std::string>();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    std::cout << "  (no fixture folder at " << dir.string() << ")\n";
    return 0;
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& p : files) {
    std::string description;
    try {
      auto j = sim::load_json_file(p.string());
      description = j.value("description", "");
    } catch (const std::exception& e) {
      description = std::string("unreadable: ") + e.what();
    }
    std::cout << "  sim:" << p.string() << "\n      " << description << "\n";
  }
  return 0;
}

}  // namespace kb::tools
