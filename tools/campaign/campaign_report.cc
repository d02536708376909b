#include "tools/campaign/campaign_report.h"

#include <algorithm>
#include <fstream>

namespace kb::tools::campaign {

namespace {

[[noreturn]] void bad(const std::string& source, const std::string& path, const std::string& problem) {
  throw ReportError(source + ": " + path + ": " + problem);
}

const nlohmann::json& member(const nlohmann::json& j, const char* key, const std::string& source,
                             const std::string& path) {
  if (!j.is_object()) bad(source, path, "expected an object");
  auto it = j.find(key);
  if (it == j.end()) bad(source, path, std::string("missing \"") + key + "\"");
  return *it;
}

std::string string_at(const nlohmann::json& j, const char* key, const std::string& source, const std::string& path) {
  const auto& v = member(j, key, source, path);
  if (!v.is_string()) bad(source, path + "." + key, "expected a string");
  return v.get<std::string>();
}

uint64_t number_at(const nlohmann::json& j, const char* key, const std::string& source, const std::string& path) {
  const auto& v = member(j, key, source, path);
  if (!v.is_number_unsigned()) bad(source, path + "." + key, "expected a non-negative integer");
  return v.get<uint64_t>();
}

nlohmann::json cut_point_json(const CutPointResult& c) {
  nlohmann::json j = {{"index", c.index},
                      {"kind", c.kind},
                      {"where", c.where},
                      {"outcome", c.outcome},
                      {"interrupted", c.interrupted},
                      {"host_result", c.host_result},
                      {"rerun_result", c.rerun_result}};
  if (c.refusal) j["refusal"] = {{"name", c.refusal->name}, {"explanation", c.refusal->explanation}};
  j["oracles"] = c.oracles;
  return j;
}

CutPointResult cut_point_from_json(const nlohmann::json& j, const std::string& source, const std::string& path) {
  CutPointResult c;
  c.index = number_at(j, "index", source, path);
  c.kind = string_at(j, "kind", source, path);
  if (c.kind != "nvm_write" && c.kind != "bus") bad(source, path + ".kind", "must be \"nvm_write\" or \"bus\"");
  c.where = string_at(j, "where", source, path);
  c.outcome = string_at(j, "outcome", source, path);
  c.interrupted = j.contains("interrupted") ? string_at(j, "interrupted", source, path) : "";
  c.host_result = j.contains("host_result") ? string_at(j, "host_result", source, path) : "";
  c.rerun_result = j.contains("rerun_result") ? string_at(j, "rerun_result", source, path) : "";
  if (j.contains("refusal")) {
    const auto& r = j.at("refusal");
    c.refusal = Refusal{string_at(r, "name", source, path + ".refusal"),
                        string_at(r, "explanation", source, path + ".refusal")};
  }
  const auto& oracles = member(j, "oracles", source, path);
  if (!oracles.is_object() || oracles.empty()) bad(source, path + ".oracles", "expected an object of oracle verdicts");
  for (const auto& [name, verdict] : oracles.items()) {
    if (!verdict.is_boolean()) bad(source, path + ".oracles." + name, "expected true or false");
    c.oracles[name] = verdict.get<bool>();
  }
  return c;
}

}  // namespace

bool CutPointResult::passed() const {
  if (oracles.empty()) return false;
  return std::all_of(oracles.begin(), oracles.end(), [](const auto& o) { return o.second; });
}

bool CampaignReport::passed() const {
  return failed_count() == 0;
}

size_t CampaignReport::failed_count() const {
  return static_cast<size_t>(
      std::count_if(cut_points.begin(), cut_points.end(), [](const CutPointResult& c) { return !c.passed(); }));
}

nlohmann::json to_json(const CampaignReport& r) {
  nlohmann::json points = nlohmann::json::array();
  for (const auto& c : r.cut_points) points.push_back(cut_point_json(c));
  return {{"format", kReportFormat}, {"flow", r.flow},       {"sweep", r.sweep},
          {"seed", r.seed},          {"fixture", r.fixture}, {"total_cut_points", r.total_cut_points},
          {"shards", r.shards},      {"cut_points", points}};
}

CampaignReport report_from_json(const nlohmann::json& j, const std::string& source) {
  if (string_at(j, "format", source, "$") != kReportFormat) {
    bad(source, "$.format", std::string("not a campaign report (expected \"") + kReportFormat + "\")");
  }
  CampaignReport r;
  r.flow = string_at(j, "flow", source, "$");
  r.sweep = string_at(j, "sweep", source, "$");
  if (r.sweep != "power-cut" && r.sweep != "bus") bad(source, "$.sweep", "must be \"power-cut\" or \"bus\"");
  r.seed = number_at(j, "seed", source, "$");
  r.fixture = string_at(j, "fixture", source, "$");
  r.total_cut_points = number_at(j, "total_cut_points", source, "$");
  const auto& shards = member(j, "shards", source, "$");
  if (!shards.is_array()) bad(source, "$.shards", "expected an array");
  for (const auto& s : shards) {
    if (!s.is_string()) bad(source, "$.shards", "expected strings like \"1/4\"");
    r.shards.push_back(s.get<std::string>());
  }
  const auto& points = member(j, "cut_points", source, "$");
  if (!points.is_array()) bad(source, "$.cut_points", "expected an array");
  for (size_t i = 0; i < points.size(); ++i) {
    const std::string path = "$.cut_points[" + std::to_string(i) + "]";
    r.cut_points.push_back(cut_point_from_json(points[i], source, path));
    if (r.cut_points.back().index >= r.total_cut_points) {
      bad(source, path + ".index", "beyond total_cut_points " + std::to_string(r.total_cut_points));
    }
  }
  return r;
}

CampaignReport read_report(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw ReportError(path + ": cannot open the report");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    // parse_error, and out_of_range for a number no double holds (1e400).
    throw ReportError(path + ": not JSON: " + e.what());
  }
  return report_from_json(j, path);
}

void write_report(const CampaignReport& report, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << to_json(report).dump(2) << "\n";
  if (!out) throw std::runtime_error(path + ": cannot write the report");
}

CampaignReport merge_reports(const std::vector<std::pair<std::string, CampaignReport>>& named) {
  if (named.empty()) throw ReportError("nothing to merge");
  const auto& [first_name, first] = named.front();
  CampaignReport merged = first;
  merged.shards.clear();
  merged.cut_points.clear();
  std::map<uint64_t, std::string> owner;
  for (const auto& [name, r] : named) {
    // Init-captures: clang before 16 cannot capture structured bindings (a C++20 addition).
    auto differs = [&, &this_name = name, &first_report = first_name](const char* what, const std::string& mine,
                                                                      const std::string& theirs) {
      if (mine != theirs) {
        throw ReportError("cannot merge " + this_name + " with " + first_report + ": " + what + " '" + theirs +
                          "' differs from '" + mine + "'");
      }
    };
    differs("flow", first.flow, r.flow);
    differs("sweep", first.sweep, r.sweep);
    differs("seed", std::to_string(first.seed), std::to_string(r.seed));
    differs("fixture", first.fixture, r.fixture);
    differs("total_cut_points", std::to_string(first.total_cut_points), std::to_string(r.total_cut_points));
    for (const auto& c : r.cut_points) {
      auto [it, fresh] = owner.emplace(c.index, name);
      if (!fresh) {
        throw ReportError("cannot merge " + name + " with " + it->second + ": both hold cut point " +
                          std::to_string(c.index) + " (overlapping shards)");
      }
      merged.cut_points.push_back(c);
    }
    merged.shards.insert(merged.shards.end(), r.shards.begin(), r.shards.end());
  }
  std::sort(merged.cut_points.begin(), merged.cut_points.end(),
            [](const CutPointResult& a, const CutPointResult& b) { return a.index < b.index; });
  std::sort(merged.shards.begin(), merged.shards.end());
  return merged;
}

}  // namespace kb::tools::campaign
