// report_from_json: the schema of campaign_report.h, checked whole. Besides the types and the known
// values, a cut point's fields must agree the way Campaign::run_cut_point makes them:
//   not_reached  the cut never fired: every oracle false, interrupted "neither", no re-run
//                (rerun_result ""), no refusal, no success_after_failure;
//   converged    the re-run returned ok and reached the clean run's state: rerun_result "ok",
//                rerun_converges true, no refusal;
//   refused      the re-run failed at a state the report names: rerun_result "failed: ...",
//                rerun_converges true, a refusal;
//   diverged     neither: rerun_converges false, no refusal.
// For a reached cut point, no_false_success can only fail when the cut run returned ok, and
// success_after_failure is given exactly when no_success_after_failure failed. The cut points are
// those of the report's shards, every one of them once, in index order.
#include <set>
#include <vector>

#include "tools/campaign/campaign_report.h"
#include "tools/campaign/oracles.h"
#include "tools/campaign/shard.h"
#include "tools/keybench/flow_registry.h"

namespace kb::tools::campaign {

namespace {

using Json = nlohmann::json;

class Checker {
 public:
  explicit Checker(std::string source) : source_(std::move(source)) {}

  [[noreturn]] void bad(const std::string& path, const std::string& problem) const {
    throw ReportError(source_ + ": " + path + ": " + problem);
  }

  // An object whose keys are exactly `required` plus any of `optional`.
  void keys(const Json& j, const std::string& path, const std::vector<const char*>& required,
            const std::vector<const char*>& optional = {}) const {
    if (!j.is_object()) bad(path, "expected an object");
    std::set<std::string> known;
    for (const char* k : required) {
      known.insert(k);
      if (!j.contains(k)) bad(path, std::string("missing \"") + k + "\"");
    }
    for (const char* k : optional) known.insert(k);
    for (const auto& [k, v] : j.items()) {
      if (!known.count(k)) bad(path + "." + k, "unknown key");
    }
  }

  std::string text(const Json& j, const char* key, const std::string& path) const {
    const Json& v = j.at(key);
    if (!v.is_string()) bad(path + "." + key, "expected a string");
    return v.get<std::string>();
  }

  std::string one_of(const Json& j, const char* key, const std::string& path,
                     std::initializer_list<const char*> values) const {
    const std::string v = text(j, key, path);
    std::string list;
    for (const char* allowed : values) {
      if (v == allowed) return v;
      list += std::string(list.empty() ? "" : ", ") + "\"" + allowed + "\"";
    }
    bad(path + "." + key, "unknown value \"" + v + "\" (expected " + list + ")");
  }

  uint64_t number(const Json& j, const char* key, const std::string& path) const {
    const Json& v = j.at(key);
    if (!v.is_number_unsigned()) bad(path + "." + key, "expected a non-negative integer");
    return v.get<uint64_t>();
  }

  bool boolean(const Json& j, const char* key, const std::string& path) const {
    const Json& v = j.at(key);
    if (!v.is_boolean()) bad(path + "." + key, "expected true or false");
    return v.get<bool>();
  }

 private:
  std::string source_;
};

void check_format(const Checker& c, const Json& j) {
  if (!j.is_object()) c.bad("$", "expected an object (a campaign report)");
  if (!j.contains("format")) c.bad("$", "missing \"format\" (not a campaign report)");
  const std::string format = c.text(j, "format", "$");
  if (format == kReportFormat) return;
  if (format.rfind("keybench-campaign/", 0) == 0) {
    c.bad("$.format", "report format \"" + format + "\" is not the one this keybench reads (\"" + kReportFormat +
                          "\"); run the campaign again with this keybench");
  }
  c.bad("$.format", "\"" + format + "\" is not a campaign report (expected \"" + kReportFormat + "\")");
}

BuildInfo build_from_json(const Checker& c, const Json& j, const std::string& path) {
  c.keys(j, path, {"version", "commit", "dirty"});
  BuildInfo b{c.text(j, "version", path), c.text(j, "commit", path), c.boolean(j, "dirty", path)};
  if (b.version.empty()) c.bad(path + ".version", "empty");
  if (b.commit.empty()) c.bad(path + ".commit", "empty");
  return b;
}

std::string sha256_hex(const Checker& c, const Json& j, const char* key, const std::string& path) {
  const std::string v = c.text(j, key, path);
  const bool hex = v.size() == 64 && v.find_first_not_of("0123456789abcdef") == std::string::npos;
  if (!hex) c.bad(path + "." + key, "expected 64 lower-case hex digits (a SHA-256)");
  return v;
}

// Shards in their one spelling ("2/4", not "02/4" or "2/4 "), all of one N, none twice.
std::vector<Shard> shards_from_json(const Checker& c, const Json& j, std::vector<std::string>& names) {
  const Json& list = j.at("shards");
  if (!list.is_array() || list.empty()) c.bad("$.shards", "expected a non-empty array of \"I/N\"");
  std::vector<Shard> shards;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string path = "$.shards[" + std::to_string(i) + "]";
    if (!list[i].is_string()) c.bad(path, "expected a string \"I/N\"");
    const std::string text = list[i].get<std::string>();
    Shard s;
    try {
      s = parse_shard(text);
    } catch (const std::invalid_argument& e) {
      c.bad(path, e.what());
    }
    if (s.to_string() != text) c.bad(path, "shard '" + text + "': expected I/N written as " + s.to_string());
    if (!shards.empty() && s.count != shards.front().count) {
      c.bad(path, "shard " + text + " is not of " + std::to_string(shards.front().count) + " like " +
                      shards.front().to_string());
    }
    for (const auto& seen : shards) {
      if (seen.index == s.index) c.bad(path, "shard " + text + " listed twice");
    }
    shards.push_back(s);
    names.push_back(text);
  }
  return shards;
}

std::optional<Refusal> refusal_from_json(const Checker& c, const Json& j, const std::string& path) {
  if (!j.contains("refusal")) return std::nullopt;
  const std::string p = path + ".refusal";
  c.keys(j.at("refusal"), p, {"name", "explanation"});
  Refusal r{c.text(j.at("refusal"), "name", p), c.text(j.at("refusal"), "explanation", p)};
  if (r.name.empty()) c.bad(p + ".name", "empty");
  return r;
}

bool is_run_result(const std::string& r) {
  return r == "ok" || (r.rfind("failed: ", 0) == 0 && r.size() > 8);
}

void check_agreement(const Checker& c, const CutPointResult& p, const std::string& path) {
  auto oracle = [&](const char* name) { return p.oracles.at(name); };
  const bool converges = oracle(kOracleRerunConverges);
  auto disagree = [&](const std::string& what) { c.bad(path + ".outcome", "\"" + p.outcome + "\" " + what); };
  if (p.outcome == "not_reached") {
    for (const auto& [name, ok] : p.oracles) {
      if (ok) disagree("with oracle " + name + " true (a cut that never fired checked nothing)");
    }
    if (p.interrupted != "neither") disagree("with interrupted \"" + p.interrupted + "\" (expected \"neither\")");
    if (!p.rerun_result.empty()) disagree("with a re-run result (a cut that never fired has no re-run)");
    if (p.refusal) disagree("with a refusal");
    if (!p.success_after_failure.empty()) disagree("with success_after_failure");
    return;
  }
  if (!is_run_result(p.rerun_result)) {
    c.bad(path + ".rerun_result", "expected \"ok\" or \"failed: ...\" for a cut that fired");
  }
  const bool rerun_ok = p.rerun_result == "ok";
  if (p.outcome == "converged") {
    if (!rerun_ok) disagree("with a failed re-run");
    if (!converges) disagree("with rerun_converges false");
    if (p.refusal) disagree("with a refusal");
  } else if (p.outcome == "refused") {
    if (rerun_ok) disagree("with a re-run that returned ok");
    if (!converges) disagree("with rerun_converges false");
    if (!p.refusal) disagree("without a refusal");
  } else {  // diverged
    if (converges) disagree("with rerun_converges true");
    if (p.refusal) disagree("with a refusal");
  }
  if (!oracle(kOracleNoFalseSuccess) && p.host_result != "ok") {
    c.bad(path + ".oracles." + kOracleNoFalseSuccess, "false while the cut run failed (it reported no success)");
  }
  if (oracle(kOracleNoSuccessAfterFailure) != p.success_after_failure.empty()) {
    c.bad(path + ".success_after_failure", std::string(p.success_after_failure.empty() ? "missing" : "given") +
                                               " while " + kOracleNoSuccessAfterFailure + " is " +
                                               (oracle(kOracleNoSuccessAfterFailure) ? "true" : "false"));
  }
}

CutPointResult cut_point_from_json(const Checker& c, const Json& j, const std::string& path, const char* kind) {
  c.keys(j, path, {"index", "kind", "where", "outcome", "interrupted", "host_result", "rerun_result", "oracles"},
         {"refusal", "success_after_failure"});
  CutPointResult p;
  p.index = c.number(j, "index", path);
  p.kind = c.one_of(j, "kind", path, {"nvm_write", "bus"});
  if (p.kind != kind) c.bad(path + ".kind", "\"" + p.kind + "\" in a report whose sweep cuts \"" + kind + "\"");
  p.where = c.text(j, "where", path);
  p.outcome = c.one_of(j, "outcome", path, {"converged", "refused", "diverged", "not_reached"});
  p.interrupted = c.one_of(j, "interrupted", path, {"rolled_back", "completed", "neither"});
  p.host_result = c.text(j, "host_result", path);
  if (!is_run_result(p.host_result)) c.bad(path + ".host_result", "expected \"ok\" or \"failed: ...\"");
  p.rerun_result = c.text(j, "rerun_result", path);
  p.refusal = refusal_from_json(c, j, path);
  if (j.contains("success_after_failure")) {
    p.success_after_failure = c.text(j, "success_after_failure", path);
    if (p.success_after_failure.empty()) c.bad(path + ".success_after_failure", "empty");
  }
  const std::string opath = path + ".oracles";
  c.keys(j.at("oracles"), opath, std::vector<const char*>(kOracleNames.begin(), kOracleNames.end()));
  for (const char* name : kOracleNames) p.oracles[name] = c.boolean(j.at("oracles"), name, opath);
  check_agreement(c, p, path);
  return p;
}

}  // namespace

CampaignReport report_from_json(const Json& j, const std::string& source) {
  const Checker c(source);
  check_format(c, j);
  c.keys(j, "$",
         {"format", "build", "flow", "mode", "sweep", "seed", "fixture", "bench_sha256", "total_cut_points", "shards",
          "cut_points"});
  CampaignReport r;
  r.build = build_from_json(c, j.at("build"), "$.build");
  r.flow = c.text(j, "flow", "$");
  if (find_flow(r.flow) == nullptr) c.bad("$.flow", "unknown flow \"" + r.flow + "\"");
  r.mode = c.one_of(j, "mode", "$", {"reference", "resumable"});
  r.sweep = c.one_of(j, "sweep", "$", {"power-cut", "bus"});
  r.seed = c.number(j, "seed", "$");
  r.fixture = c.text(j, "fixture", "$");
  r.bench_sha256 = sha256_hex(c, j, "bench_sha256", "$");
  r.total_cut_points = c.number(j, "total_cut_points", "$");
  const std::vector<Shard> shards = shards_from_json(c, j, r.shards);

  const Json& points = j.at("cut_points");
  if (!points.is_array()) c.bad("$.cut_points", "expected an array");
  const char* kind = r.sweep == "power-cut" ? "nvm_write" : "bus";
  auto shard_of = [&](uint64_t index) -> std::optional<Shard> {
    for (const auto& s : shards) {
      if (s.contains(index)) return s;
    }
    return std::nullopt;
  };
  for (size_t i = 0; i < points.size(); ++i) {
    const std::string path = "$.cut_points[" + std::to_string(i) + "]";
    CutPointResult p = cut_point_from_json(c, points[i], path, kind);
    if (p.index >= r.total_cut_points) {
      c.bad(path + ".index",
            std::to_string(p.index) + " is beyond total_cut_points " + std::to_string(r.total_cut_points));
    }
    if (!shard_of(p.index)) {
      c.bad(path + ".index",
            "cut point " + std::to_string(p.index) + " belongs to none of the shards " + r.shard_list());
    }
    if (!r.cut_points.empty() && p.index <= r.cut_points.back().index) {
      c.bad(path + ".index", "cut point " + std::to_string(p.index) + " after cut point " +
                                 std::to_string(r.cut_points.back().index) + " (expected increasing indices)");
    }
    r.cut_points.push_back(std::move(p));
  }
  // Increasing indices, each in a listed shard and below the total: the report is whole when each
  // shard has all of its cut points (counted, so a corrupt total costs no loop over it).
  for (const auto& s : shards) {
    const uint64_t first = s.index - 1;
    const uint64_t expected = r.total_cut_points > first ? (r.total_cut_points - first - 1) / s.count + 1 : 0;
    uint64_t next = first;
    uint64_t have = 0;
    for (const auto& p : r.cut_points) {
      if (!s.contains(p.index)) continue;
      if (p.index != next) break;
      ++have;
      next += s.count;
    }
    if (have != expected) {
      c.bad("$.cut_points", "cut point " + std::to_string(next) + " of shard " + s.to_string() + " is missing (" +
                                std::to_string(expected) + " expected in the shard)");
    }
  }
  return r;
}

}  // namespace kb::tools::campaign
