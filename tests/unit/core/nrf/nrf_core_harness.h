#pragma once
// The nRF key-management library on a simulated nRF5340: the model on a bench, reached through
// the sim RegisterBus, host crypto from OpenSSL with a fixed seed, library logs captured.
#include <memory>
#include <utility>
#include <vector>

#include "core/nrf/hw_unique_key.h"
#include "core/nrf/identity_key.h"
#include "core/nrf/identity_key_store.h"
#include "core/nrf/kdf_port.h"
#include "core/nrf/kmu.h"
#include "core/nrf/lifecycle.h"
#include "core/nrf/nvmc.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "hal/host/stdio_console.h"
#include "hal/sim/sim_backend.h"
#include "hal/sim/sim_register_bus.h"
#include "simulator/bench/bench.h"
#include "simulator/nrf/nrf5340.h"

namespace kb::test::nrf_core {

// Records every write on its way to the model, so tests can check the order of a procedure.
class RecordingBus final : public hal::RegisterBus {
 public:
  explicit RecordingBus(hal::RegisterBus& inner) : inner_(inner) {}
  uint32_t read32(uint32_t address) override { return inner_.read32(address); }
  void write32(uint32_t address, uint32_t value) override {
    writes.emplace_back(address, value);
    inner_.write32(address, value);
  }
  std::vector<std::pair<uint32_t, uint32_t>> writes;

 private:
  hal::RegisterBus& inner_;
};

struct CoreHarness {
  kb::sim::Bench bench{400000};
  kb::sim::nrf::Nrf5340* chip = nullptr;
  std::unique_ptr<hal::sim::SimRegisterBus> sim_bus;
  std::unique_ptr<RecordingBus> bus;
  hal::sim::SimClock clock{bench};
  hal::openssl::OpensslCrypto crypto{7};
  hal::host::CaptureConsole log;
  std::unique_ptr<core::nrf::Nvmc> nvmc;
  std::unique_ptr<core::nrf::Kmu> kmu;
  std::unique_ptr<core::nrf::KdfPortDeriver> deriver;
  std::unique_ptr<core::nrf::HwUniqueKey> huk;
  std::unique_ptr<core::nrf::IdentityKeyStore> store;
  std::unique_ptr<core::nrf::IdentityKey> identity;
  std::unique_ptr<core::nrf::Lifecycle> lifecycle;

  CoreHarness() {
    auto device = std::make_unique<kb::sim::nrf::Nrf5340>(bench.scheduler());
    chip = device.get();
    bench.add("nrf5340", 0, std::move(device));
    sim_bus = hal::sim::SimRegisterBus::attach(bench);
    bus = std::make_unique<RecordingBus>(*sim_bus);
    nvmc = std::make_unique<core::nrf::Nvmc>(*bus, clock);
    kmu = std::make_unique<core::nrf::Kmu>(*nvmc);
    deriver = std::make_unique<core::nrf::KdfPortDeriver>(*kmu);
    huk = std::make_unique<core::nrf::HwUniqueKey>(*kmu, crypto, *deriver, &log);
    store = std::make_unique<core::nrf::IdentityKeyStore>(*kmu, *huk, crypto);
    identity = std::make_unique<core::nrf::IdentityKey>(*store, *huk, crypto, &log);
    lifecycle = std::make_unique<core::nrf::Lifecycle>(*nvmc);
  }
  void load(const nlohmann::json& state) { chip->load_state(kb::sim::JsonView(state, "test", "$.state")); }
  nlohmann::json state() const { return chip->save_state(); }
  // UICR writes the NVMC performed, as the model counts them.
  uint64_t words_programmed() const { return chip->nvmc_words_programmed(); }
};

}  // namespace kb::test::nrf_core
