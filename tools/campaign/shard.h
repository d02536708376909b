#pragma once
// One shard of a sweep: "I/N" holds the cut points whose index modulo N is I - 1 (I from 1 to N),
// so every shard gets a share of each part of the flow and the N shards cover the sweep exactly once.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace kb::tools::campaign {

struct Shard {
  uint64_t index = 1;  // 1-based
  uint64_t count = 1;

  bool contains(uint64_t cut_point) const { return cut_point % count == index - 1; }
  std::string to_string() const { return std::to_string(index) + "/" + std::to_string(count); }
};

// Throws std::invalid_argument naming the problem ("shard '0/4': I must be 1..N").
Shard parse_shard(std::string_view text);

// Looks an environment variable up: its value, or nullopt when unset.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;
// The process environment.
Environment process_environment();

// `--shard auto`: the shard a CI engine gives this job, without a scheduler of our own.
// - GitLab CI `parallel:` (and a GitHub Actions matrix that sets the same variables):
//   CI_NODE_INDEX (1-based) and CI_NODE_TOTAL;
// - a Kubernetes Indexed Job: JOB_COMPLETION_INDEX (0-based), the count from `shards` (--shards N)
//   or else KEYBENCH_SHARDS.
// `shards`, when given alongside the GitLab variables, must equal CI_NODE_TOTAL. Throws
// std::invalid_argument naming the variable and the problem: none set, one of a pair missing,
// both engines' variables set, not a decimal number, an index out of range, a count of 0.
Shard resolve_auto_shard(const Environment& env, std::optional<uint64_t> shards);

}  // namespace kb::tools::campaign
