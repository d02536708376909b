#include "tools/campaign/campaign_target.h"

#include <array>

#include "simulator/bench/bench.h"
#include "simulator/files/input_file.h"
#include "simulator/fixture/strict_json.h"

namespace kb::tools::campaign {

BenchRecipe BenchRecipe::default_bench() {
  return from_json(kb::sim::Bench::default_fixture(), "<default bench>");
}

BenchRecipe BenchRecipe::from_file(const std::string& path) {
  BenchRecipe r = from_json(kb::sim::parse_json_strict(kb::sim::files::read_input_file(path), path), path);
  // Build once now so a bad fixture fails before the sweep starts, with its own message.
  (void)r.make();
  return r;
}

BenchRecipe BenchRecipe::from_json(nlohmann::json fixture, std::string source) {
  BenchRecipe r;
  r.fixture_ = std::move(fixture);
  r.source_ = std::move(source);
  return r;
}

std::unique_ptr<kb::sim::Bench> BenchRecipe::make() const {
  return kb::sim::Bench::from_json(fixture_, source_);
}

std::string BenchRecipe::content_sha256() const {
  const std::string canonical = fixture_.dump();
  std::array<uint8_t, 32> digest{};
  hal::openssl::OpensslCrypto crypto(0);
  const auto* bytes = reinterpret_cast<const uint8_t*>(canonical.data());
  if (crypto.sha256({bytes, canonical.size()}, digest) != hal::CryptoResult::kOk) {
    throw std::runtime_error("SHA-256 of the bench fixture failed");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (uint8_t b : digest) {
    hex += kHex[b >> 4];
    hex += kHex[b & 0xF];
  }
  return hex;
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

uint8_t CampaignTarget::device_address(std::string_view kind, uint8_t fallback) const {
  return hal::host::bench_device_address(bench_, kind, fallback);
}

}  // namespace kb::tools::campaign
