// The simulator server's cost: request round trips per second on a Unix socket and on TCP
// loopback (`keybench serve` in a child process, one client), and the host key provisioning flow
// over remote: against the same flow in process, as a slowdown factor measured in the same run.
#include <benchmark/benchmark.h>

#include <chrono>

#include "firmware/host_key_provisioning/host_key_provisioning.h"
#include "hal/host/stdio_console.h"
#include "hal/host/target.h"
#include "hal/remote/remote_client.h"
#include "tests/flows/serve_process.h"

namespace {

std::string socket_path() {
  return "/tmp/keybench-remote-bench-" + std::to_string(::getpid()) + ".sock";
}

kb::test::ServerProcess& unix_server() {
  static kb::test::ServerProcess s({"--listen", "unix:" + socket_path()});
  return s;
}

kb::test::ServerProcess& tcp_server() {
  static kb::test::ServerProcess s({"--listen", "tcp:127.0.0.1:0"});
  return s;
}

void round_trips(benchmark::State& state, const std::string& where) {
  if (where.empty()) {
    state.SkipWithError("keybench serve did not start");
    return;
  }
  auto client = kb::hal::remote::RemoteClient::connect(kb::hal::remote::parse_endpoint(where), "");
  for (auto _ : state) benchmark::DoNotOptimize(client->now_ns());
  state.counters["round_trips_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_RoundTripUnix(benchmark::State& state) {
  round_trips(state, unix_server().where());
}
BENCHMARK(BM_RoundTripUnix)->UseRealTime();

void BM_RoundTripTcpLoopback(benchmark::State& state) {
  round_trips(state, tcp_server().where());
}
BENCHMARK(BM_RoundTripTcpLoopback)->UseRealTime();

// One run of the flow on a chip already provisioned once (the second-run path: queries, one put,
// one write), on the same target for every iteration, in process or over remote:.
double flow_seconds(benchmark::State& state, const std::string& target_text) {
  kb::hal::host::CaptureConsole console({}, /*keep=*/false);
  auto target = kb::hal::host::open_target(kb::hal::host::parse_target(target_text), console);
  kb::fw::HostKeyProvisioningOptions o;
  o.address7 = target->stsafe_address();
  if (!kb::fw::run_host_key_provisioning(target->platform(), o).ok()) state.SkipWithError("flow failed");
  double wall = 0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    if (!kb::fw::run_host_key_provisioning(target->platform(), o).ok()) state.SkipWithError("flow failed");
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  state.counters["flows_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  return wall / static_cast<double>(state.iterations());
}

double in_process_flow_s = 0;

void BM_HostKeyFlowInProcess(benchmark::State& state) {
  in_process_flow_s = flow_seconds(state, "sim");
}
BENCHMARK(BM_HostKeyFlowInProcess)->UseRealTime();

void BM_HostKeyFlowRemoteUnix(benchmark::State& state) {
  const double s = flow_seconds(state, "remote:" + unix_server().where());
  if (in_process_flow_s > 0) state.counters["slowdown_vs_in_process"] = s / in_process_flow_s;
}
BENCHMARK(BM_HostKeyFlowRemoteUnix)->UseRealTime();

void BM_HostKeyFlowRemoteTcp(benchmark::State& state) {
  const double s = flow_seconds(state, "remote:" + tcp_server().where());
  if (in_process_flow_s > 0) state.counters["slowdown_vs_in_process"] = s / in_process_flow_s;
}
BENCHMARK(BM_HostKeyFlowRemoteTcp)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
