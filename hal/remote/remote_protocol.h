#pragma once
// The wire format of `keybench serve` (docs/remote-protocol.md): frames of a little-endian u32
// length and a body; a request body starts with an opcode, a response body with a status. This
// file only encodes and decodes; the server (tools/server) and the client (remote_client.h) bring
// the sockets. No dependency beyond the standard library, so the C ABI can carry it too.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kb::hal::remote {

inline constexpr uint32_t kMagic = 0x5052424B;  // "KBRP" as little-endian bytes
inline constexpr uint16_t kVersion = 1;
// Bounds of protocol version 1. A frame above kMaxFrameBytes is refused before it is read.
inline constexpr uint32_t kMaxFrameBytes = uint32_t{4} << 20;
inline constexpr size_t kMaxI2cBytes = 4096;   // tx or rx of one transaction
inline constexpr size_t kMaxTokenBytes = 256;  // hello token
inline constexpr size_t kMaxNameBytes = 256;   // bench name in hello

enum class Op : uint8_t {
  kHello = 0x01,
  kI2cWrite = 0x10,
  kI2cRead = 0x11,
  kI2cWriteRead = 0x12,
  kSetRate = 0x13,
  kGetRate = 0x14,
  kRegRead = 0x20,
  kRegWrite = 0x21,
  kSleep = 0x30,
  kNow = 0x31,
  kPowerOff = 0x40,
  kPowerOn = 0x41,
  kPowerCycle = 0x42,
  kPowerState = 0x43,
  kLoadFaultPlan = 0x50,
  kFaultTrace = 0x51,
  kSnapshot = 0x52,
  kRestore = 0x53,
  kBenchCa = 0x54,  // added within version 1: an older server answers kUnknownOp
};

enum class Status : uint8_t {
  kOk = 0,
  kMalformed = 1,       // truncated field, trailing bytes, bad value
  kUnknownOp = 2,       // opcode not in this version
  kTooLarge = 3,        // a bound of this version exceeded (frame, I2C length, token, name)
  kUnauthorized = 4,    // no hello yet, or a wrong or missing token
  kBadVersion = 5,      // bad magic or a version the server does not speak
  kRejected = 6,        // the bench refused: a state or fault plan that does not fit it
  kNoSuchBench = 7,     // hello named a bench the server does not serve
  kBusy = 8,            // the server is at its client limit
  kUnsupported = 9,     // the bench has no register bus (no nRF5340), or no STSAFE-A120 for a CA
  kInternal = 10,       // the model failed; the bench is as the failed request left it
  kProtocolState = 11,  // a second hello
};

const char* status_name(Status s);

// Thrown by Reader on a field that runs past the body's end, or by a bound check.
class DecodeError : public std::runtime_error {
 public:
  DecodeError(Status status, const std::string& what) : std::runtime_error(what), status_(status) {}
  Status status() const { return status_; }

 private:
  Status status_;
};

// Builds a body. Little-endian integers; blob16/32 are a u16/u32 length then the bytes.
class Writer {
 public:
  Writer& u8(uint8_t v) {
    out_.push_back(v);
    return *this;
  }
  Writer& u16(uint16_t v) { return le(v, 2); }
  Writer& u32(uint32_t v) { return le(v, 4); }
  Writer& u64(uint64_t v) { return le(v, 8); }
  Writer& bytes(std::span<const uint8_t> b) {
    for (uint8_t x : b) out_.push_back(x);
    return *this;
  }
  Writer& blob16(std::span<const uint8_t> b);
  Writer& str16(std::string_view s);
  Writer& str32(std::string_view s);
  const std::vector<uint8_t>& body() const { return out_; }
  std::vector<uint8_t> take() { return std::move(out_); }

 private:
  Writer& le(uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
    return *this;
  }
  std::vector<uint8_t> out_;
};

// Reads a body front to back; every read past the end throws DecodeError(kMalformed).
class Reader {
 public:
  explicit Reader(std::span<const uint8_t> body) : data_(body) {}
  uint8_t u8() { return static_cast<uint8_t>(le(1)); }
  uint16_t u16() { return static_cast<uint16_t>(le(2)); }
  uint32_t u32() { return static_cast<uint32_t>(le(4)); }
  uint64_t u64() { return le(8); }
  std::span<const uint8_t> take(size_t n);
  // A blob/string whose declared length must not exceed max (DecodeError kTooLarge otherwise).
  std::span<const uint8_t> blob16(size_t max);
  std::string str16(size_t max);
  std::string str32(size_t max);
  size_t remaining() const { return data_.size(); }
  // Throws kMalformed when bytes are left over.
  void finish() const;

 private:
  uint64_t le(int n);
  std::span<const uint8_t> data_;
};

// What a served bench says about itself in the hello response.
struct BenchInfo {
  struct Device {
    std::string name;
    std::string kind;
    uint8_t address7 = 0;
  };
  uint16_t version = kVersion;
  std::string name;
  uint32_t bus_rate_hz = 0;
  bool has_registers = false;
  bool powered = true;
  uint64_t p256_scalar_multiplication_ns = 0;  // platform crypto costs the host must charge
  uint64_t p256_verify_ns = 0;
  std::vector<Device> devices;
};

void encode_bench_info(Writer& w, const BenchInfo& info);
BenchInfo decode_bench_info(Reader& r);

// A response body for an error: status then the message text (truncated to 1024 bytes).
std::vector<uint8_t> error_body(Status status, std::string_view message);

// Prepends the u32 length.
std::vector<uint8_t> frame(std::span<const uint8_t> body);

}  // namespace kb::hal::remote
