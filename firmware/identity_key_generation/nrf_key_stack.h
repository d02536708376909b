#pragma once
// The nRF key-management library assembled over a platform's register bus, for the nRF
// provisioning applications. Everything lives in this object: no heap.
#include "core/nrf/hw_unique_key.h"
#include "core/nrf/identity_key.h"
#include "core/nrf/identity_key_store.h"
#include "core/nrf/kdf_port.h"
#include "core/nrf/kmu.h"
#include "core/nrf/lifecycle.h"
#include "core/nrf/nvmc.h"
#include "core/nrf/shadow_key.h"
#include "core/nrf/soc.h"
#include "hal/platform.h"

namespace kb::fw {

// What the nRF applications take besides the platform.
struct NrfTargetOptions {
  // The chip's shadow-key derivation. Null: the simulator's CryptoCell port (a board must pass
  // its platform's deriver; docs/board-build.md).
  core::nrf::ShadowKeyDeriver* deriver = nullptr;
  const core::nrf::SocProfile* soc = &core::nrf::kNrf5340;
};

class NrfKeyStack {
 public:
  // registers must be the platform's non-null register bus.
  NrfKeyStack(hal::Platform& platform, hal::RegisterBus& registers, const NrfTargetOptions& target)
      : nvmc(registers, platform.clock, *target.soc),
        kmu(nvmc),
        port(kmu),
        huk(kmu, platform.crypto, target.deriver != nullptr ? *target.deriver : port, &platform.console),
        store(kmu, huk, platform.crypto),
        identity(store, huk, platform.crypto, &platform.console),
        lifecycle(nvmc) {}

  core::nrf::Nvmc nvmc;
  core::nrf::Kmu kmu;
  core::nrf::KdfPortDeriver port;
  core::nrf::HwUniqueKey huk;
  core::nrf::IdentityKeyStore store;
  core::nrf::IdentityKey identity;
  core::nrf::Lifecycle lifecycle;
};

}  // namespace kb::fw
