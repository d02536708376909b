#pragma once
// Named failures of the nRF key-management library. Each is a kb::core::Status in Domain::kNrf;
// the byte is ours, and the name carries the Nordic constant it stands for where there is one
// (fact sheet nrf-kmu-lifecycle.md §2.3, §3.3, §4.1, §5.2), so a log reads like the reference.
#include <cstdint>

#include "core/status.h"

namespace kb::core::nrf {

enum class NrfStatus : uint8_t {
  // lib_hw_unique_key, HW_UNIQUE_KEY_ERR_* (0x1650x).
  kHukMissing = 0x01,
  kHukWriteFailed = 0x02,
  kHukGenerationFailed = 0x03,
  kHukDeriveFailed = 0x04,
  // lib_identity_key, IDENTITY_KEY_ERR_* (0x1550x).
  kIdentityMkekMissing = 0x11,
  kIdentityMissing = 0x12,
  kIdentityReadFailed = 0x13,
  kIdentityWriteFailed = 0x14,
  kIdentityGenerationFailed = 0x15,
  // nrf_cc3xx_platform, NRF_CC3XX_PLATFORM_ERROR_* (-0x70xx, low byte kept).
  kKmuInvalidSlot = 0x1A,
  kKmuAlreadyFilled = 0x1B,
  kKmuWrongAddress = 0x1C,
  kKmuWriteKeyFailed = 0x1D,
  kKmuWriteInvalidPerm = 0x1E,
  kIdentityKeyInvalidSlot = 0x24,
  kKidentAlreadyFilled = 0x25,
  kKidentWriteKeyFailed = 0x26,
  kKidentReadKeyFailed = 0x27,
  kKidentMkekMissing = 0x28,
  kKidentInvalidState = 0x29,
  // bl_storage errno values.
  kLifecycleUnreadable = 0x72,         // EREADLCS 114
  kLifecycleInvalidTransition = 0x73,  // EINVALIDLCS 115
  // Register-level outcomes with no Nordic constant.
  kKmuPushError = 0x80,    // EVENTS_KEYSLOT_ERROR
  kKmuPushRevoked = 0x81,  // EVENTS_KEYSLOT_REVOKED
  kKmuTimeout = 0x82,      // no KMU event within the polling budget
  kKmuReadBlocked = 0x83,  // the KMU answered 0xDEADDEAD
  kNvmcTimeout = 0x84,     // NVMC never became ready
  kKdfFailed = 0x85,       // the CryptoCell derivation reported an error
  // Application outcomes.
  kLifecycleNotAssembly = 0x90,
  kLifecycleNotProvisioning = 0x91,
  kIdentityKeyAlreadyWritten = 0x92,
  kIdentityKeyNotWritten = 0x93,
  kImplementationIdWriteFailed = 0x94,
  kNoRegisterBus = 0x95,
  // Resumable provisioning (a re-run after a power cut) meets a write it cannot finish.
  kHukTorn = 0x96,               // a HUK slot half-written (revoked so it is never pushed)
  kIdentityKeyTorn = 0x97,       // one identity key slot written, the other not
  kImplementationIdTorn = 0x98,  // an implementation ID word holds neither erased nor the ID
};

inline Status nrf_status(NrfStatus s) {
  return Status::device(Domain::kNrf, static_cast<uint8_t>(s));
}
// True when s is the given nRF status.
inline bool is(Status s, NrfStatus n) {
  return s == nrf_status(n);
}

const char* status_name(uint8_t status);
// The integer the Nordic library would return for this failure (negative), or 0 when it has none.
int nordic_code(Status s);

}  // namespace kb::core::nrf
