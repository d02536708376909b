#pragma once
// The target a campaign runs a flow on: a fresh simulated bench from a fixture parsed once, with
// the host's I2C initiator and register bus wrapped so every transaction passes the tap.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "hal/console.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "hal/host/target.h"
#include "hal/sim/sim_backend.h"
#include "hal/sim/sim_register_bus.h"
#include "tools/campaign/instrumented_buses.h"
#include "tools/campaign/transaction_tap.h"

namespace kb::tools::campaign {

// A bench description parsed once and instantiated per cut point; the default bench is a
// factory-personalised STSAFE-A120 at 0x20 (kb::sim::Bench::default_fixture()).
class BenchRecipe {
 public:
  static BenchRecipe default_bench();
  // Reads with the input checks of simulator/files/input_file.h and strict JSON (a duplicate key is
  // an error). Throws kb::sim::files::InputError / kb::sim::FixtureError naming the file and the
  // problem.
  static BenchRecipe from_file(const std::string& path);
  static BenchRecipe from_json(nlohmann::json fixture, std::string source);

  std::unique_ptr<kb::sim::Bench> make() const;
  const std::string& source() const { return source_; }
  // What identifies the bench in a report, whatever its file is called: the SHA-256 (lower-case hex)
  // of the fixture's canonical JSON, nlohmann::json::dump() with no whitespace, keys in sorted order
  // and UTF-8 strings as they are.
  std::string content_sha256() const;

 private:
  BenchRecipe() = default;
  nlohmann::json fixture_;
  std::string source_;
};

// A console that keeps nothing: campaigns run thousands of flows and read none of their output.
class DiscardConsole final : public hal::Console {
 public:
  void write(std::string_view) override {}
  int read_key() override { return -1; }
};

// Host objects of one flow run on a bench the campaign owns. A power cut between runs keeps the
// bench; the re-run gets fresh host objects, as a rebooted host would.
class CampaignTarget final : public hal::host::HostTarget {
 public:
  CampaignTarget(kb::sim::Bench& bench, hal::Console& console, uint64_t seed);

  hal::Platform& platform() override { return platform_; }
  kb::sim::Bench* bench() override { return &bench_; }
  uint8_t device_address(std::string_view kind, uint8_t fallback) const override;
  TransactionTap& tap() { return tap_; }

 private:
  kb::sim::Bench& bench_;
  TransactionTap tap_;
  hal::sim::SimI2cInitiator sim_i2c_;
  TappedI2c i2c_;
  hal::sim::SimClock clock_;
  hal::sim::SimPowerLine power_;
  hal::openssl::OpensslCrypto crypto_;
  std::unique_ptr<hal::sim::SimRegisterBus> sim_registers_;
  std::unique_ptr<TappedRegisterBus> registers_;
  hal::Platform platform_;
};

}  // namespace kb::tools::campaign
