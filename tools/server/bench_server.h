#pragma once
// The request handler of `keybench serve`: decodes one request body (docs/remote-protocol.md),
// applies it to a served bench and encodes the response body. No sockets here (serve_loop.h
// brings them), so tests and the fuzz target drive it directly. A request is decoded whole before
// it touches a bench, so a malformed or truncated one changes nothing.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "hal/remote/remote_protocol.h"
#include "hal/sim/sim_backend.h"
#include "hal/sim/sim_register_bus.h"
#include "hal/sim/sim_timed_crypto.h"
#include "simulator/bench/bench.h"

namespace kb::tools::server {

inline constexpr size_t kMaxBenches = 16;

// One bench and the HAL faces the requests drive (the same `sim` backend an in-process run uses).
struct ServedBench {
  ServedBench(std::string name, std::unique_ptr<sim::Bench> bench);
  std::string name;
  std::unique_ptr<sim::Bench> bench;
  hal::sim::SimI2cInitiator i2c;
  hal::sim::SimClock clock;
  hal::sim::SimPowerLine power;
  std::unique_ptr<hal::sim::SimRegisterBus> registers;  // null without an nRF5340
  hal::sim::PlatformCryptoCosts costs;
};

// What the handler knows of one connection.
struct Session {
  bool greeted = false;
  size_t bench = 0;
  // Set by the handler when the connection must close once the response is sent (a refused token).
  bool close_after_response = false;
};

class BenchServer {
 public:
  // benches: at least one, at most kMaxBenches, unique names. token: empty for none.
  BenchServer(std::vector<std::unique_ptr<ServedBench>> benches, std::string token);

  // One request body in, one response body out. Never throws for any input (allocation aside).
  std::vector<uint8_t> handle(Session& session, std::span<const uint8_t> request);

  size_t bench_count() const { return benches_.size(); }
  ServedBench& bench(size_t i) { return *benches_.at(i); }

 private:
  std::vector<uint8_t> dispatch(Session& session, hal::remote::Op op, hal::remote::Reader& r);
  std::vector<uint8_t> hello(Session& session, hal::remote::Reader& r);

  std::vector<std::unique_ptr<ServedBench>> benches_;
  std::string token_;
};

// The bench name a fixture path gives: its file name without ".json" ("nrf5340" for
// fixtures/benches/nrf5340.json); "default" for the default bench.
std::string bench_name_for(const std::string& fixture_path);

}  // namespace kb::tools::server
