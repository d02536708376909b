#pragma once
// Target strings pick the HAL backend; the application code is the same for each:
//   sim                      the default bench (factory-personalised STSAFE-A120 at 0x20, 400 kHz)
//   sim:PATH.json            a bench fixture
//   i2c:/dev/i2c-N[@0xAA]    a real device through Linux i2c-dev (address defaults to the part's:
//                            0x20 for an STSAFE-A120, 0x60 for an ATECC608A)
//   remote:unix:PATH         a bench served by `keybench serve` (docs/remote-protocol.md), on a Unix
//   remote:tcp:HOST:PORT     socket or TCP; '#BENCH' picks one of several served benches. A token,
//                            when the server wants one, comes from $KEYBENCH_REMOTE_TOKEN_FILE.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "hal/platform.h"

namespace kb::sim {
class Bench;
}

namespace kb::hal::host {

inline constexpr const char* kAcceptedTargets =
    "accepted forms: 'sim', 'sim:PATH.json', 'i2c:/dev/i2c-N', 'i2c:/dev/i2c-N@0xAA', 'remote:unix:PATH' or "
    "'remote:tcp:HOST:PORT'";

struct TargetSpec {
  enum class Kind { kSim, kI2cDev, kRemote };
  Kind kind = Kind::kSim;
  std::string fixture;  // sim: empty for the default bench
  std::string device;   // i2c: the adapter node
  std::optional<uint8_t> address7;
  // sim: run the bench's bus at the bit level (the RTL bus, simulator/rtl) whatever the fixture says.
  bool rtl_bus = false;
  std::string remote;  // remote: the endpoint after "remote:" ("unix:/tmp/kb.sock", "tcp:127.0.0.1:7000")
};

// Throws std::invalid_argument whose message names the problem and lists the accepted forms.
TargetSpec parse_target(std::string_view text);

// Owns the backend objects behind a Platform for the life of a run.
class HostTarget {
 public:
  virtual ~HostTarget() = default;
  virtual Platform& platform() = 0;
  // The simulated bench, or null on hardware.
  virtual kb::sim::Bench* bench() = 0;
  // DER of the CA of a bench served by `keybench serve` (a remote: target), asked of the server;
  // nullopt on other targets. Throws std::runtime_error when the server has none to give.
  virtual std::optional<std::vector<uint8_t>> served_bench_ca() { return std::nullopt; }
  // The address of the device of a model kind ("stsafe-a120", "atecc608a"): the target string's
  // @0xAA on hardware, the fixture's on a bench, else `fallback` (the part's default address).
  virtual uint8_t device_address(std::string_view kind, uint8_t fallback) const = 0;
  uint8_t stsafe_address() const { return device_address("stsafe-a120", 0x20); }
  uint8_t atecc_address() const { return device_address("atecc608a", 0x60); }
};

// The address the first device of `kind` on a bench sits at, or fallback.
uint8_t bench_device_address(const kb::sim::Bench& bench, std::string_view kind, uint8_t fallback);

// Opens the backend. Throws std::runtime_error with a one-line reason (bad fixture, missing
// adapter node, permission denied). seed makes the simulated host's randomness reproducible.
std::unique_ptr<HostTarget> open_target(const TargetSpec& spec, Console& console, uint64_t seed = 1);

}  // namespace kb::hal::host
