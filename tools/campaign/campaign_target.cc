#include "tools/campaign/campaign_target.h"

#include <fstream>

#include "simulator/bench/bench.h"

namespace kb::tools::campaign {

BenchRecipe BenchRecipe::from_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open the bench fixture");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::runtime_error(path + ": not JSON: " + e.what());
  }
  BenchRecipe r = from_json(std::move(j), path);
  // Build once now so a bad fixture fails before the sweep starts, with its own message.
  (void)r.make();
  return r;
}

BenchRecipe BenchRecipe::from_json(nlohmann::json fixture, std::string source) {
  BenchRecipe r;
  r.default_ = false;
  r.fixture_ = std::move(fixture);
  r.source_ = std::move(source);
  return r;
}

std::unique_ptr<kb::sim::Bench> BenchRecipe::make() const {
  return default_ ? kb::sim::Bench::make_default() : kb::sim::Bench::from_json(fixture_, source_);
}

CampaignTarget::CampaignTarget(kb::sim::Bench& bench, hal::Console& console, uint64_t seed)
    : bench_(bench),
      tap_(bench),
      sim_i2c_(bench),
      i2c_(sim_i2c_, tap_),
      clock_(bench),
      power_(bench),
      crypto_(seed),
      sim_registers_(hal::sim::SimRegisterBus::attach(bench)),
      registers_(sim_registers_ ? std::make_unique<TappedRegisterBus>(*sim_registers_, tap_) : nullptr),
      platform_{i2c_, clock_, power_, crypto_, console, registers_.get()} {}

uint8_t CampaignTarget::stsafe_address() const {
  for (const auto& d : bench_.devices()) {
    if (d.device->kind() == "stsafe-a120") return d.address7;
  }
  return 0x20;
}

}  // namespace kb::tools::campaign
