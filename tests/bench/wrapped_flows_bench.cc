// Throughput of the wrapped-key applications and of the symmetric-key commands on the simulator,
// through the full stack (firmware → host library → bus → STSAFE-A120 model). Targets (issue 3):
// every wrapped flow under 5 ms of wall time, simulated/wall ratio above 100. Each flow iteration
// runs on a fresh default bench; the command benchmarks run on one bench provisioned once, plain
// (default access conditions) and through the host secure channel (fact sheet 7.4 access
// conditions: Encrypt with C-ENC, Decrypt with R-ENC, Generate MAC under C-MAC/R-MAC).
#include <benchmark/benchmark.h>

#include <array>
#include <chrono>
#include <fstream>
#include <memory>
#include <string>

#include "core/stsafe/stsafe.h"
#include "firmware/wrapped_ccm/wrapped_ccm.h"
#include "firmware/wrapped_cmac/wrapped_cmac.h"
#include "hal/host/stdio_console.h"
#include "hal/host/target.h"
#include "simulator/bench/bench.h"
#include "tests/bench/thread_cpu_clock.h"
#include "tests/test_paths.h"

namespace {

using Clock = std::chrono::steady_clock;

std::string source_path(const char* relative) {
  return std::string(KEYBENCH_SOURCE_DIR) + "/" + relative;
}

struct Target {
  kb::hal::host::CaptureConsole console{{}, /*keep=*/false};
  std::unique_ptr<kb::hal::host::HostTarget> target;
  explicit Target(const std::string& fixture = "") {
    kb::hal::host::TargetSpec spec;
    spec.fixture = fixture;
    target = kb::hal::host::open_target(spec, console);
  }
  kb::hal::Platform& platform() { return target->platform(); }
  uint64_t now_ns() { return target->bench()->scheduler().now(); }
};

void report_flow(benchmark::State& state, uint64_t simulated_ns, double wall_s, double cpu_s) {
  state.counters["flows_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["wall_ms_per_flow"] = wall_s * 1e3 / static_cast<double>(state.iterations());
  state.counters["sim_ms_per_flow"] = static_cast<double>(simulated_ns) / 1e6 / static_cast<double>(state.iterations());
  state.counters["sim_per_wall"] = static_cast<double>(simulated_ns) / 1e9 / wall_s;
  state.counters["sim_per_cpu"] = static_cast<double>(simulated_ns) / 1e9 / cpu_s;
}

template <typename Options, kb::core::Status (*Run)(kb::hal::Platform&, const Options&)>
void flow_benchmark(benchmark::State& state) {
  uint64_t simulated = 0;
  double wall = 0, cpu = 0;
  for (auto _ : state) {
    state.PauseTiming();
    Target t;
    const uint64_t start = t.now_ns();
    state.ResumeTiming();
    const auto t0 = Clock::now();
    const auto c0 = kb::bench::ThreadCpuClock::now();
    kb::core::Status s = Run(t.platform(), Options{});
    cpu += std::chrono::duration<double>(kb::bench::ThreadCpuClock::now() - c0).count();
    wall += std::chrono::duration<double>(Clock::now() - t0).count();
    if (!s.ok()) state.SkipWithError("flow failed");
    simulated += t.now_ns() - start;
  }
  report_flow(state, simulated, wall, cpu);
}

void BM_WrappedCmacFlow(benchmark::State& state) {
  flow_benchmark<kb::fw::WrappedCmacOptions, kb::fw::run_wrapped_cmac>(state);
}
BENCHMARK(BM_WrappedCmacFlow)->Unit(benchmark::kMillisecond);

void BM_WrappedCcmFlow(benchmark::State& state) {
  flow_benchmark<kb::fw::WrappedCcmOptions, kb::fw::run_wrapped_ccm>(state);
}
BENCHMARK(BM_WrappedCcmFlow)->Unit(benchmark::kMillisecond);

// A bench where slot 3 holds the CMAC key and slot 5 the CCM* key, with a host session open on
// an initialised Stsafe. `protected_channel` selects the access-condition table.
struct ProvisionedChip {
  Target target;
  kb::core::stsafe::Stsafe se;
  bool ready = false;

  explicit ProvisionedChip(bool protected_channel)
      : target(protected_channel ? protected_fixture() : ""),
        se(target.platform().i2c, target.platform().clock, target.platform().crypto, 0x20) {
    ready = kb::fw::run_wrapped_cmac(target.platform(), {}).ok() && kb::fw::run_wrapped_ccm(target.platform(), {}).ok();
    ready = ready && se.init().ok();
    static const std::array<uint8_t, 16> kMac = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                                 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF};
    static const std::array<uint8_t, 16> kCipher = {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
                                                    0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF};
    ready = ready && se.open_host_session(kMac, kCipher).ok();
  }

  // The reference examples' recommended table (fact sheet 7.4) plus Generate MAC behind HOST.
  static std::string protected_fixture() {
    std::ifstream in(source_path("fixtures/benches/stsafe-recommended-ac.json"));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string anchor = "{\"code\": \"0x08\", \"access\": \"host\"},";
    const auto at = text.find(anchor);
    if (at != std::string::npos) text.insert(at + anchor.size(), "{\"code\": \"0x09\", \"access\": \"host\"},");
    const std::string path = "/tmp/keybench_wrapped_flows_bench_ac.json";
    std::ofstream(path) << text;
    return path;
  }
};

template <typename Command>
void command_benchmark(benchmark::State& state, bool protected_channel, Command command) {
  ProvisionedChip chip(protected_channel);
  if (!chip.ready) {
    state.SkipWithError("provisioning failed");
    return;
  }
  const uint64_t start = chip.target.now_ns();
  const auto t0 = Clock::now();
  for (auto _ : state) {
    if (!command(chip.se)) state.SkipWithError("command failed");
  }
  const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  state.counters["commands_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["sim_per_wall"] = static_cast<double>(chip.target.now_ns() - start) / 1e9 / wall;
}

const std::array<uint8_t, 16> kMessage = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
const std::array<uint8_t, 13> kNonce = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
const std::array<uint8_t, 8> kAad = {0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A};

bool generate_cmac(kb::core::stsafe::Stsafe& se) {
  std::array<uint8_t, 4> mac{};
  return se.generate_mac(3, kMessage, mac).ok();
}

bool ccm_encrypt(kb::core::stsafe::Stsafe& se) {
  std::array<uint8_t, 16> ct{};
  std::array<uint8_t, 4> tag{};
  return se.aes_ccm_encrypt(5, kNonce, kAad, kMessage, ct, tag).ok();
}

bool ccm_decrypt(kb::core::stsafe::Stsafe& se) {
  static const std::array<uint8_t, 16> kCiphertext = {0x69, 0x66, 0x30, 0xBB, 0x08, 0x0F, 0xE4, 0x1D,
                                                      0x61, 0x04, 0x89, 0xD3, 0xDA, 0x23, 0x21, 0x66};
  static const std::array<uint8_t, 4> kTag = {0x0E, 0xDB, 0xC6, 0x27};
  std::array<uint8_t, 16> plain{};
  auto ok = se.aes_ccm_decrypt(5, kNonce, kAad, kCiphertext, kTag, plain);
  return ok.ok() && *ok;
}

void BM_CmacGenerate(benchmark::State& state) {
  command_benchmark(state, state.range(0) != 0, generate_cmac);
}
BENCHMARK(BM_CmacGenerate)->ArgName("protected")->Arg(0)->Arg(1);

void BM_CcmEncrypt(benchmark::State& state) {
  command_benchmark(state, state.range(0) != 0, ccm_encrypt);
}
BENCHMARK(BM_CcmEncrypt)->ArgName("protected")->Arg(0)->Arg(1);

void BM_CcmDecrypt(benchmark::State& state) {
  command_benchmark(state, state.range(0) != 0, ccm_decrypt);
}
BENCHMARK(BM_CcmDecrypt)->ArgName("protected")->Arg(0)->Arg(1);

}  // namespace

BENCHMARK_MAIN();
