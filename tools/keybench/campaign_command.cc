// keybench campaign FLOW --sweep power-cut|bus [--mode reference|resumable] [--shard I/N|auto [--shards N]] [--seed N]
//                        [--target T] --report OUT.json
// keybench campaign factory-provisioning --sweep power-cut [--se atecc608a|stsafe-a120]
//                        [--mode reference|destroy-key|destroy-factory-key] [--seed N] [--target T]
//                        --report OUT.json
// keybench campaign merge A.json [B.json ...] --report ALL.json
#include <sys/stat.h>

#include <boost/program_options.hpp>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>

#include "hal/host/target.h"
#include "simulator/files/atomic_file.h"
#include "simulator/files/input_file.h"
#include "simulator/fixture/json_view.h"
#include "tools/campaign/campaign_report.h"
#include "tools/campaign/campaign_runner.h"
#include "tools/campaign/report_file.h"
#include "tools/campaign/report_merge.h"
#include "tools/campaign/summary_table.h"
#include "tools/keybench/commands.h"
#include "tools/keybench/flow_registry.h"

#ifndef KEYBENCH_HAVE_PSA
#define KEYBENCH_HAVE_PSA 0
#endif
#if KEYBENCH_HAVE_PSA
#include "tools/campaign/psa/psa_campaign.h"
#endif

namespace po = boost::program_options;

namespace kb::tools {

namespace {

constexpr int kPassed = 0;
constexpr int kOraclesFailed = 1;
constexpr int kUsage = 2;
constexpr int kNothingChecked = 3;

const char* kUsageText =
    "usage: keybench campaign FLOW --sweep power-cut|bus [--mode reference|resumable] [--shard I/N|auto [--shards N]] "
    "[--seed N]\n"
    "                         [--target T] --report OUT.json\n"
    "       keybench campaign factory-provisioning --sweep power-cut [--se atecc608a|stsafe-a120]\n"
    "                         [--mode reference|destroy-key|destroy-factory-key] [--seed N] [--target T]\n"
    "                         --report OUT.json\n"
    "       keybench campaign merge A.json [B.json ...] --report ALL.json\n\n"
    "Runs FLOW once per cut point: every NVM word it programs (power-cut) or every host transaction it\n"
    "makes (bus), enumerated from a clean run. After each cut the bench is power-cycled, the flow runs\n"
    "again, and five oracles are checked (no usable partial key, rolled back or completed, the re-run\n"
    "converges, no false success, no success after a failed step). factory-provisioning (PSA Crypto)\n"
    "has its own power-cut campaign: every ITS and secure-element NVM write cut, then an application\n"
    "boot on stock Mbed TLS (reported) and with kb_psa_recover() (the recovery and the boot after it\n"
    "also cut before each of their own writes), and the flow re-run (--sweep power-cut, no shards;\n"
    "--se atecc608a or stsafe-a120, the chip holding the keys; --mode reference, the factory flow,\n"
    "destroy-key, psa_destroy_key of key 18 on the provisioned device, or destroy-factory-key,\n"
    "psa_destroy_key of the factory key 16, kept on the chip and registered again). --mode picks how\n"
    "the flow runs otherwise:\n"
    "reference (the default, as `keybench run FLOW`) or resumable (as `keybench run FLOW --resume`).\n"
    "merge joins the reports of every shard of one sweep (1/N .. N/N, each once; one report that\n"
    "already holds them all is fine); shards of different builds, benches, modes or seeds never merge.\n"
    "--report is checked before anything runs; it may not be the bench fixture or a report being merged.\n\n"
    "Exit status: 0 every oracle held at every cut point; 1 an oracle failed (or the flow fails on a\n"
    "clean run); 2 usage error, unreadable or invalid input (fixture, report), refused merge, or an\n"
    "output that cannot be written; 3 nothing was checked (the shard or the merge has no cut points).\n\n";

// The same file: same device and inode, whatever the spelling or the symlinks on the way.
bool same_file(const std::string& a, const std::string& b) {
  struct stat sa, sb;
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

void check_report_path(const std::string& report_path) {
  try {
    sim::files::check_writable(report_path);
  } catch (const sim::files::FileError& e) {
    throw po::error(std::string("--report: ") + e.what());
  }
}

// The fixture file a target string names for this flow; empty for the built-in default bench.
// stsafe_fixture: the flow's default bench for the STSAFE-A120, when that chip was chosen.
std::string fixture_path(const Flow& flow, const std::string& target_text, std::string& label,
                         std::string_view stsafe_fixture = {}) {
  hal::host::TargetSpec spec;
  try {
    spec = hal::host::parse_target(target_text);
  } catch (const std::invalid_argument& e) {
    throw po::error(std::string("--target: ") + e.what());
  }
  if (spec.kind != hal::host::TargetSpec::Kind::kSim) {
    throw po::error("campaigns cut the power of simulated benches only; use --target sim or sim:PATH.json");
  }
  if (spec.fixture.empty() && !stsafe_fixture.empty()) {
    label = std::string(stsafe_fixture);
    return std::string(KEYBENCH_FIXTURES_DIR) + "/" + label;
  }
  if (spec.fixture.empty() && !flow.default_fixture.empty()) {
    label = std::string(flow.default_fixture);
    return std::string(KEYBENCH_FIXTURES_DIR) + "/" + label;
  }
  label = spec.fixture.empty() ? "default" : spec.fixture;
  return spec.fixture;
}

campaign::BenchRecipe load_bench(const std::string& path) {
  if (path.empty()) return campaign::BenchRecipe::default_bench();
  try {
    return campaign::BenchRecipe::from_file(path);
  } catch (const sim::files::InputError& e) {
    throw po::error(std::string("--target: ") + e.what());
  } catch (const sim::FixtureError& e) {
    throw po::error(std::string("--target: ") + e.what());
  }
}

uint64_t parse_seed(const std::string& text) {
  uint64_t seed = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    throw po::error("--seed must be a whole number from 0 to 18446744073709551615, not '" + text + "'");
  }
  return seed;
}

int verdict(const campaign::CampaignReport& report, bool all_rows) {
  std::cout << campaign::summary_table(report, all_rows);
  if (report.cut_points.empty()) {
    std::cerr << "keybench campaign: nothing checked: " << campaign::nothing_checked(report) << "\n";
    return kNothingChecked;
  }
  return report.passed() ? kPassed : kOraclesFailed;
}

int merge_command(const std::vector<std::string>& inputs, const std::string& out, bool all_rows) {
  if (inputs.empty()) throw po::error("merge needs the report of every shard (campaign merge A.json B.json ...)");
  check_report_path(out);
  for (const auto& path : inputs) {
    if (same_file(path, out)) throw po::error("--report " + out + " is " + path + ", one of the reports to merge");
  }
  std::vector<std::pair<std::string, campaign::CampaignReport>> named;
  try {
    for (const auto& path : inputs) named.emplace_back(path, campaign::read_report(path));
    campaign::CampaignReport merged = campaign::merge_reports(named);
    campaign::write_report(merged, out);
    std::cout << "merged " << inputs.size() << " report(s) into " << out << "\n";
    return verdict(merged, all_rows);
  } catch (const campaign::ReportError& e) {
    std::cerr << "keybench campaign merge: " << e.what() << "\n";
    return kUsage;
  }
}

#if KEYBENCH_HAVE_PSA
// The power-cut campaign through the PSA core: one sweep (every ITS and secure-element NVM write),
// one mode, run whole (its reports are not sharded or merged).
int psa_campaign_command(const Flow& flow, const po::variables_map& vm, const std::string& report_path, bool all_rows) {
  if (!vm.count("sweep")) throw po::error("missing --sweep power-cut");
  if (vm["sweep"].as<std::string>() != "power-cut") {
    throw po::error("the campaign of " + std::string(flow.name) +
                    " cuts power at every ITS and secure-element NVM write: --sweep power-cut, not '" +
                    vm["sweep"].as<std::string>() + "'");
  }
  const auto mode = campaign::psa::parse_psa_mode(vm["mode"].as<std::string>());
  if (!mode) {
    throw po::error("--mode of " + std::string(flow.name) +
                    " must be reference (the factory flow), destroy-key (psa_destroy_key of key 18 after it) or "
                    "destroy-factory-key (psa_destroy_key of the factory key 16 after it), not '" +
                    vm["mode"].as<std::string>() + "'");
  }
  const std::string se = vm.count("se") ? vm["se"].as<std::string>() : "atecc608a";
  const auto chip = campaign::psa::parse_chip(se);
  if (!chip) throw po::error("--se must be atecc608a or stsafe-a120, not '" + se + "'");
  if (vm["shard"].as<std::string>() != "1/1" || vm.count("shards")) {
    throw po::error("the campaign of " + std::string(flow.name) + " runs whole: no --shard or --shards");
  }
  campaign::psa::PsaCampaignSpec spec;
  spec.flow = std::string(flow.name);
  spec.chip = *chip;
  spec.mode = *mode;
  spec.seed = parse_seed(vm["seed"].as<std::string>());
  check_report_path(report_path);
  const std::string fixture =
      fixture_path(flow, vm["target"].as<std::string>(), spec.fixture,
                   *chip == campaign::psa::Chip::kStsafeA120 ? flow.stsafe_default_fixture : std::string_view{});
  if (!fixture.empty() && same_file(fixture, report_path)) {
    throw po::error("--report " + report_path + " is the bench fixture " + fixture + "; write the report elsewhere");
  }
  spec.bench = load_bench(fixture);
  try {
    campaign::psa::chip_device(*spec.bench.make(), *chip);
  } catch (const std::runtime_error& e) {
    throw po::error("--target " + spec.fixture + ": " + e.what() + " (--se " + se + ")");
  }

  const auto wall_start = std::chrono::steady_clock::now();
  campaign::psa::PsaCampaign c(spec);
  campaign::ProgressBar bar(stderr, std::string(flow.name) + " power-cut");
  const campaign::psa::PsaCampaignReport report = c.run([&](size_t done, size_t total) { bar.update(done, total); });
  bar.finish();
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  campaign::psa::write_psa_report(report, report_path);
  std::printf("clean run (%s, %s): %llu NVM writes (MCU flash ITS and %s NVM), %.3f ms simulated\n",
              report.mode.c_str(), report.secure_element.c_str(), static_cast<unsigned long long>(c.total_cut_points()),
              report.secure_element.c_str(), c.clean_simulated_ns() / 1e6);
  std::printf("%zu cut points in %.2f s wall (%.0f cut points/s); report: %s\n\n", report.cut_points.size(), wall_s,
              wall_s > 0 ? report.cut_points.size() / wall_s : 0.0, report_path.c_str());
  std::fflush(stdout);
  std::cout << campaign::psa::psa_summary_table(report, all_rows);
  if (report.cut_points.empty()) return kNothingChecked;
  return report.passed() ? kPassed : kOraclesFailed;
}
#endif

}  // namespace

int campaign_command(const std::vector<std::string>& args) {
  po::options_description opts("Options");
  opts.add_options()("help,h", "show this help")("sweep", po::value<std::string>(),
                                                 "power-cut (every NVM word) or bus (every host transaction)")(
      "mode", po::value<std::string>()->default_value("reference"),
      "reference (the flow as `keybench run` runs it) or resumable (as `keybench run --resume`)")(
      "shard", po::value<std::string>()->default_value("1/1"),
      "run only shard I of N (cut points whose index mod N is I-1); merge the reports afterwards. 'auto': I and N "
      "from GitLab's CI_NODE_INDEX/CI_NODE_TOTAL or a Kubernetes Indexed Job's JOB_COMPLETION_INDEX with --shards "
      "N or KEYBENCH_SHARDS (docs/campaigns-at-scale.md)")(
      "shards", po::value<std::string>(),
      "with --shard auto: the number of shards (a Kubernetes Indexed Job's "
      "completions)")("seed", po::value<std::string>()->default_value("1"), "seed of the simulated host's randomness")(
      "target,t", po::value<std::string>()->default_value("sim"), "sim or sim:PATH.json (default: the flow's bench)")(
      "report", po::value<std::string>(), "write the JSON report here")(
      "se", po::value<std::string>(),
      "factory-provisioning: the secure element holding the keys, atecc608a (default) or stsafe-a120")(
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
    for (const auto& f : flows()) {
      // Appended in two steps: GCC 12 at -O3 reports a false -Wrestrict for " " + std::string(...).
      known += ' ';
      known += f.name;
    }
    throw po::error("unknown flow '" + positional[0] + "' (flows:" + known + ")");
  }
#if KEYBENCH_HAVE_PSA
  if (flow->psa_campaign) return psa_campaign_command(*flow, vm, report_path, all_rows);
#endif
  if (vm.count("se")) throw po::error("--se: the campaign of " + std::string(flow->name) + " takes no secure element");
  if (!flow->in_campaigns) {
    throw po::error("the campaigns do not cover " + std::string(flow->name));
  }
  if (!vm.count("sweep")) throw po::error("missing --sweep power-cut|bus");
  auto sweep = campaign::parse_sweep(vm["sweep"].as<std::string>());
  if (!sweep) throw po::error("--sweep must be power-cut or bus, not '" + vm["sweep"].as<std::string>() + "'");
  auto mode = campaign::parse_mode(vm["mode"].as<std::string>());
  if (!mode) throw po::error("--mode must be reference or resumable, not '" + vm["mode"].as<std::string>() + "'");

  campaign::CampaignSpec spec;
  spec.flow = flow;
  spec.sweep = *sweep;
  spec.mode = *mode;
  spec.seed = parse_seed(vm["seed"].as<std::string>());
  try {
    const std::string shard = vm["shard"].as<std::string>();
    if (shard == "auto") {
      std::optional<uint64_t> shards;
      if (vm.count("shards")) {
        const std::string text = vm["shards"].as<std::string>();
        uint64_t n = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
        if (text.empty() || ec != std::errc() || end != text.data() + text.size() || n == 0) {
          throw std::invalid_argument("--shards '" + text + "': expected a number of shards, at least 1");
        }
        shards = n;
      }
      spec.shard = campaign::resolve_auto_shard(campaign::process_environment(), shards);
    } else {
      if (vm.count("shards")) throw std::invalid_argument("--shards goes with --shard auto");
      spec.shard = campaign::parse_shard(shard);
    }
  } catch (const std::invalid_argument& e) {
    throw po::error(e.what());
  }
  // Every check on the output before the first flow runs.
  check_report_path(report_path);
  const std::string fixture = fixture_path(*flow, vm["target"].as<std::string>(), spec.fixture);
  if (!fixture.empty() && same_file(fixture, report_path)) {
    throw po::error("--report " + report_path + " is the bench fixture " + fixture + "; write the report elsewhere");
  }
  spec.bench = load_bench(fixture);

  const auto wall_start = std::chrono::steady_clock::now();
  campaign::Campaign c(spec);
  campaign::ProgressBar bar(stderr, std::string(flow->name) + " " + std::string(campaign::sweep_name(*sweep)));
  campaign::CampaignReport report = c.run([&](size_t done, size_t total) { bar.update(done, total); });
  bar.finish();
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
  campaign::write_report(report, report_path);
  std::printf("clean run (%s): %llu NVM words, %llu host transactions, %.3f ms simulated\n",
              std::string(campaign::mode_name(*mode)).c_str(), static_cast<unsigned long long>(c.clean().nvm_words),
              static_cast<unsigned long long>(c.clean().transactions), c.clean().simulated_ns / 1e6);
  std::printf("%zu cut points in %.2f s wall (%.0f cut points/s); report: %s\n\n", report.cut_points.size(), wall_s,
              wall_s > 0 ? report.cut_points.size() / wall_s : 0.0, report_path.c_str());
  std::fflush(stdout);
  return verdict(report, all_rows);
}

}  // namespace kb::tools
