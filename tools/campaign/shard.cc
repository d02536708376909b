#include "tools/campaign/shard.h"

#include <charconv>
#include <cstdlib>
#include <initializer_list>
#include <stdexcept>

namespace kb::tools::campaign {

namespace {

bool parse_number(std::string_view text, uint64_t& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

// Appended, not chained: GCC 12 at -O3 reports a false -Wrestrict for "x" + std::string chains.
std::string cat(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (std::string_view p : parts) out += p;
  return out;
}

// A decimal number of a variable, digits only (no sign, no spaces, no hex).
uint64_t env_number(const std::string& name, const std::string& value) {
  uint64_t out = 0;
  for (char c : value) {
    if (c < '0' || c > '9') {
      throw std::invalid_argument(cat({"--shard auto: ", name, "='", value, "' is not a decimal number"}));
    }
  }
  if (!parse_number(value, out)) {
    throw std::invalid_argument(cat({"--shard auto: ", name, "='", value, "' is not a decimal number"}));
  }
  return out;
}

}  // namespace

Environment process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Shard resolve_auto_shard(const Environment& env, std::optional<uint64_t> shards) {
  const std::optional<std::string> node_index = env("CI_NODE_INDEX");
  const std::optional<std::string> node_total = env("CI_NODE_TOTAL");
  const std::optional<std::string> completion = env("JOB_COMPLETION_INDEX");
  if (shards && *shards == 0) throw std::invalid_argument("--shards must be at least 1");
  const bool gitlab = node_index.has_value() || node_total.has_value();
  if (gitlab && completion) {
    throw std::invalid_argument(
        "--shard auto: both CI_NODE_INDEX/CI_NODE_TOTAL (GitLab) and JOB_COMPLETION_INDEX (Kubernetes) are set; "
        "unset one, or give --shard I/N");
  }
  Shard s;
  if (gitlab) {
    if (!node_index) throw std::invalid_argument("--shard auto: CI_NODE_TOTAL is set but CI_NODE_INDEX is not");
    if (!node_total) throw std::invalid_argument("--shard auto: CI_NODE_INDEX is set but CI_NODE_TOTAL is not");
    s.index = env_number("CI_NODE_INDEX", *node_index);
    s.count = env_number("CI_NODE_TOTAL", *node_total);
    if (s.count == 0) throw std::invalid_argument("--shard auto: CI_NODE_TOTAL must be at least 1");
    if (s.index < 1 || s.index > s.count) {
      throw std::invalid_argument(cat({"--shard auto: CI_NODE_INDEX=", *node_index, " must be 1..CI_NODE_TOTAL (",
                                       *node_total, "); GitLab counts from 1"}));
    }
    if (shards && *shards != s.count) {
      throw std::invalid_argument(
          cat({"--shard auto: --shards ", std::to_string(*shards), " disagrees with CI_NODE_TOTAL=", *node_total}));
    }
    return s;
  }
  if (completion) {
    const uint64_t index0 = env_number("JOB_COMPLETION_INDEX", *completion);
    if (shards) {
      s.count = *shards;
    } else if (const std::optional<std::string> k = env("KEYBENCH_SHARDS")) {
      s.count = env_number("KEYBENCH_SHARDS", *k);
      if (s.count == 0) throw std::invalid_argument("--shard auto: KEYBENCH_SHARDS must be at least 1");
    } else {
      throw std::invalid_argument(
          "--shard auto: JOB_COMPLETION_INDEX is set, and the shard count is not: give --shards N or KEYBENCH_SHARDS "
          "(the Job's completions)");
    }
    if (index0 >= s.count) {
      throw std::invalid_argument(
          cat({"--shard auto: JOB_COMPLETION_INDEX=", *completion, " must be 0..", std::to_string(s.count - 1), " for ",
               std::to_string(s.count), " shards; Kubernetes counts from 0"}));
    }
    s.index = index0 + 1;
    return s;
  }
  throw std::invalid_argument(
      "--shard auto: none of CI_NODE_INDEX/CI_NODE_TOTAL (GitLab CI parallel, or a GitHub Actions matrix setting "
      "them) or JOB_COMPLETION_INDEX (a Kubernetes Indexed Job) is set");
}

Shard parse_shard(std::string_view text) {
  const std::string quoted = "shard '" + std::string(text) + "'";
  const size_t slash = text.find('/');
  Shard s;
  if (slash == std::string_view::npos || !parse_number(text.substr(0, slash), s.index) ||
      !parse_number(text.substr(slash + 1), s.count)) {
    throw std::invalid_argument(quoted + ": expected I/N, e.g. 2/8");
  }
  if (s.count == 0) throw std::invalid_argument(quoted + ": N must be at least 1");
  if (s.index < 1 || s.index > s.count) throw std::invalid_argument(quoted + ": I must be 1..N");
  return s;
}

}  // namespace kb::tools::campaign
