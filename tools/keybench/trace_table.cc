#include "tools/keybench/trace_table.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "simulator/trace/trace_summary.h"

namespace kb::tools {

namespace {

using sim::trace::RegisterRecord;
using sim::trace::TraceRecord;

// Enough to recognise a frame; the whole bytes are in the file and in --json.
constexpr size_t kShownBytes = 8;

std::string abbreviated(const std::vector<uint8_t>& bytes) {
  std::string out;
  for (size_t i = 0; i < bytes.size() && i < kShownBytes; ++i) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%s%02x", i == 0 ? "" : " ", bytes[i]);
    out += buf;
  }
  if (bytes.size() > kShownBytes) out += " .. (" + std::to_string(bytes.size()) + ")";
  return out;
}

std::string bytes_column(const TraceRecord& r) {
  switch (r.direction) {
    case sim::trace::Direction::kWrite: return abbreviated(r.tx);
    case sim::trace::Direction::kRead: return r.rx.empty() ? "-" : abbreviated(r.rx);
    case sim::trace::Direction::kWriteRead: return abbreviated(r.tx) + " / " + (r.rx.empty() ? "-" : abbreviated(r.rx));
  }
  return {};
}

std::string text_at(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::string command_column(const TraceRecord& r) {
  std::string c = text_at(r.decoded, "command");
  if (c.empty()) c = text_at(r.decoded, "answers");
  if (c.empty()) c = sim::trace::command_of(r);
  return c.empty() ? "-" : c;
}

std::string status_column(const TraceRecord& r) {
  std::string s = sim::trace::outcome_name(r.outcome);
  if (r.decoded.is_object()) {
    const std::string frame_error = text_at(r.decoded, "frame_error");
    if (!frame_error.empty()) s += ", " + frame_error;
    auto it = r.decoded.find("response");
    if (it != r.decoded.end()) {
      const std::string status = text_at(*it, "status");
      if (!status.empty()) s += ", " + status;
    }
  }
  return s;
}

std::string microseconds(uint64_t ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(ns) / 1e3);
  return buf;
}

void pad(std::string& line, const std::string& cell, size_t width) {
  line += cell;
  if (cell.size() < width) line.append(width - cell.size(), ' ');
  line += "  ";
}

std::string word_text(uint32_t word) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", word);
  return buf;
}

// The words of one register array share a summary row: "KDF port OUTPUT[2]" counts as
// "KDF port OUTPUT[*]".
std::string array_of(const std::string& name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    out += name[i];
    if (name[i] != '[') continue;
    size_t j = i + 1;
    while (j < name.size() && name[j] >= '0' && name[j] <= '9') ++j;
    if (j > i + 1 && j < name.size() && name[j] == ']') {
      out += '*';
      i = j - 1;
    }
  }
  return out;
}

// Per register (or register array), in order of first access: how often it was read and written,
// and how long the accesses kept the CPU (NVMC programs stall it for tWRITE).
std::string register_summary(const std::vector<RegisterRecord>& registers) {
  struct Use {
    std::string name;
    uint64_t reads = 0;
    uint64_t writes = 0;
    uint64_t errors = 0;
    uint64_t stalled_ns = 0;
  };
  std::vector<Use> uses;
  for (const RegisterRecord& r : registers) {
    // A recording without the model (a board, remote:) names no register: its address stands in.
    const std::string name = r.name.empty() ? word_text(r.address) : array_of(r.name);
    auto it = std::find_if(uses.begin(), uses.end(), [&name](const Use& u) { return u.name == name; });
    if (it == uses.end()) it = uses.insert(uses.end(), Use{name});
    ++(r.write ? it->writes : it->reads);
    if (r.status != sim::trace::RegisterStatus::kOk) ++it->errors;
    it->stalled_ns += r.end_ns - r.start_ns;
  }
  std::vector<std::array<std::string, 5>> rows;
  rows.push_back({"register", "reads", "writes", "not ok", "stalled us"});
  for (const Use& u : uses) {
    rows.push_back({u.name, std::to_string(u.reads), std::to_string(u.writes), std::to_string(u.errors),
                    microseconds(u.stalled_ns)});
  }
  std::array<size_t, 5> width{};
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  std::string out = "register accesses (stalled: time the CPU waited in the access)\n";
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i + 1 < row.size(); ++i) pad(line, row[i], width[i]);
    line += row.back();
    out += line + "\n";
  }
  return out;
}

}  // namespace

std::string trace_table(const sim::trace::Trace& trace) {
  std::string out = "trace of " + (trace.header.flow.empty() ? std::string("a run") : trace.header.flow) + " on " +
                    (trace.header.target.empty() ? std::string("?") : trace.header.target) +
                    (trace.header.bus.empty() ? std::string() : " (" + trace.header.bus + " bus)") + ", " +
                    trace.header.clock + " time, seen " +
                    (trace.header.source == "bus" ? "on the bus" : "at the host") + ", " +
                    std::to_string(trace.records.size()) + " transactions";
  if (!trace.registers.empty()) out += ", " + std::to_string(trace.registers.size()) + " register accesses";
  out += "\n\n";
  std::vector<std::array<std::string, 7>> rows;
  rows.push_back({"#", "time us", "addr", "dir", "bytes", "command", "status"});
  // Both kinds in file order: I2C transactions by their 7-bit address, register accesses by the
  // 32-bit one, the word in the bytes column and the register's name in the command column.
  size_t k = 0;
  const auto register_row = [&rows](const RegisterRecord& r) {
    rows.push_back({std::to_string(r.index), microseconds(r.start_ns), word_text(r.address), r.write ? "write" : "read",
                    word_text(r.value), r.name.empty() ? "-" : r.name, sim::trace::register_status_name(r.status)});
  };
  for (const TraceRecord& r : trace.records) {
    while (k < trace.registers.size() && trace.registers[k].index < r.index) register_row(trace.registers[k++]);
    char addr[8];
    std::snprintf(addr, sizeof addr, "0x%02X", r.address7);
    rows.push_back({std::to_string(r.index), microseconds(r.start_ns), addr, sim::trace::direction_name(r.direction),
                    bytes_column(r), command_column(r), status_column(r)});
  }
  while (k < trace.registers.size()) register_row(trace.registers[k++]);
  std::array<size_t, 7> width{};
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i + 1 < row.size(); ++i) pad(line, row[i], width[i]);
    line += row.back();
    out += line + "\n";
  }

  out += "\ncommand timing (busy: end of the write to the answering read; round trip: write start to answer end)\n";
  const std::vector<sim::trace::CommandTiming> timings = sim::trace::command_timings(trace);
  std::vector<std::array<std::string, 7>> summary;
  summary.push_back({"command", "count", "answered", "polls", "busy total us", "busy mean us", "round trip mean us"});
  for (const auto& t : timings) {
    summary.push_back({t.command, std::to_string(t.count), std::to_string(t.answered), std::to_string(t.polls),
                       microseconds(t.busy_ns), microseconds(t.mean_busy_ns()), microseconds(t.mean_round_trip_ns())});
  }
  std::array<size_t, 7> sw{};
  for (const auto& row : summary) {
    for (size_t i = 0; i < row.size(); ++i) sw[i] = std::max(sw[i], row[i].size());
  }
  for (const auto& row : summary) {
    std::string line;
    for (size_t i = 0; i + 1 < row.size(); ++i) pad(line, row[i], sw[i]);
    line += row.back();
    out += line + "\n";
  }
  if (!trace.registers.empty()) {
    out += '\n';
    out += register_summary(trace.registers);
  }
  return out;
}

}  // namespace kb::tools
