#pragma once
// A blocking client of `keybench serve` (docs/remote-protocol.md) over a Unix or TCP socket, and
// the HAL backends that reach a served bench through it: the `remote:` targets.
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "hal/clock.h"
#include "hal/i2c_initiator.h"
#include "hal/power_line.h"
#include "hal/register_bus.h"
#include "hal/remote/remote_protocol.h"

namespace kb::hal::remote {

struct Endpoint {
  enum class Kind { kUnix, kTcp };
  Kind kind = Kind::kUnix;
  std::string path;  // unix
  std::string host;  // tcp
  uint16_t port = 0;
  std::string bench;  // empty: the server's first bench
};

// Parses "unix:PATH" or "tcp:HOST:PORT", each optionally followed by "#BENCH". Throws
// std::invalid_argument naming the problem.
Endpoint parse_endpoint(std::string_view text);

// A refused request (status from the server) or a broken connection (status kInternal, io true).
class RemoteError : public std::runtime_error {
 public:
  RemoteError(Status status, bool io, const std::string& what) : std::runtime_error(what), status_(status), io_(io) {}
  Status status() const { return status_; }
  bool io() const { return io_; }

 private:
  Status status_;
  bool io_;
};

class RemoteClient {
 public:
  // Connects and says hello (with the token when not empty). Throws RemoteError.
  static std::unique_ptr<RemoteClient> connect(const Endpoint& endpoint, const std::string& token);
  ~RemoteClient();
  RemoteClient(const RemoteClient&) = delete;
  RemoteClient& operator=(const RemoteClient&) = delete;

  const BenchInfo& info() const { return info_; }
  // Once an I/O failure happened every call throws at once: a half-read response cannot be resynchronised.
  bool broken() const { return fd_ < 0; }

  // One request and its response. Returns the payload after an ok status; throws RemoteError.
  std::vector<uint8_t> call(Op op, std::span<const uint8_t> payload);

  // Typed requests. tx empty: read; rx empty: write; both: write-read. rx is written only on kOk.
  I2cResult transfer(uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx);
  I2cResult set_rate_hz(uint32_t hz);
  uint32_t rate_hz();
  uint32_t read32(uint32_t address);
  void write32(uint32_t address, uint32_t value);
  uint64_t sleep_ns(uint64_t ns);  // returns the bench's time after the sleep
  uint64_t now_ns();
  bool power(Op op);  // kPowerOff, kPowerOn, kPowerCycle or kPowerState; returns whether the bench is powered
  void load_fault_plan(const std::string& json_text);  // empty text removes the plan
  std::string fault_trace_json();
  std::string snapshot_json();
  void restore_json(const std::string& json_text);
  // DER of the served bench's CA (the one `keybench bench export-ca` gives for it).
  std::vector<uint8_t> bench_ca_der();

 private:
  explicit RemoteClient(int fd) : fd_(fd) {}
  [[noreturn]] void fail_io(const std::string& what);
  bool send_all(std::span<const uint8_t> bytes);
  void recv_all(std::span<uint8_t> bytes);

  int fd_ = -1;
  BenchInfo info_;
};

// The HAL faces of a served bench. A broken connection reads as a bus error on I2C, a zero on the
// register bus, kFailed on the power line, and leaves the clock where it was.
class RemoteI2cInitiator final : public I2cInitiator {
 public:
  explicit RemoteI2cInitiator(RemoteClient& client) : client_(client) {}

 private:
  I2cResult do_transfer(uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx) override;
  I2cResult do_set_rate_hz(uint32_t hz) override;
  RemoteClient& client_;
};

class RemoteClock final : public Clock {
 public:
  explicit RemoteClock(RemoteClient& client) : client_(client) {}
  uint64_t now_ns() const override;
  void sleep_ns(uint64_t ns) override;

 private:
  RemoteClient& client_;
};

class RemotePowerLine final : public PowerLine {
 public:
  explicit RemotePowerLine(RemoteClient& client) : client_(client) {}
  PowerResult cut() override;
  PowerResult restore() override;

 private:
  RemoteClient& client_;
};

class RemoteRegisterBus final : public RegisterBus {
 public:
  explicit RemoteRegisterBus(RemoteClient& client) : client_(client) {}
  uint32_t read32(uint32_t address) override;
  void write32(uint32_t address, uint32_t value) override;

 private:
  RemoteClient& client_;
};

}  // namespace kb::hal::remote
