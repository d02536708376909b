#pragma once
// What Mbed TLS's PSA core needs from the platform, in keybench: internal trusted storage
// (psa_its_*, over an its::ItsStore: flash_its.h on the simulator and the board, FileIts on a Linux
// host) and a random source (mbedtls_psa_external_get_random, over hal::Crypto::random, so a
// simulated run is reproducible from its seed). An application installs both before
// psa_crypto_init and removes them when it is done.
#include <psa/crypto.h>

#include "core/its/its_store.h"
#include "hal/crypto.h"

namespace kb::core::psa {

// The store psa_its_* use; null makes every call PSA_ERROR_STORAGE_FAILURE.
void set_its_store(its::ItsStore* store);
its::ItsStore* its_store();
// The random source; null makes mbedtls_psa_external_get_random PSA_ERROR_INSUFFICIENT_ENTROPY.
void set_random_source(hal::Crypto* crypto);

psa_status_t to_psa_status(its::ItsStatus s);

// The names of the PSA status codes Mbed TLS 2.28 returns ("PSA_ERROR_HARDWARE_FAILURE"), or
// "unknown PSA status".
const char* psa_status_name(psa_status_t s);

// ITS UIDs Mbed TLS uses (fact sheet A2.3, with the 2.28 location-based driver data UID).
inline constexpr uint64_t kTransactionUid = 0xFFFFFF74;
inline constexpr uint64_t driver_data_uid(psa_key_location_t location) {
  return 0xFFFFFE00u + location;
}

}  // namespace kb::core::psa
