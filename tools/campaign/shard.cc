#include "tools/campaign/shard.h"

#include <charconv>
#include <stdexcept>

namespace kb::tools::campaign {

namespace {

bool parse_number(std::string_view text, uint64_t& out) {
  if (text.empty()) return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

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
