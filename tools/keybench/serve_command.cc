// keybench serve: one or more benches as a service for other processes (docs/remote-protocol.md).
#include <boost/program_options.hpp>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "simulator/bench/bench.h"
#include "simulator/files/atomic_file.h"
#include "simulator/files/file_lock.h"
#include "simulator/files/input_file.h"
#include "tools/keybench/commands.h"
#include "tools/server/bench_server.h"
#include "tools/server/serve_loop.h"

namespace po = boost::program_options;

namespace kb::tools {

namespace {

std::string read_token(const std::string& path) {
  std::string token = sim::files::read_input_file(path, 4096);
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  if (token.empty()) throw po::error("--token-file " + path + " is empty");
  if (token.size() > hal::remote::kMaxTokenBytes) throw po::error("--token-file " + path + ": token over 256 bytes");
  return token;
}

// Seconds, a decimal number 0..86400 ("0.2", "60"); 0 disables the timeout.
std::chrono::nanoseconds parse_idle_timeout(const std::string& text) {
  double seconds = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [stop, ec] = std::from_chars(begin, end, seconds, std::chars_format::fixed);
  if (text.empty() || ec != std::errc() || stop != end || !std::isfinite(seconds) || seconds < 0 || seconds > 86400) {
    throw po::error("--idle-timeout '" + text + "': expected seconds, a number 0..86400 (0 disables)");
  }
  const auto ns = std::chrono::nanoseconds(static_cast<int64_t>(seconds * 1e9));
  if (seconds > 0 && ns.count() < 1000000) {
    throw po::error("--idle-timeout '" + text + "': under 0.001 s (0 disables)");
  }
  return ns;
}

}  // namespace

int serve_command(const std::vector<std::string>& args) {
  po::options_description opts("keybench serve: serve simulated benches to other processes\n\nOptions");
  opts.add_options()("help,h", "show this help")(
      "bench,b", po::value<std::vector<std::string>>(),
      "bench fixture (JSON) to serve; repeat for several (a client picks one by file name, remote:...#NAME); "
      "default: the default bench")("listen,l", po::value<std::string>(),
                                    "unix:PATH (created 0600) or tcp:HOST:PORT (loopback only without --allow-remote; "
                                    "port 0 picks one)")(
      "allow-remote", "let a TCP address other than loopback be used; requires --token-file")(
      "token-file", po::value<std::string>(), "a file whose content (one line) every client must present in its hello")(
      "state,s", po::value<std::string>(),
      "one bench only: load its device state from FILE at start if it exists, and save it there atomically "
      "on SIGTERM/SIGINT (created 0600); without it nothing is saved")(
      "max-clients", po::value<unsigned>()->default_value(16), "clients served at once (1..256); more get 'busy'")(
      "idle-timeout", po::value<std::string>()->default_value("60"),
      "seconds a client may stay silent (or stop mid-request) before it is disconnected; 0 disables");
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(opts).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << "usage: keybench serve [--bench FILE]... --listen unix:PATH|tcp:HOST:PORT [--allow-remote "
                 "--token-file FILE] [--state FILE] [--max-clients N] [--idle-timeout SECONDS]\n\n"
              << opts
              << "\nClients: any keybench target 'remote:unix:PATH' or 'remote:tcp:HOST:PORT' (token from "
                 "$KEYBENCH_REMOTE_TOKEN_FILE), or kb_remote_open in the C ABI.\n";
    return 0;
  }
  if (!vm.count("listen")) throw po::error("missing --listen unix:PATH or tcp:HOST:PORT");
  server::Listen listen;
  try {
    listen = server::parse_listen(vm["listen"].as<std::string>());
  } catch (const std::invalid_argument& e) {
    throw po::error(e.what());
  }
  const bool allow_remote = vm.count("allow-remote") > 0;
  if (allow_remote && !vm.count("token-file")) throw po::error("--allow-remote requires --token-file");
  if (allow_remote && listen.kind != server::Listen::Kind::kTcp) throw po::error("--allow-remote applies to tcp: only");
  const unsigned max_clients = vm["max-clients"].as<unsigned>();
  const std::chrono::nanoseconds idle_timeout = parse_idle_timeout(vm["idle-timeout"].as<std::string>());
  if (max_clients < 1 || max_clients > 256) throw po::error("--max-clients must be 1..256");
  std::vector<std::string> fixtures;
  if (vm.count("bench")) fixtures = vm["bench"].as<std::vector<std::string>>();
  if (fixtures.empty()) fixtures.emplace_back();
  if (fixtures.size() > server::kMaxBenches) throw po::error("at most 16 --bench");
  const std::string state_file = vm.count("state") ? vm["state"].as<std::string>() : "";
  if (vm.count("state") && state_file.empty()) throw po::error("--state needs a file name");
  if (!state_file.empty() && fixtures.size() > 1) throw po::error("--state holds one bench; serve one --bench with it");
  const std::string token = vm.count("token-file") ? read_token(vm["token-file"].as<std::string>()) : "";

  std::vector<std::unique_ptr<server::ServedBench>> benches;
  for (const auto& f : fixtures) {
    auto bench = f.empty() ? sim::Bench::make_default() : sim::Bench::from_file(f);
    benches.push_back(std::make_unique<server::ServedBench>(server::bench_name_for(f), std::move(bench)));
  }
  std::optional<sim::files::FileLock> lock;
  if (!state_file.empty()) {
    sim::files::check_writable(state_file);
    lock.emplace(state_file, sim::files::FileLock::Wait::kFailAtOnce, "keybench serve");
    if (std::filesystem::exists(state_file)) benches[0]->bench->load_state_file(state_file);
  }
  server::BenchServer handler(std::move(benches), token);

  server::LoopOptions loop;
  loop.max_clients = max_clients;
  loop.idle_timeout = idle_timeout;
  loop.allow_remote = allow_remote;
  loop.on_listening = [&](const std::string& where) {
    std::string names;
    for (size_t i = 0; i < handler.bench_count(); ++i) {
      if (!names.empty()) names += ", ";
      names += handler.bench(i).name;
    }
    std::printf("keybench serve: listening on %s (benches: %s)%s\n", where.c_str(), names.c_str(),
                token.empty() ? "" : " with a token");
    std::fflush(stdout);
  };
  loop.on_stop = [&]() -> int {
    if (state_file.empty()) {
      std::fprintf(stderr, "keybench serve: stopped; no --state, nothing saved\n");
      return 0;
    }
    try {
      handler.bench(0).bench->save_state_file(state_file);  // the atomic writer, 0600
      std::fprintf(stderr, "keybench serve: stopped; state saved to %s\n", state_file.c_str());
      return 0;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "keybench serve: stopped; could not save the state: %s\n", e.what());
      return 1;
    }
  };
  return server::serve(handler, listen, loop);
}

}  // namespace kb::tools
