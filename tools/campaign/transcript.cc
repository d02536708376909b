#include "tools/campaign/transcript.h"

#include <algorithm>
#include <cctype>

namespace kb::tools::campaign {

namespace {

// Appended piece by piece: GCC 12 at -O3 reports a false -Wrestrict for "'" + std::string(...).
std::string quoted(std::string_view text) {
  std::string q(1, '\'');
  q += text;
  q += '\'';
  return q;
}

bool contains_ignoring_case(std::string_view text, std::string_view word) {
  auto it = std::search(text.begin(), text.end(), word.begin(), word.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != text.end();
}

// "PASS" as a whole word: not "PASSWORD", not "bypass".
bool contains_pass_word(std::string_view line) {
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; };
  for (size_t at = line.find("PASS"); at != std::string_view::npos; at = line.find("PASS", at + 1)) {
    const bool starts = at == 0 || !is_word(line[at - 1]);
    const bool ends = at + 4 == line.size() || !is_word(line[at + 4]);
    if (starts && ends) return true;
  }
  return false;
}

std::string_view trimmed(std::string_view line) {
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front())) != 0) line.remove_prefix(1);
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())) != 0) line.remove_suffix(1);
  return line;
}

}  // namespace

bool reports_failure(std::string_view line) {
  return contains_ignoring_case(line, "fail") || contains_ignoring_case(line, "error") ||
         contains_ignoring_case(line, "<err>");
}

bool reports_success(std::string_view line) {
  return contains_ignoring_case(line, "success") || contains_pass_word(line);
}

std::optional<std::string> success_after_failure(std::string_view transcript, bool run_ok) {
  std::optional<std::string_view> failure;
  size_t start = 0;
  while (start < transcript.size()) {
    size_t end = transcript.find('\n', start);
    if (end == std::string_view::npos) end = transcript.size();
    const std::string_view line = trimmed(transcript.substr(start, end - start));
    start = end + 1;
    if (line.empty()) continue;
    if (failure && reports_success(line)) {
      std::string why = quoted(*failure);
      why += " then ";
      why += quoted(line);
      return why;
    }
    if (!failure && reports_failure(line)) failure = line;
  }
  if (failure && run_ok) return quoted(*failure) + " then the run returned ok";
  return std::nullopt;
}

}  // namespace kb::tools::campaign
