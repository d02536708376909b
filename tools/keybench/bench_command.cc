// keybench bench export-ca: the CA certificate a simulated bench's STSAFE-A120 certificates chain to.
#include <boost/program_options.hpp>
#include <iostream>

#include "hal/host/stdio_console.h"
#include "hal/host/target.h"
#include "simulator/bench/bench.h"
#include "simulator/crypto/x509.h"
#include "simulator/files/atomic_file.h"
#include "tools/keybench/bench_ca.h"
#include "tools/keybench/commands.h"

namespace po = boost::program_options;

namespace kb::tools {

int bench_command(const std::vector<std::string>& args) {
  po::options_description opts("keybench bench export-ca: the bench CA certificate as PEM\n\nOptions");
  opts.add_options()("help,h", "show this help")(
      "target,t", po::value<std::string>()->default_value("sim"),
      "a simulated target: 'sim', 'sim:PATH.json' or a served bench 'remote:unix:PATH' / 'remote:tcp:HOST:PORT'")(
      "out,o", po::value<std::string>(), "write the PEM to FILE (atomically) instead of standard output");
  po::options_description hidden;
  hidden.add_options()("action", po::value<std::string>());
  po::positional_options_description pos;
  pos.add("action", 1);
  po::options_description all;
  all.add(opts).add(hidden);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << "usage: keybench bench export-ca [--target sim|sim:PATH.json|remote:...] [--out FILE]\n\n" << opts;
    return 0;
  }
  if (!vm.count("action") || vm["action"].as<std::string>() != "export-ca") {
    throw po::error(vm.count("action") ? "unknown action '" + vm["action"].as<std::string>() + "' (actions: export-ca)"
                                       : "missing action (actions: export-ca)");
  }
  hal::host::TargetSpec spec;
  try {
    spec = hal::host::parse_target(vm["target"].as<std::string>());
  } catch (const std::invalid_argument& e) {
    throw po::error(e.what());
  }
  if (spec.kind != hal::host::TargetSpec::Kind::kSim && spec.kind != hal::host::TargetSpec::Kind::kRemote) {
    throw po::error("export-ca: only a simulated bench has a bench CA; a real chip's CA comes from its issuer");
  }
  const std::string out = vm.count("out") ? vm["out"].as<std::string>() : "";
  if (vm.count("out") && out.empty()) throw po::error("--out needs a file name");
  if (!out.empty()) sim::files::check_writable(out);

  hal::host::CaptureConsole quiet;
  auto target = hal::host::open_target(spec, quiet);
  // In process, or asked of the server (docs/remote-protocol.md, the bench CA request).
  std::string pem;
  if (sim::Bench* bench = target->bench()) {
    pem = bench_ca_pem(*bench);
  } else {
    pem = sim::crypto::x509::to_pem(target->served_bench_ca().value());
  }
  if (out.empty()) {
    std::cout << pem;
  } else {
    sim::files::write_file_atomically(out, pem, sim::files::Privacy::kShared);
  }
  return 0;
}

}  // namespace kb::tools
