#include "core/nrf/nrf_status.h"

namespace kb::core::nrf {

const char* status_name(uint8_t status) {
  switch (static_cast<NrfStatus>(status)) {
    case NrfStatus::kHukMissing: return "hardware unique key missing (HW_UNIQUE_KEY_ERR_MISSING)";
    case NrfStatus::kHukWriteFailed: return "hardware unique key write failed (HW_UNIQUE_KEY_ERR_WRITE_FAILED)";
    case NrfStatus::kHukGenerationFailed:
      return "hardware unique key generation failed (HW_UNIQUE_KEY_ERR_GENERATION_FAILED)";
    case NrfStatus::kHukDeriveFailed: return "hardware unique key derivation failed (HW_UNIQUE_KEY_ERR_DERIVE_FAILED)";
    case NrfStatus::kIdentityMkekMissing: return "MKEK missing (IDENTITY_KEY_ERR_MKEK_MISSING)";
    case NrfStatus::kIdentityMissing: return "identity key missing (IDENTITY_KEY_ERR_MISSING)";
    case NrfStatus::kIdentityReadFailed: return "identity key read failed (IDENTITY_KEY_ERR_READ_FAILED)";
    case NrfStatus::kIdentityWriteFailed: return "identity key write failed (IDENTITY_KEY_ERR_WRITE_FAILED)";
    case NrfStatus::kIdentityGenerationFailed:
      return "identity key generation failed (IDENTITY_KEY_ERR_GENERATION_FAILED)";
    case NrfStatus::kKmuInvalidSlot: return "invalid KMU slot (NRF_CC3XX_PLATFORM_ERROR_KMU_INVALID_SLOT)";
    case NrfStatus::kKmuAlreadyFilled: return "KMU slot already filled (NRF_CC3XX_PLATFORM_ERROR_KMU_ALREADY_FILLED)";
    case NrfStatus::kKmuWrongAddress:
      return "not a CryptoCell key destination (NRF_CC3XX_PLATFORM_ERROR_KMU_WRONG_ADDRESS)";
    case NrfStatus::kKmuWriteKeyFailed: return "KMU slot write failed (NRF_CC3XX_PLATFORM_ERROR_KMU_WRITE_KEY_FAILED)";
    case NrfStatus::kKmuWriteInvalidPerm:
      return "invalid KMU permissions (NRF_CC3XX_PLATFORM_ERROR_KMU_WRITE_INVALID_PERM)";
    case NrfStatus::kIdentityKeyInvalidSlot:
      return "invalid identity key slot (NRF_CC3XX_PLATFORM_ERROR_IDENTITY_KEY_INVALID_SLOT)";
    case NrfStatus::kKidentAlreadyFilled:
      return "identity key slots already filled (NRF_CC3XX_PLATFORM_ERROR_KIDENT_ALREADY_FILLED)";
    case NrfStatus::kKidentWriteKeyFailed:
      return "identity key store failed (NRF_CC3XX_PLATFORM_ERROR_KIDENT_WRITE_KEY_FAILED)";
    case NrfStatus::kKidentReadKeyFailed:
      return "identity key retrieve failed (NRF_CC3XX_PLATFORM_ERROR_KIDENT_READ_KEY_FAILED)";
    case NrfStatus::kKidentMkekMissing: return "MKEK missing (NRF_CC3XX_PLATFORM_ERROR_KIDENT_MKEK_MISSING)";
    case NrfStatus::kKidentInvalidState:
      return "identity key slots in an invalid state (NRF_CC3XX_PLATFORM_ERROR_KIDENT_INVALID_STATE)";
    case NrfStatus::kLifecycleUnreadable: return "lifecycle state unreadable (EREADLCS)";
    case NrfStatus::kLifecycleInvalidTransition: return "lifecycle transition not allowed (EINVALIDLCS)";
    case NrfStatus::kKmuPushError: return "KMU push failed (EVENTS_KEYSLOT_ERROR)";
    case NrfStatus::kKmuPushRevoked: return "KMU slot revoked (EVENTS_KEYSLOT_REVOKED)";
    case NrfStatus::kKmuTimeout: return "KMU event timeout";
    case NrfStatus::kKmuReadBlocked: return "KMU read blocked (0xDEADDEAD)";
    case NrfStatus::kNvmcTimeout: return "NVMC not ready";
    case NrfStatus::kKdfFailed: return "CryptoCell key derivation failed";
    case NrfStatus::kLifecycleNotAssembly: return "lifecycle state is not ASSEMBLY";
    case NrfStatus::kLifecycleNotProvisioning: return "lifecycle state is not PROVISIONING";
    case NrfStatus::kIdentityKeyAlreadyWritten: return "identity key slot already written";
    case NrfStatus::kIdentityKeyNotWritten: return "identity key is not written";
    case NrfStatus::kImplementationIdWriteFailed: return "implementation ID write failed";
    case NrfStatus::kNoRegisterBus: return "no nRF register bus on this target";
    case NrfStatus::kHukTorn: return "hardware unique key slot half-written: only ERASEALL clears it";
    case NrfStatus::kIdentityKeyTorn: return "identity key half-written: only ERASEALL clears it";
    case NrfStatus::kImplementationIdTorn: return "implementation ID word holds another value";
  }
  return "unknown";
}

int nordic_code(Status s) {
  if (s.code() != Code::kDeviceStatus || s.domain() != Domain::kNrf) return 0;
  const uint8_t b = s.device_status();
  if (b >= 0x01 && b <= 0x05) return -(0x16500 + b);
  if (b >= 0x11 && b <= 0x15) return -(0x15500 + (b - 0x10));
  if (b >= 0x1A && b <= 0x29) return -(0x7000 + b);
  if (b == 0x72 || b == 0x73) return -static_cast<int>(b);
  return 0;
}

}  // namespace kb::core::nrf
