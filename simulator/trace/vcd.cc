#include "simulator/trace/vcd.h"

#include <stdexcept>

#include "simulator/files/atomic_file.h"

namespace kb::sim::trace {

namespace {
constexpr char kSclId = '!';
constexpr char kSdaId = '"';
}  // namespace

VcdRecorder::VcdRecorder(I2cBus& bus) : bit_level_(bus.bit_level()) {
  if (bit_level_ == nullptr) throw BusLevelError("waveforms need the RTL bus (--bus rtl)");
  bit_level_->set_line_observer([this](Nanoseconds at, bool scl, bool sda) { on_lines(at, scl, sda); });
}

VcdRecorder::~VcdRecorder() {
  bit_level_->set_line_observer(nullptr);
}

void VcdRecorder::on_lines(Nanoseconds at, bool scl, bool sda) {
  if (at < last_ns_) at = last_ns_;  // never backwards
  auto stamp = [&] {
    if (have_time_ && at == last_ns_) return;
    body_ += '#';
    body_ += std::to_string(at);
    body_ += '\n';
    last_ns_ = at;
    have_time_ = true;
  };
  if (first_) {
    stamp();
    body_ += "$dumpvars\n";
    body_ += scl ? '1' : '0';
    body_ += kSclId;
    body_ += '\n';
    body_ += sda ? '1' : '0';
    body_ += kSdaId;
    body_ += "\n$end\n";
    first_ = false;
  } else {
    if (scl != scl_) {
      stamp();
      body_ += scl ? '1' : '0';
      body_ += kSclId;
      body_ += '\n';
      ++changes_;
    }
    if (sda != sda_) {
      stamp();
      body_ += sda ? '1' : '0';
      body_ += kSdaId;
      body_ += '\n';
      ++changes_;
    }
  }
  scl_ = scl;
  sda_ = sda;
}

std::string VcdRecorder::text() const {
  std::string out =
      "$version keybench RTL I2C bus $end\n"
      "$timescale 1ns $end\n"
      "$scope module i2c $end\n"
      "$var wire 1 ! scl $end\n"
      "$var wire 1 \" sda $end\n"
      "$upscope $end\n"
      "$enddefinitions $end\n";
  out += body_;
  return out;
}

void VcdRecorder::save(const std::string& path) const {
  files::write_file_atomically(path, text(), files::Privacy::kShared);
}

VcdDump parse_vcd(std::string_view text) {
  VcdDump dump;
  std::vector<std::pair<std::string, std::string>> ids;  // id code -> name
  uint64_t now = 0;
  size_t line_no = 0;
  std::vector<std::string> words;
  auto fail = [&](const std::string& what) {
    throw std::runtime_error("VCD line " + std::to_string(line_no) + ": " + what);
  };
  size_t pos = 0;
  bool in_definitions = true;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    words.clear();
    for (size_t i = 0; i < line.size();) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
      size_t j = i;
      while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
      if (j > i) words.emplace_back(line.substr(i, j - i));
      i = j;
    }
    if (words.empty()) continue;
    const std::string& w = words[0];
    if (in_definitions) {
      if (w == "$timescale") {
        if (words.size() < 3) fail("$timescale without a unit");
        dump.timescale = words[1];
      } else if (w == "$var") {
        if (words.size() < 6 || words[2] != "1") fail("only 1-bit $var is read");
        ids.emplace_back(words[3], words[4]);
        dump.signals.push_back(words[4]);
      } else if (w == "$enddefinitions") {
        in_definitions = false;
      }
      continue;
    }
    if (w == "$dumpvars" || w == "$end") continue;
    if (w[0] == '#') {
      try {
        now = std::stoull(w.substr(1));
      } catch (const std::exception&) {
        fail("bad time stamp " + w);
      }
      continue;
    }
    const char v = w[0];
    if (v != '0' && v != '1' && v != 'x' && v != 'z') fail("unreadable value change " + w);
    const std::string id = w.substr(1);
    std::string name;
    for (const auto& [code, n] : ids) {
      if (code == id) name = n;
    }
    if (name.empty()) fail("unknown signal id " + id);
    dump.changes.push_back({now, name, v});
  }
  if (in_definitions) throw std::runtime_error("VCD: no $enddefinitions");
  return dump;
}

}  // namespace kb::sim::trace
