#pragma once
// The body of the device state loader targets (stsafe_state_loader, nrf5340_state_loader).
//
// Input: mode (1) | JSON text of one device's "state" object (what a fixture's "state" and a
// keybench state file's devices[i].state hold).
//   mode bits 6..0: the bench the state is loaded into, by index in the target's fixture list,
//                   so a load starts from a state it can be told apart from
//   mode bit 7:     load through Bench::load_state (a keybench-state/1 file around the text);
//                   else through the device's own load_state
// Expected failures: JSON syntax errors, and FixtureError (the loader names file, JSON path and
// problem); any other exception escapes and counts as a finding.
// Oracles: a refused state changes nothing (all-or-nothing, as Device::load_state promises); a
// state that loads saves to a state that loads again into a fresh bench and saves the same.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "simulator/bench/bench.h"
#include "simulator/fixture/json_view.h"

namespace kb::fuzz {

class DeviceStateTarget {
 public:
  // Reads the fixtures (file names under fixtures/benches/); each must hold one device.
  explicit DeviceStateTarget(std::span<const char* const> fixture_names) {
    for (const char* name : fixture_names) {
      const std::string path = std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/" + name;
      std::ifstream in(path);
      if (!in) {
        std::fprintf(stderr, "cannot read %s\n", path.c_str());
        std::abort();
      }
      names_.push_back(name);
      fixtures_.push_back(nlohmann::json::parse(in));
    }
  }

  void run(std::span<const uint8_t> input) const {
    if (input.empty()) return;
    const uint8_t mode = input[0];
    const std::string text(reinterpret_cast<const char*>(input.data()) + 1, input.size() - 1);
    const nlohmann::json state = nlohmann::json::parse(text, nullptr, false);
    if (state.is_discarded()) return;

    const size_t which = (mode & 0x7F) % fixtures_.size();
    const std::unique_ptr<kb::sim::Bench> bench = kb::sim::Bench::from_json(fixtures_[which], names_[which]);
    const nlohmann::json before = bench->save_state();
    const kb::sim::BenchDevice& device = bench->devices().front();
    try {
      if ((mode & 0x80) != 0) {
        const nlohmann::json file = {
            {"format", "keybench-state/1"},
            {"virtual_time_ns", 0},
            {"devices", {{{"name", device.name}, {"type", std::string(device.device->kind())}, {"state", state}}}}};
        bench->load_state(file, "<fuzz state file>");
      } else {
        device.device->load_state(kb::sim::JsonView(state, "<fuzz state>"));
      }
    } catch (const kb::sim::FixtureError&) {
      if (bench->save_state() != before) std::abort();
      return;
    }

    const nlohmann::json saved = bench->save_state();
    const std::unique_ptr<kb::sim::Bench> fresh = kb::sim::Bench::from_json(fixtures_[which], names_[which]);
    fresh->load_state(saved, "<saved state>");
    if (fresh->save_state() != saved) std::abort();
  }

 private:
  std::vector<const char*> names_;
  std::vector<nlohmann::json> fixtures_;
};

}  // namespace kb::fuzz
