// Campaign throughput (issue 5): cut points per second for the power-cut sweep of host key
// provisioning, as a ratio against a baseline measured in the same run (one clean run of the flow
// on a fresh bench, which is what each cut point costs at least twice: the cut run and the re-run).
// The target is every sweep of every flow in under 60 s on one core; BM_EverySweepOfEveryFlow
// measures that total.
#include <benchmark/benchmark.h>

#include <chrono>

#include "tests/test_paths.h"
#include "tools/campaign/campaign_runner.h"

namespace {

using kb::tools::campaign::BenchRecipe;
using kb::tools::campaign::Campaign;
using kb::tools::campaign::CampaignSpec;
using kb::tools::campaign::Sweep;

CampaignSpec spec_for(const kb::tools::Flow& flow, Sweep sweep) {
  CampaignSpec s;
  s.flow = &flow;
  s.sweep = sweep;
  s.fixture = flow.default_fixture.empty() ? "default" : std::string(flow.default_fixture);
  if (!flow.default_fixture.empty()) {
    s.bench = BenchRecipe::from_file(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/" + s.fixture);
  }
  return s;
}

// Wall seconds per clean run of the flow, measured now.
double clean_run_seconds(const Campaign& c) {
  constexpr int kRuns = 50;
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < kRuns; ++i) benchmark::DoNotOptimize(c.run_clean_once());
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / kRuns;
}

void BM_HostKeyProvisioningPowerCutSweep(benchmark::State& state) {
  Campaign c(spec_for(*kb::tools::find_flow("host-key-provisioning"), Sweep::kPowerCut));
  const double baseline = clean_run_seconds(c);
  size_t cut_points = 0;
  double wall = 0;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    auto report = c.run();
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!report.passed()) state.SkipWithError("an oracle failed");
    cut_points += report.cut_points.size();
  }
  state.counters["cut_points_per_s"] = benchmark::Counter(static_cast<double>(cut_points), benchmark::Counter::kIsRate);
  state.counters["clean_runs_per_s"] = 1.0 / baseline;
  // How many clean runs one cut point costs (cut run + power cycle + re-run + oracles).
  state.counters["cut_point_in_clean_runs"] = wall / static_cast<double>(cut_points) / baseline;
}
BENCHMARK(BM_HostKeyProvisioningPowerCutSweep)->Unit(benchmark::kMillisecond);

void BM_EverySweepOfEveryFlow(benchmark::State& state) {
  size_t cut_points = 0;
  for (auto _ : state) {
    for (const auto& flow : kb::tools::flows()) {
      if (!flow.in_campaigns) continue;
      for (Sweep sweep : {Sweep::kPowerCut, Sweep::kBus}) {
        Campaign c(spec_for(flow, sweep));
        auto report = c.run();
        if (!report.passed()) state.SkipWithError("an oracle failed");
        cut_points += report.cut_points.size();
      }
    }
  }
  state.counters["cut_points"] = static_cast<double>(cut_points) / static_cast<double>(state.iterations());
  state.counters["cut_points_per_s"] = benchmark::Counter(static_cast<double>(cut_points), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EverySweepOfEveryFlow)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
