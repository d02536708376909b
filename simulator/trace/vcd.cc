#include "simulator/trace/vcd.h"

#include <stdexcept>

#include "simulator/files/atomic_file.h"

namespace kb::sim::trace {

namespace {
constexpr char kSclId = '!';
constexpr char kSdaId = '"';
// byte[7] .. byte[0]: eight scalar signals rather than one vector, because PulseView's importer
// (libsigrok 0.5) stops reading at a vector's first value change; GTKWave joins them back into
// byte[7:0].
constexpr char kByteIds[8] = {'%', '&', '\'', '(', ')', '*', '+', ','};

char byte_bit(int value, int bit) {
  if (value < 0) return 'z';
  return ((value >> bit) & 1) != 0 ? '1' : '0';
}
}  // namespace

VcdRecorder::VcdRecorder(I2cBus& bus) : bus_(bus), bit_level_(bus.bit_level()) {
  if (bit_level_ != nullptr) {
    bit_level_->set_line_observer([this](Nanoseconds at, bool scl, bool sda) { on_lines(at, scl, sda); });
  } else {
    bus_.add_wire_listener(this);
  }
}

VcdRecorder::~VcdRecorder() {
  if (bit_level_ != nullptr) {
    bit_level_->set_line_observer(nullptr);
  } else {
    bus_.remove_wire_listener(this);
  }
}

// The edges a bit-level initiator would make for one transaction, at the bus's bit-time: SDA falls
// mid-way through the START's bit-time with SCL high; each bit has SCL low for its first half (SDA
// settles a quarter in) and high for its second; a STOP clocks once with SDA low, then SDA rises
// with SCL high. Without a STOP the line is released early, so the repeated START that follows at
// the transaction's end time finds SCL and SDA high.
void VcdRecorder::on_wire(const WireTransaction& t) {
  const Nanoseconds bit = t.bit_ns;
  Nanoseconds at = t.start_ns;
  on_lines(at, true, true);
  on_lines(at + bit / 2, true, false);
  at += bit;
  bool sda = false;
  auto clock = [&](bool level) {
    on_lines(at, false, sda);
    sda = level;
    on_lines(at + bit / 4, false, sda);
    on_lines(at + bit / 2, true, sda);
    at += bit;
  };
  auto byte = [&](uint8_t b, bool acked) {
    for (int i = 7; i >= 0; --i) clock(((b >> i) & 1u) != 0);
    clock(!acked);
  };
  byte(t.address_byte, t.address_acked);
  for (size_t i = 0; i < t.data.size(); ++i) byte(t.data[i], i < t.acked);
  if (t.stop) {
    clock(false);
    on_lines(at - bit / 4, true, true);
  } else {
    on_lines(at, false, sda);
    on_lines(at + bit / 8, false, true);
    on_lines(at + bit / 4, true, true);
  }
}

void VcdRecorder::emit_byte(Nanoseconds at, int value) {
  if (value == shown_byte_) return;
  for (int i = 0; i < 8; ++i) {
    const char now = byte_bit(value, 7 - i);
    if (now == byte_bit(shown_byte_, 7 - i)) continue;
    byte_events_.push_back({at, kByteIds[i], now});
    ++changes_;
  }
  shown_byte_ = value;
}

// What a logic analyser's decoder reads: SDA falling with SCL high is a START, rising a STOP; each
// SCL rise samples a bit, eight per byte then the acknowledge. A byte is known only at its eighth
// rise, so its value is entered back at the SCL fall that began its first bit, and released at the
// fall that begins its acknowledge: two equal bytes in a row stay two.
void VcdRecorder::decode(Nanoseconds at, bool scl, bool sda) {
  if (scl && scl_ && sda != sda_) {
    in_frame_ = !sda;
    bit_count_ = 0;
    shift_ = 0;
    return;
  }
  if (!in_frame_ || scl == scl_) return;
  if (!scl) {
    if (bit_count_ == 0) byte_start_ns_ = at;
    if (bit_count_ == 8) {
      emit_byte(byte_start_ns_, shift_);
      emit_byte(at, -1);
    }
    return;
  }
  if (bit_count_ < 8) {
    shift_ = static_cast<uint8_t>(shift_ << 1 | (sda ? 1 : 0));
    ++bit_count_;
  } else {
    bit_count_ = 0;
    shift_ = 0;
  }
}

void VcdRecorder::on_lines(Nanoseconds at, bool scl, bool sda) {
  if (at < last_ns_) at = last_ns_;  // never backwards
  last_ns_ = at;
  if (first_) {
    first_ns_ = at;
    first_scl_ = scl;
    first_sda_ = sda;
    first_ = false;
  } else {
    decode(at, scl, sda);
    if (scl != scl_) {
      line_events_.push_back({at, kSclId, scl ? '1' : '0'});
      ++changes_;
    }
    if (sda != sda_) {
      line_events_.push_back({at, kSdaId, sda ? '1' : '0'});
      ++changes_;
    }
  }
  scl_ = scl;
  sda_ = sda;
}

std::string VcdRecorder::text() const {
  std::string out = bit_level_ != nullptr ? "$version keybench RTL I2C bus $end\n"
                                          : "$version keybench transaction-level I2C bus, synthesized edges $end\n";
  out +=
      "$timescale 1ns $end\n"
      "$scope module i2c $end\n"
      "$var wire 1 ! scl $end\n"
      "$var wire 1 \" sda $end\n";
  for (int i = 0; i < 8; ++i) {
    out += "$var wire 1 ";
    out += kByteIds[i];
    out += " byte[" + std::to_string(7 - i) + "] $end\n";
  }
  out +=
      "$upscope $end\n"
      "$enddefinitions $end\n";
  if (first_) return out;
  out += '#' + std::to_string(first_ns_) + "\n$dumpvars\n";
  out += first_scl_ ? '1' : '0';
  out += kSclId;
  out += '\n';
  out += first_sda_ ? '1' : '0';
  out += kSdaId;
  out += '\n';
  for (char id : kByteIds) {
    out += 'z';
    out += id;
    out += '\n';
  }
  out += "$end\n";
  // Both lists are in time order; merged, with one stamp per time.
  Nanoseconds stamped = first_ns_;
  auto put = [&](const Event& e) {
    if (e.at != stamped) {
      out += '#' + std::to_string(e.at) + '\n';
      stamped = e.at;
    }
    out += e.value;
    out += e.id;
    out += '\n';
  };
  size_t l = 0;
  size_t b = 0;
  while (l < line_events_.size() || b < byte_events_.size()) {
    if (b == byte_events_.size() || (l < line_events_.size() && line_events_[l].at <= byte_events_[b].at)) {
      put(line_events_[l++]);
    } else {
      put(byte_events_[b++]);
    }
  }
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
