#include "tools/campaign/campaign_runner.h"

#include <stdexcept>

#include "simulator/bench/bench.h"
#include "tools/campaign/oracles.h"

namespace kb::tools::campaign {

namespace {

// A factory line re-runs a flow after a cut: campaigns run the resumable form of every flow.
FlowOptions campaign_flow_options() {
  FlowOptions o;
  o.resume = true;
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

Campaign::Campaign(CampaignSpec spec) : spec_(std::move(spec)) {
  if (spec_.flow == nullptr) throw std::invalid_argument("campaign without a flow");
  DiscardConsole console;
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
  core::Status s = spec_.flow->run(target, campaign_flow_options());
  if (!s.ok()) {
    throw std::runtime_error("flow '" + std::string(spec_.flow->name) + "' fails on a clean run (" + result_text(s) +
                             "): nothing to sweep");
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

  DiscardConsole console;
  auto bench = spec_.bench.make();
  DeviceUnderTest dut(*bench);
  bool reached = false;
  std::string activity;
  core::Status host;
  {
    CampaignTarget target(*bench, console, spec_.seed);
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
    host = spec_.flow->run(target, campaign_flow_options());
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
    r.oracles = {{kOracleNoUsablePartialKey, false},
                 {kOracleRolledBackOrCompleted, false},
                 {kOracleRerunConverges, false},
                 {kOracleNoFalseSuccess, false}};
    return r;
  }

  power_cycle(*bench);
  const DeviceImage cut = dut.image();
  const nlohmann::json cut_projection = provisioned_projection(cut);
  const std::optional<Refusal> refusal = explain_refusal(cut);
  core::Status rerun;
  {
    CampaignTarget target(*bench, console, spec_.seed);
    rerun = spec_.flow->run(target, campaign_flow_options());
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
  CampaignReport report;
  report.flow = std::string(spec_.flow->name);
  report.sweep = std::string(sweep_name(spec_.sweep));
  report.seed = spec_.seed;
  report.fixture = spec_.fixture;
  report.total_cut_points = total_cut_points();
  report.shards = {spec_.shard.to_string()};
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
  return spec_.flow->run(target, campaign_flow_options()).ok();
}

}  // namespace kb::tools::campaign
