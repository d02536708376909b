// Fuzz target: the bench fixture loader (Bench::from_json) and the state loader
// (Bench::load_state) on arbitrary text.
//
// Input: mode (1) | JSON text.
//   mode bit 0 clear: the text is a bench fixture.
//   mode bit 0 set:   the text is a state file for the bench named by mode bit 1 (0: a factory
//                     STSAFE-A120 "stsafe", 1: an nRF5340 "nrf5340" at provisioning).
// Expected failures: JSON syntax errors and FixtureError (the loader names file, JSON path and
// problem). Any other exception escapes and counts as a finding.
// Oracle: whatever loads must save to a state that loads again, unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "simulator/bench/bench.h"
#include "simulator/fixture/json_view.h"

namespace {

using kb::sim::Bench;

constexpr const char* kStateBenches[] = {"default.json", "nrf5340-provisioning.json"};

nlohmann::json& state_bench_fixture(size_t i) {
  static nlohmann::json fixtures[2];
  return fixtures[i];
}

// A state that loaded must survive save → load → save unchanged.
void check_round_trip(Bench& bench) {
  const nlohmann::json saved = bench.save_state();
  bench.load_state(saved, "<saved state>");
  if (bench.save_state() != saved) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  for (size_t i = 0; i < 2; ++i) {
    const std::string path = std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/" + kStateBenches[i];
    std::ifstream in(path);
    if (!in) std::abort();
    state_bench_fixture(i) = nlohmann::json::parse(in);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) return 0;
  try {
    if ((mode & 0x01) == 0) {
      std::unique_ptr<Bench> bench = Bench::from_json(json, "<fuzz fixture>");
      check_round_trip(*bench);
    } else {
      const size_t which = (mode >> 1) & 0x01;
      std::unique_ptr<Bench> bench = Bench::from_json(state_bench_fixture(which), kStateBenches[which]);
      bench->load_state(json, "<fuzz state>");
      check_round_trip(*bench);
    }
  } catch (const kb::sim::FixtureError&) {
    // The loader refused the input and said where: what it is for.
  }
  return 0;
}
