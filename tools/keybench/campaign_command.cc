// keybench campaign FLOW --sweep power-cut|bus [--shard I/N] [--seed N] [--target T] --report OUT.json
// keybench campaign merge A.json B.json ... --report ALL.json
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "hal/host/target.h"
#include "tools/campaign/campaign_report.h"
#include "tools/campaign/campaign_runner.h"
#include "tools/campaign/summary_table.h"
#include "tools/keybench/commands.h"
#include "tools/keybench/flow_registry.h"

namespace po = boost::program_options;

namespace kb::tools {

namespace {

constexpr int kOraclesFailed = 1;
constexpr int kUsage = 2;

const char* kUsageText =
    "usage: keybench campaign FLOW --sweep power-cut|bus [--shard I/N] [--seed N] [--target T] --report OUT.json\n"
    "       keybench campaign merge A.json B.json ... --report ALL.json\n\n"
    "Runs FLOW once per cut point: every NVM word it programs (power-cut) or every host transaction it\n"
    "makes (bus), enumerated from a clean run. After each cut the bench is power-cycled, the flow runs\n"
    "again, and four oracles are checked. Exit status: 0 every oracle held, 1 one failed, 2 usage error.\n\n";

campaign::BenchRecipe recipe_for(const Flow& flow, const std::string& target_text, std::string& label) {
  hal::host::TargetSpec spec = hal::host::parse_target(target_text);
  if (spec.kind != hal::host::TargetSpec::Kind::kSim) {
    throw po::error("campaigns cut the power of simulated benches only; use --target sim or sim:PATH.json");
  }
  if (spec.fixture.empty() && !flow.default_fixture.empty()) {
    label = std::string(flow.default_fixture);
    return campaign::BenchRecipe::from_file(std::string(KEYBENCH_FIXTURES_DIR) + "/" + label);
  }
  if (spec.fixture.empty()) {
    label = "default";
    return campaign::BenchRecipe::default_bench();
  }
  label = spec.fixture;
  return campaign::BenchRecipe::from_file(spec.fixture);
}

int print_and_exit(const campaign::CampaignReport& report, bool all_rows) {
  std::cout << campaign::summary_table(report, all_rows);
  return report.passed() ? 0 : kOraclesFailed;
}

int merge_command(const std::vector<std::string>& inputs, const std::string& out, bool all_rows) {
  if (inputs.size() < 2) throw po::error("merge needs at least two reports");
  std::vector<std::pair<std::string, campaign::CampaignReport>> named;
  try {
    for (const auto& path : inputs) named.emplace_back(path, campaign::read_report(path));
    campaign::CampaignReport merged = campaign::merge_reports(named);
    campaign::write_report(merged, out);
    std::cout << "merged " << inputs.size() << " reports into " << out << "\n";
    return print_and_exit(merged, all_rows);
  } catch (const campaign::ReportError& e) {
    std::cerr << "keybench campaign merge: " << e.what() << "\n";
    return kUsage;
  }
}

}  // namespace

int campaign_command(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("help,h", "show this help")("sweep", po::value<std::string>(),
                                                 "power-cut (every NVM word) or bus (every host transaction)")(
      "shard", po::value<std::string>()->default_value("1/1"),
      "run only shard I of N (cut points whose index mod N is I-1); merge the reports afterwards")(
      "seed", po::value<uint64_t>()->default_value(1), "seed of the simulated host's randomness")(
      "target,t", po::value<std::string>()->default_value("sim"), "sim or sim:PATH.json (default: the flow's bench)")(
      "report", po::value<std::string>(), "write the JSON report here")(
      "all-rows", "print every cut point in the summary table, not only the failed and refused ones");
  po::options_description hidden;
  hidden.add_options()("args", po::value<std::vector<std::string>>());
  po::positional_options_description pos;
  pos.add("args", -1);
  po::options_description all;
  all.add(opts).add(hidden);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << kUsageText << opts << "\nflows:";
    for (const auto& f : flows()) std::cout << " " << f.name;
    std::cout << "\n";
    return 0;
  }
  const auto positional = vm.count("args") ? vm["args"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (positional.empty()) throw po::error("missing FLOW or 'merge' (see keybench campaign --help)");
  if (!vm.count("report")) throw po::error("missing --report OUT.json");
  const std::string report_path = vm["report"].as<std::string>();
  const bool all_rows = vm.count("all-rows") > 0;

  if (positional[0] == "merge") {
    return merge_command(std::vector<std::string>(positional.begin() + 1, positional.end()), report_path, all_rows);
  }
  if (positional.size() > 1) throw po::error("one FLOW per campaign (got '" + positional[1] + "' too)");
  const Flow* flow = find_flow(positional[0]);
  if (flow == nullptr) {
    std::string known;
    for (const auto& f : flows()) known += " " + std::string(f.name);
    throw po::error("unknown flow '" + positional[0] + "' (flows:" + known + ")");
  }
  if (!vm.count("sweep")) throw po::error("missing --sweep power-cut|bus");
  auto sweep = campaign::parse_sweep(vm["sweep"].as<std::string>());
  if (!sweep) throw po::error("--sweep must be power-cut or bus, not '" + vm["sweep"].as<std::string>() + "'");

  campaign::CampaignSpec spec;
  spec.flow = flow;
  spec.sweep = *sweep;
  spec.seed = vm["seed"].as<uint64_t>();
  try {
    spec.shard = campaign::parse_shard(vm["shard"].as<std::string>());
  } catch (const std::invalid_argument& e) {
    throw po::error(e.what());
  }
  spec.bench = recipe_for(*flow, vm["target"].as<std::string>(), spec.fixture);

  const auto wall_start = std::chrono::steady_clock::now();
  campaign::Campaign c(spec);
  campaign::ProgressBar bar(stderr, std::string(flow->name) + " " + std::string(campaign::sweep_name(*sweep)));
  campaign::CampaignReport report = c.run([&](size_t done, size_t total) { bar.update(done, total); });
  bar.finish();
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  campaign::write_report(report, report_path);
  std::printf("clean run: %llu NVM words, %llu host transactions, %.3f ms simulated\n",
              static_cast<unsigned long long>(c.clean().nvm_words),
              static_cast<unsigned long long>(c.clean().transactions), c.clean().simulated_ns / 1e6);
  std::printf("%zu cut points in %.2f s wall (%.0f cut points/s); report: %s\n\n", report.cut_points.size(), wall_s,
              wall_s > 0 ? report.cut_points.size() / wall_s : 0.0, report_path.c_str());
  return print_and_exit(report, all_rows);
}

}  // namespace kb::tools
