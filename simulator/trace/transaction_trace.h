#pragma once
// Transaction traces as JSON lines (format keybench-trace/1, docs/waveforms.md): a header line, then
// one line per I2C transaction with its time, address, direction, bytes and outcome, and, on a
// simulated bench, the addressed model's reading of it. The writer collects lines and saves them
// through the atomic file writer; the reader checks every line and names the first bad one.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kb::sim::trace {

inline constexpr std::string_view kTraceFormat = "keybench-trace/1";

// A file that is not a keybench trace, or a line that does not read: "t.jsonl line 7: ...".
class TraceFormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Direction : uint8_t { kWrite, kRead, kWriteRead };
const char* direction_name(Direction d);  // "write", "read", "write-read"

// What the transfer ended with, in one vocabulary for the bus and for a host's initiator.
enum class Outcome : uint8_t { kAck, kAddressNack, kDataNack, kBusError, kTimeout, kUnsupported, kArbitrationLost };
// "ack", "address NACK", "data NACK", "bus error", "timeout", "unsupported", "arbitration lost"
const char* outcome_name(Outcome o);

struct TraceHeader {
  // "virtual": nanoseconds of the bench's virtual time; "host": nanoseconds of the host's steady
  // clock from the start of the run.
  std::string clock = "virtual";
  // "bus": seen on the simulated bus (the devices' side); "host": seen at the host's initiator.
  std::string source = "bus";
  std::string target;  // the target string of the run
  std::string flow;
  // The simulated bus the session ran on, "transaction" or "rtl" (a replay plays on the same one);
  // empty where no bench of this process carried it (hardware, remote:, files written before the
  // field existed), and then left out of the file.
  std::string bus;
};

struct TraceRecord {
  uint64_t index = 0;
  uint64_t start_ns = 0;  // START (bus) or call (host)
  uint64_t end_ns = 0;    // after the STOP (bus) or return (host)
  uint8_t address7 = 0;
  Direction direction = Direction::kWrite;
  std::vector<uint8_t> tx;  // bytes written (acknowledged ones on the bus; all that were offered at the host)
  std::vector<uint8_t> rx;  // bytes read; empty when the read did not happen
  size_t rx_length = 0;     // bytes the initiator asked to read
  Outcome outcome = Outcome::kAck;
  // The bus rate: the bench's on a bus trace; at the host the last rate it asked for, 0 while it
  // asked for none (the rate the bus is wired at). Replays set it; a wake pulse depends on it.
  uint32_t rate_hz = 0;
  nlohmann::json decoded;  // the model's view ({"command", "fields", "protection"} / {"response"}), or null
};

struct Trace {
  TraceHeader header;
  std::vector<TraceRecord> records;
};

nlohmann::json header_json(const TraceHeader& header);
nlohmann::json record_json(const TraceRecord& record);

// Parses a whole file's text. source names it in errors. Throws TraceFormatError naming the line:
// a first line that is not this format's header, a line that is not a JSON object, a missing or
// mistyped field, an unknown direction or outcome, odd or non-hex bytes, indexes out of order.
Trace parse_trace(std::string_view text, const std::string& source);
// Reads with the input checks of simulator/files/input_file.h; throws files::InputError or
// TraceFormatError.
Trace load_trace_file(const std::string& path);

// Collects a trace and writes it when the run ends.
class TraceWriter {
 public:
  explicit TraceWriter(TraceHeader header);
  void add(const TraceRecord& record);
  size_t records() const { return records_; }
  std::string text() const;
  // Through the atomic file writer; throws files::FileError.
  void save(const std::string& path) const;

 private:
  std::string text_;
  size_t records_ = 0;
};

}  // namespace kb::sim::trace
