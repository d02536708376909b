#pragma once
// One shard of a sweep: "I/N" holds the cut points whose index modulo N is I - 1 (I from 1 to N),
// so every shard gets a share of each part of the flow and the N shards cover the sweep exactly once.
#include <cstdint>
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

}  // namespace kb::tools::campaign
