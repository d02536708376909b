#include "simulator/trace/transaction_trace.h"

#include <array>
#include <cstdint>
#include <cstdio>

#include "simulator/files/atomic_file.h"
#include "simulator/files/input_file.h"

namespace kb::sim::trace {

namespace {

constexpr std::array<const char*, 3> kDirections = {"write", "read", "write-read"};
constexpr std::array<const char*, 7> kOutcomes = {"ack",     "address NACK", "data NACK",       "bus error",
                                                  "timeout", "unsupported",  "arbitration lost"};
constexpr std::array<const char*, 2> kKinds = {"i2c", "register"};
constexpr std::array<const char*, 2> kAccesses = {"read", "write"};
constexpr std::array<const char*, 3> kRegisterStatuses = {"ok", "bus error", "unpowered"};
// The simulated bus levels a recording can name; a build without Verilator still reads "rtl" and
// says so when asked to replay it.
constexpr std::array<const char*, 2> kBuses = {"transaction", "rtl"};

std::string hex_of(const std::vector<uint8_t>& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0x0F];
  }
  return out;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string address_text(uint8_t address7) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", address7);
  return buf;
}

std::string word_text(uint32_t word) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", word);
  return buf;
}

// Reads one line's fields; every failure names the field.
class LineReader {
 public:
  LineReader(const nlohmann::json& object, const std::string& where) : object_(object), where_(where) {}

  [[noreturn]] void fail(const std::string& problem) const { throw TraceFormatError(where_ + ": " + problem); }

  const nlohmann::json& field(const char* name) const {
    auto it = object_.find(name);
    if (it == object_.end()) fail(std::string("no \"") + name + "\"");
    return *it;
  }
  uint64_t number(const char* name) const {
    const nlohmann::json& v = field(name);
    if (!v.is_number_unsigned()) fail(std::string("\"") + name + "\" is not a whole number");
    return v.get<uint64_t>();
  }
  std::string text(const char* name) const {
    const nlohmann::json& v = field(name);
    if (!v.is_string()) fail(std::string("\"") + name + "\" is not a string");
    return v.get<std::string>();
  }
  std::vector<uint8_t> bytes(const char* name) const {
    const std::string t = text(name);
    if (t.size() % 2 != 0) fail(std::string("\"") + name + "\" has an odd number of hex digits");
    std::vector<uint8_t> out;
    out.reserve(t.size() / 2);
    for (size_t i = 0; i < t.size(); i += 2) {
      const int hi = hex_digit(t[i]);
      const int lo = hex_digit(t[i + 1]);
      if (hi < 0 || lo < 0) fail(std::string("\"") + name + "\" is not hex at digit " + std::to_string(i));
      out.push_back(static_cast<uint8_t>(hi << 4 | lo));
    }
    return out;
  }
  template <size_t N>
  size_t choice(const char* name, const std::array<const char*, N>& names) const {
    const std::string t = text(name);
    for (size_t i = 0; i < N; ++i) {
      if (t == names[i]) return i;
    }
    std::string known;
    for (const char* n : names) {
      if (!known.empty()) known += ", ";
      known += n;
    }
    fail(std::string("\"") + name + "\" is '" + t + "', not one of: " + known);
  }

 private:
  const nlohmann::json& object_;
  const std::string& where_;
};

TraceHeader read_header(const nlohmann::json& j, const std::string& where) {
  LineReader r(j, where);
  if (r.text("format") != kTraceFormat) {
    r.fail("format is '" + r.text("format") + "', this reader takes " + std::string(kTraceFormat));
  }
  TraceHeader h;
  h.clock = r.text("clock");
  if (h.clock != "virtual" && h.clock != "host") r.fail("\"clock\" must be virtual or host");
  h.source = r.text("source");
  if (h.source != "bus" && h.source != "host") r.fail("\"source\" must be bus or host");
  h.target = r.text("target");
  h.flow = r.text("flow");
  if (j.contains("bus")) {
    h.bus = kBuses[r.choice("bus", kBuses)];
  }
  return h;
}

// The fields records of every kind have: their place in the file and their span.
template <typename Record>
void read_place(const LineReader& r, Record& t) {
  t.index = r.number("index");
  t.start_ns = r.number("start_ns");
  t.end_ns = r.number("end_ns");
  if (t.end_ns < t.start_ns) r.fail("\"end_ns\" is before \"start_ns\"");
}

TraceRecord read_record(const nlohmann::json& j, const std::string& where) {
  LineReader r(j, where);
  TraceRecord t;
  read_place(r, t);
  const uint64_t address = r.number("address");
  if (address > 0x7F) r.fail("\"address\" " + std::to_string(address) + " is not a 7-bit address");
  t.address7 = static_cast<uint8_t>(address);
  t.direction = static_cast<Direction>(r.choice("dir", kDirections));
  t.tx = r.bytes("tx");
  t.rx = r.bytes("rx");
  t.rx_length = r.number("rx_length");
  if (t.rx.size() > t.rx_length) r.fail("\"rx\" holds more bytes than \"rx_length\"");
  if (t.direction == Direction::kWrite && t.rx_length != 0) r.fail("a write with \"rx_length\" above 0");
  if (t.direction == Direction::kRead && !t.tx.empty()) r.fail("a read with bytes in \"tx\"");
  t.outcome = static_cast<Outcome>(r.choice("status", kOutcomes));
  if (j.contains("rate_hz")) {
    const uint64_t rate = r.number("rate_hz");
    if (rate == 0 || rate > 3400000) r.fail("\"rate_hz\" " + std::to_string(rate) + " is not an I2C rate (1..3400000)");
    t.rate_hz = static_cast<uint32_t>(rate);
  }
  if (auto it = j.find("decoded"); it != j.end()) {
    if (!it->is_object()) r.fail("\"decoded\" is not an object");
    t.decoded = *it;
  }
  return t;
}

RegisterRecord read_register_record(const nlohmann::json& j, const std::string& where) {
  LineReader r(j, where);
  RegisterRecord t;
  read_place(r, t);
  t.write = r.choice("access", kAccesses) == 1;
  const uint64_t address = r.number("address");
  if (address > UINT32_MAX) r.fail("\"address\" " + std::to_string(address) + " is not a 32-bit address");
  t.address = static_cast<uint32_t>(address);
  // A recording from a board has no model to name the register.
  if (j.contains("register")) t.name = r.text("register");
  const uint64_t value = r.number("value");
  if (value > UINT32_MAX) r.fail("\"value\" " + std::to_string(value) + " is not a 32-bit word");
  t.value = static_cast<uint32_t>(value);
  t.status = static_cast<RegisterStatus>(r.choice("status", kRegisterStatuses));
  return t;
}

}  // namespace

const char* direction_name(Direction d) {
  const auto i = static_cast<size_t>(d);
  return i < kDirections.size() ? kDirections[i] : "write";
}

const char* outcome_name(Outcome o) {
  const auto i = static_cast<size_t>(o);
  return i < kOutcomes.size() ? kOutcomes[i] : "bus error";
}

const char* register_status_name(RegisterStatus s) {
  const auto i = static_cast<size_t>(s);
  return i < kRegisterStatuses.size() ? kRegisterStatuses[i] : "bus error";
}

nlohmann::json header_json(const TraceHeader& header) {
  nlohmann::json j = {{"format", kTraceFormat},
                      {"clock", header.clock},
                      {"source", header.source},
                      {"target", header.target},
                      {"flow", header.flow}};
  if (!header.bus.empty()) j["bus"] = header.bus;
  return j;
}

nlohmann::json record_json(const TraceRecord& t) {
  nlohmann::json j = {{"index", t.index},
                      {"kind", kKinds[0]},
                      {"start_ns", t.start_ns},
                      {"end_ns", t.end_ns},
                      {"address", t.address7},
                      {"address_hex", address_text(t.address7)},
                      {"dir", direction_name(t.direction)},
                      {"tx", hex_of(t.tx)},
                      {"rx", hex_of(t.rx)},
                      {"rx_length", t.rx_length},
                      {"status", outcome_name(t.outcome)}};
  if (t.rate_hz != 0) j["rate_hz"] = t.rate_hz;
  if (!t.decoded.is_null()) j["decoded"] = t.decoded;
  return j;
}

nlohmann::json record_json(const RegisterRecord& t) {
  nlohmann::json j = {{"index", t.index},
                      {"kind", kKinds[1]},
                      {"start_ns", t.start_ns},
                      {"end_ns", t.end_ns},
                      {"access", kAccesses[t.write ? 1 : 0]},
                      {"address", t.address},
                      {"address_hex", word_text(t.address)},
                      {"value", t.value},
                      {"value_hex", word_text(t.value)},
                      {"status", register_status_name(t.status)}};
  if (!t.name.empty()) j["register"] = t.name;
  return j;
}

nlohmann::json records_json(const Trace& trace) {
  nlohmann::json out = nlohmann::json::array();
  size_t i = 0;
  size_t k = 0;
  while (i < trace.records.size() || k < trace.registers.size()) {
    const bool i2c_next =
        k == trace.registers.size() || (i < trace.records.size() && trace.records[i].index < trace.registers[k].index);
    out.push_back(i2c_next ? record_json(trace.records[i++]) : record_json(trace.registers[k++]));
  }
  return out;
}

Trace parse_trace(std::string_view text, const std::string& source) {
  Trace trace;
  size_t line_no = 0;
  bool have_header = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    const std::string where = source + " line " + std::to_string(line_no);
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
      throw TraceFormatError(where + ": not JSON (" + e.what() + ")");
    }
    if (!j.is_object()) throw TraceFormatError(where + ": not a JSON object");
    if (!have_header) {
      if (!j.contains("format")) {
        throw TraceFormatError(where + ": not a keybench trace (the first line has no \"format\")");
      }
      trace.header = read_header(j, where);
      have_header = true;
      continue;
    }
    // A record without a kind is an I2C transaction, as every record was before there were others.
    const bool is_register = j.contains("kind") && LineReader(j, where).choice("kind", kKinds) == 1;
    const uint64_t next = trace.records.size() + trace.registers.size();
    uint64_t got = 0;
    if (is_register) {
      RegisterRecord r = read_register_record(j, where);
      got = r.index;
      trace.registers.push_back(std::move(r));
    } else {
      TraceRecord r = read_record(j, where);
      got = r.index;
      trace.records.push_back(std::move(r));
    }
    if (got != next) {
      throw TraceFormatError(where + ": \"index\" " + std::to_string(got) + " where " + std::to_string(next) +
                             " comes next");
    }
  }
  if (!have_header) throw TraceFormatError(source + ": empty, not a keybench trace");
  return trace;
}

Trace load_trace_file(const std::string& path) {
  return parse_trace(files::read_input_file(path), path);
}

TraceWriter::TraceWriter(TraceHeader header) {
  // Format first, so that a reader (or a person) can tell the file by its first bytes.
  nlohmann::ordered_json line = {{"format", kTraceFormat},
                                 {"clock", header.clock},
                                 {"source", header.source},
                                 {"target", header.target},
                                 {"flow", header.flow}};
  if (!header.bus.empty()) line["bus"] = header.bus;
  text_ = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void TraceWriter::add(const TraceRecord& record) {
  text_ += record_json(record).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text_ += '\n';
  ++records_;
}

void TraceWriter::add(const RegisterRecord& record) {
  text_ += record_json(record).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text_ += '\n';
  ++records_;
}

std::string TraceWriter::text() const {
  return text_;
}

void TraceWriter::save(const std::string& path) const {
  // Private: provisioning flows send keys over the bus (a plaintext host key write is in the bytes).
  files::write_file_atomically(path, text_, files::Privacy::kPrivate);
}

}  // namespace kb::sim::trace
