#include "tools/campaign/campaign_runner.h"

#include <stdexcept>

#include "simulator/bench/bench.h"
#include "tools/campaign/build_info.h"
#include "tools/campaign/oracles.h"
#include "tools/campaign/transcript.h"

namespace kb::tools::campaign {

namespace {

FlowOptions flow_options(FlowMode mode) {
  FlowOptions o;
  o.resume = mode == FlowMode::kResumable;
  return o;
}

std::string result_text(core::Status s) {
  if (s.ok()) return "ok";
  char buf[128];
  return std::string("failed: ") + s.describe(buf, sizeof buf);
}

// Power-cycling the supply is what a factory line does after a cut; the bench may already be off.
void power_cycle(kb::sim::Bench& bench) {
  bench.power_off();
  bench.power_on();
}

std::string interrupted_label(const DeviceImage& cut, const DeviceImage& before, const DeviceImage& after) {
  if (cut == before) return "rolled_back";
  if (cut == after) return "completed";
  const nlohmann::json c = provisioned_projection(cut);
  if (c == provisioned_projection(before)) return "rolled_back";
  if (c == provisioned_projection(after)) return "completed";
  return "neither";
}

}  // namespace

std::string_view sweep_name(Sweep sweep) {
  return sweep == Sweep::kPowerCut ? "power-cut" : "bus";
}

std::optional<Sweep> parse_sweep(std::string_view text) {
  if (text == "power-cut") return Sweep::kPowerCut;
  if (text == "bus") return Sweep::kBus;
  return std::nullopt;
}

std::string_view mode_name(FlowMode mode) {
  return mode == FlowMode::kReference ? "reference" : "resumable";
}

std::optional<FlowMode> parse_mode(std::string_view text) {
  if (text == "reference") return FlowMode::kReference;
  if (text == "resumable") return FlowMode::kResumable;
  return std::nullopt;
}

CampaignReport report_header(const CampaignSpec& spec, uint64_t total_cut_points) {
  CampaignReport report;
  report.build = build_info();
  report.flow = std::string(spec.flow->name);
  report.mode = std::string(mode_name(spec.mode));
  report.sweep = std::string(sweep_name(spec.sweep));
  report.seed = spec.seed;
  report.fixture = spec.fixture;
  report.bench_sha256 = spec.bench.content_sha256();
  report.total_cut_points = total_cut_points;
  report.shards = {spec.shard.to_string()};
  return report;
}

Campaign::Campaign(CampaignSpec spec) : spec_(std::move(spec)) {
  if (spec_.flow == nullptr) throw std::invalid_argument("campaign without a flow");
  RecordingConsole console;
  auto bench = spec_.bench.make();
  DeviceUnderTest dut(*bench);
  clean_.start = dut.image();
  const uint64_t words_at_start = dut.nvm_words();
  CampaignTarget target(*bench, console, spec_.seed);
  const bool bus = spec_.sweep == Sweep::kBus;
  target.tap().set_observer([&](const TransactionInfo& t) {
    if (bus) clean_.transaction_where.push_back(t.where);
    if (t.starts_operation) {
      clean_.operations.push_back({t.index, dut.nvm_words() - words_at_start, t.where, dut.image()});
    }
  });
  const uint64_t start_ns = bench->scheduler().now();
  core::Status s = spec_.flow->run(target, flow_options(spec_.mode));
  if (!s.ok()) {
    throw std::runtime_error("flow '" + std::string(spec_.flow->name) + "' fails on a clean run (" + result_text(s) +
                             "): nothing to sweep");
  }
  if (auto broken = success_after_failure(console.text(), s.ok())) {
    throw std::runtime_error("flow '" + std::string(spec_.flow->name) +
                             "' reports a failed step on a clean run and goes on (" + *broken + "): nothing to sweep");
  }
  clean_.simulated_ns = bench->scheduler().now() - start_ns;
  clean_.end = dut.image();
  clean_.provisioned = provisioned_projection(*clean_.end);
  clean_.nvm_words = dut.nvm_words() - words_at_start;
  clean_.transactions = target.tap().transactions();
}

uint64_t Campaign::total_cut_points() const {
  return spec_.sweep == Sweep::kPowerCut ? clean_.nvm_words : clean_.transactions;
}

std::vector<uint64_t> Campaign::shard_cut_points() const {
  std::vector<uint64_t> points;
  for (uint64_t i = 0; i < total_cut_points(); ++i) {
    if (spec_.shard.contains(i)) points.push_back(i);
  }
  return points;
}

std::optional<size_t> Campaign::interrupted_operation(uint64_t index) const {
  std::optional<size_t> found;
  for (size_t i = 0; i < clean_.operations.size(); ++i) {
    const auto& op = clean_.operations[i];
    const uint64_t start = spec_.sweep == Sweep::kPowerCut ? op.first_nvm_word : op.first_transaction;
    if (start > index) break;
    found = i;
  }
  return found;
}

CutPointResult Campaign::run_cut_point(uint64_t index) const {
  const bool power_cut = spec_.sweep == Sweep::kPowerCut;
  CutPointResult r;
  r.index = index;
  r.kind = power_cut ? "nvm_write" : "bus";

  const std::optional<size_t> op = interrupted_operation(index);
  const DeviceImage& op_before = op ? clean_.operations[*op].before : *clean_.start;
  const DeviceImage& op_after =
      op && *op + 1 < clean_.operations.size() ? clean_.operations[*op + 1].before : *clean_.end;
  const std::string op_where = op ? clean_.operations[*op].where : "before the first operation";

  RecordingConsole cut_console;
  auto bench = spec_.bench.make();
  DeviceUnderTest dut(*bench);
  bool reached = false;
  std::string activity;
  core::Status host;
  {
    CampaignTarget target(*bench, cut_console, spec_.seed);
    if (power_cut) {
      dut.arm_power_cut(index);
      target.tap().set_device_cut_probe([&] {
        if (!reached && dut.power_cut_fired()) {
          reached = true;
          activity = dut.activity();
        }
        return reached;
      });
    } else {
      target.tap().cut_before_transaction(index);
    }
    host = spec_.flow->run(target, flow_options(spec_.mode));
    if (power_cut && !reached && dut.power_cut_fired()) {
      reached = true;
      activity = dut.activity();
    }
    if (!power_cut) reached = target.tap().cut();
  }
  if (power_cut) {
    r.where = "NVM word " + std::to_string(index) + " during " + op_where;
  } else {
    r.where = index < clean_.transaction_where.size() ? clean_.transaction_where[index] : "beyond the clean run";
    if (op && clean_.operations[*op].first_transaction != index) r.where += " (in " + op_where + ")";
  }
  if (!activity.empty()) r.where += "; device: " + activity;
  r.host_result = result_text(host);
  if (!reached) {
    r.outcome = "not_reached";
    r.interrupted = "neither";
    for (const char* name : kOracleNames) r.oracles[name] = false;
    return r;
  }

  power_cycle(*bench);
  const DeviceImage cut = dut.image();
  const nlohmann::json cut_projection = provisioned_projection(cut);
  const std::optional<Refusal> refusal = explain_refusal(cut, spec_.mode == FlowMode::kReference);
  core::Status rerun;
  RecordingConsole rerun_console;
  {
    CampaignTarget target(*bench, rerun_console, spec_.seed);
    rerun = spec_.flow->run(target, flow_options(spec_.mode));
  }
  const DeviceImage after_rerun = dut.image();
  const nlohmann::json rerun_projection = provisioned_projection(after_rerun);

  r.rerun_result = result_text(rerun);
  r.interrupted = interrupted_label(cut, op_before, op_after);
  const bool converges = rerun_converges(rerun.ok(), rerun_projection, clean_.provisioned, refusal);
  r.oracles = {{kOracleNoUsablePartialKey, no_usable_partial_key(cut, after_rerun, *clean_.start, *clean_.end)},
               {kOracleRolledBackOrCompleted, rolled_back_or_completed(cut, op_before, op_after)},
               {kOracleRerunConverges, converges},
               {kOracleNoFalseSuccess, no_false_success(host.ok(), cut_projection, clean_.provisioned)}};
  // The cut run first: a flow that goes on after the cut is what this oracle is for.
  std::optional<std::string> broken = success_after_failure(cut_console.text(), host.ok());
  if (broken) {
    *broken = "cut run: " + *broken;
  } else if ((broken = success_after_failure(rerun_console.text(), rerun.ok()))) {
    *broken = "re-run: " + *broken;
  }
  r.oracles[kOracleNoSuccessAfterFailure] = !broken.has_value();
  r.success_after_failure = broken.value_or("");
  if (rerun.ok() && converges) {
    r.outcome = "converged";
  } else if (!rerun.ok() && refusal) {
    r.outcome = "refused";
    r.refusal = refusal;
  } else {
    r.outcome = "diverged";
  }
  return r;
}

CampaignReport Campaign::run(const std::function<void(size_t, size_t)>& progress) const {
  CampaignReport report = report_header(spec_, total_cut_points());
  const std::vector<uint64_t> points = shard_cut_points();
  for (size_t i = 0; i < points.size(); ++i) {
    report.cut_points.push_back(run_cut_point(points[i]));
    if (progress) progress(i + 1, points.size());
  }
  return report;
}

bool Campaign::run_clean_once() const {
  DiscardConsole console;
  auto bench = spec_.bench.make();
  CampaignTarget target(*bench, console, spec_.seed);
  return spec_.flow->run(target, flow_options(spec_.mode)).ok();
}

}  // namespace kb::tools::campaign
