#pragma once
// The identity key library (lib_identity_key, current generation; fact sheet §4.1): a secp256r1
// private key, the device's PSA Initial Attestation Key, kept encrypted in the KMU. Library log
// lines go to the optional console in Zephyr's "<lvl> identity_key: ..." form.
#include <cstdint>
#include <span>

#include "core/nrf/hw_unique_key.h"
#include "core/nrf/identity_key_store.h"
#include "core/status.h"
#include "hal/console.h"
#include "hal/crypto.h"

namespace kb::core::nrf {

// TF-M's template IAK, for tests only (§4.3).
extern const uint8_t kDummyIdentityKey[kIdentityKeySize];

class IdentityKey {
 public:
  IdentityKey(IdentityKeyStore& store, HwUniqueKey& huk, hal::Crypto& crypto, hal::Console* log = nullptr)
      : store_(store), huk_(huk), crypto_(crypto), log_(log) {}

  bool mkek_is_written() { return huk_.is_written(HukSlot::kMkek); }
  bool is_written() { return store_.is_stored(); }
  // kIdentityMkekMissing without an MKEK; otherwise the store's status (logged with Nordic's code).
  Status write_key(IdentityKeyBytes key);
  // Generates a P-256 key pair, stores the private scalar, wipes it.
  Status write_random();
  // Writes kDummyIdentityKey after a warning.
  Status write_dummy();
  Status read(IdentityKeyOut key);

 private:
  IdentityKeyStore& store_;
  HwUniqueKey& huk_;
  hal::Crypto& crypto_;
  hal::Console* log_;
};

}  // namespace kb::core::nrf
