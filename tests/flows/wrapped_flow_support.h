#pragma once
// Shared by the wrapped-key flow tests: benches written from JSON on the fly (so a test can ask
// for an access-condition table no committed fixture has), and a host-library handle on a
// simulated target for probing the chip after a flow, the way an attacker or an auditor would.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/stsafe/stsafe.h"
#include "hal/host/stdio_console.h"
#include "hal/host/target.h"
#include "simulator/bench/bench.h"
#include "tests/flows/flow_fixture.h"

namespace kb::test {

// A bench from a JSON document, saved to the test's temporary directory.
struct JsonBenchRun {
  hal::host::CaptureConsole console;
  std::unique_ptr<hal::host::HostTarget> target;

  JsonBenchRun(const std::string& name, const nlohmann::json& bench_json) {
    const std::string path = ::testing::TempDir() + "keybench_" + name + ".json";
    std::ofstream(path) << bench_json.dump(2);
    hal::host::TargetSpec spec;
    spec.fixture = path;
    target = hal::host::open_target(spec, console);
  }
  sim::Bench& bench() { return *target->bench(); }
  nlohmann::json device_state() { return bench().save_state()["devices"][0]["state"]; }
};

// A one-device bench: the test host keys written (counter 0), plus `extra` state merged in.
inline nlohmann::json stsafe_bench(const nlohmann::json& extra) {
  nlohmann::json state = {{"host_key",
                           {{"present", true},
                            {"type", "aes128"},
                            {"mac_key", "00112233445566778899AABBCCDDEEFF"},
                            {"cipher_key", "0123456789ABCDEF0123456789ABCDEF"},
                            {"cmac_counter", 0}}}};
  state.update(extra);
  return {{"description", "written by a wrapped-key flow test"},
          {"bus", {{"rate_hz", 400000}}},
          {"devices", {{{"name", "stsafe"}, {"type", "stsafe-a120"}, {"address", "0x20"}, {"state", state}}}}};
}

// The host library on a target's platform, initialised (product data, access table).
struct ChipProbe {
  core::stsafe::Stsafe se;
  explicit ChipProbe(hal::host::HostTarget& target)
      : se(target.platform().i2c, target.platform().clock, target.platform().crypto, target.stsafe_address()) {
    EXPECT_TRUE(se.init().ok());
  }
};

inline std::string hex_upper(std::span<const uint8_t> bytes) {
  static const char* const kDigits = "0123456789ABCDEF";
  std::string s;
  for (uint8_t b : bytes) {
    s.push_back(kDigits[b >> 4]);
    s.push_back(kDigits[b & 0x0F]);
  }
  return s;
}

// The entry of a per-slot list in the device state (symmetric_keys, symmetric_key_control).
inline nlohmann::json slot_entry(const nlohmann::json& list, int slot) {
  if (!list.is_array()) return nullptr;
  for (const auto& e : list) {
    if (e.contains("slot") && e["slot"].get<int>() == slot) return e;
  }
  return nullptr;
}

}  // namespace kb::test
