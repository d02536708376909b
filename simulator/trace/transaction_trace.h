#pragma once
// Transaction traces as JSON lines (format keybench-trace/1, docs/waveforms.md): a header line, then
// one line per record. A record's "kind" says what it is: "i2c" (the kind of a record without the
// field, as traces had before there were others) is one I2C transaction with its time, address,
// direction, bytes and outcome, and, on a simulated bench, the addressed model's reading of it;
// "register" is one 32-bit access of firmware to the nRF5340's memory map, named by the model where
// one saw it (a host recording on a board or over remote: has no name). The writer collects lines
// and saves them through the atomic file writer; the reader checks every line and names the first
// bad one.
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

// What became of a register access.
enum class RegisterStatus : uint8_t { kOk, kBusError, kUnpowered };
// "ok", "bus error" (unmapped or misaligned: a read answers 0, a write is ignored), "unpowered"
// (the chip was dead after a power cut, or died in the access)
const char* register_status_name(RegisterStatus s);

struct RegisterRecord {
  uint64_t index = 0;     // in the same sequence as the I2C records: the record's place in the file
  uint64_t start_ns = 0;  // the access
  uint64_t end_ns = 0;    // its return (an NVMC program stalls the CPU)
  bool write = false;
  uint32_t address = 0;
  std::string name;    // the model's name of the register ("KMU.SELECTKEYSLOT"); empty without a model
  uint32_t value = 0;  // the word written, or the word read
  RegisterStatus status = RegisterStatus::kOk;
};

struct Trace {
  TraceHeader header;
  std::vector<TraceRecord> records;       // the I2C transactions
  std::vector<RegisterRecord> registers;  // the register accesses
};

nlohmann::json header_json(const TraceHeader& header);
nlohmann::json record_json(const TraceRecord& record);
nlohmann::json record_json(const RegisterRecord& record);
// Both kinds of record as one array, in file order.
nlohmann::json records_json(const Trace& trace);

// Parses a whole file's text. source names it in errors. Throws TraceFormatError naming the line:
// a first line that is not this format's header, a line that is not a JSON object, an unknown
// kind, a missing or mistyped field, an unknown direction, outcome, access or status, odd or
// non-hex bytes, indexes out of order.
Trace parse_trace(std::string_view text, const std::string& source);
// Reads with the input checks of simulator/files/input_file.h; throws files::InputError or
// TraceFormatError.
Trace load_trace_file(const std::string& path);

// Collects a trace and writes it when the run ends.
class TraceWriter {
 public:
  explicit TraceWriter(TraceHeader header);
  void add(const TraceRecord& record);
  void add(const RegisterRecord& record);
  // Records of either kind so far: the index of the next one.
  size_t records() const { return records_; }
  std::string text() const;
  // Through the atomic file writer; throws files::FileError.
  void save(const std::string& path) const;

 private:
  std::string text_;
  size_t records_ = 0;
};

}  // namespace kb::sim::trace
