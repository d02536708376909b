#pragma once
// Opens a simulated target the way the CLI does, with the console captured.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "hal/host/stdio_console.h"
#include "hal/host/target.h"
#include "simulator/bench/bench.h"
#include "tests/test_paths.h"

namespace kb::test {

inline std::string fixture_path(const std::string& name) {
  return std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/" + name;
}

struct SimRun {
  hal::host::CaptureConsole console;
  std::unique_ptr<hal::host::HostTarget> target;

  explicit SimRun(const std::string& fixture = "") {
    hal::host::TargetSpec spec;
    spec.fixture = fixture.empty() ? "" : fixture_path(fixture);
    target = hal::host::open_target(spec, console);
  }
  sim::Bench& bench() { return *target->bench(); }
  // The persistent state of the first device, as a state file would hold it.
  nlohmann::json device_state() { return bench().save_state()["devices"][0]["state"]; }
};

}  // namespace kb::test
