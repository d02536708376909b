#include "core/psa/psa_platform.h"

#include <psa/internal_trusted_storage.h>

#include <span>

namespace kb::core::psa {

namespace {
its::ItsStore* g_store = nullptr;
hal::Crypto* g_random = nullptr;
}  // namespace

void set_its_store(its::ItsStore* store) {
  g_store = store;
}
its::ItsStore* its_store() {
  return g_store;
}
void set_random_source(hal::Crypto* crypto) {
  g_random = crypto;
}

psa_status_t to_psa_status(its::ItsStatus s) {
  switch (s) {
    case its::ItsStatus::kOk: return PSA_SUCCESS;
    case its::ItsStatus::kDoesNotExist: return PSA_ERROR_DOES_NOT_EXIST;
    case its::ItsStatus::kInvalidArgument: return PSA_ERROR_INVALID_ARGUMENT;
    case its::ItsStatus::kNotPermitted: return PSA_ERROR_NOT_PERMITTED;
    case its::ItsStatus::kInsufficientStorage: return PSA_ERROR_INSUFFICIENT_STORAGE;
    case its::ItsStatus::kStorageFailure: return PSA_ERROR_STORAGE_FAILURE;
    case its::ItsStatus::kDataCorrupt: return PSA_ERROR_DATA_CORRUPT;
  }
  return PSA_ERROR_STORAGE_FAILURE;
}

const char* psa_status_name(psa_status_t s) {
  switch (s) {
    case PSA_SUCCESS: return "PSA_SUCCESS";
    case PSA_ERROR_GENERIC_ERROR: return "PSA_ERROR_GENERIC_ERROR";
    case PSA_ERROR_NOT_SUPPORTED: return "PSA_ERROR_NOT_SUPPORTED";
    case PSA_ERROR_NOT_PERMITTED: return "PSA_ERROR_NOT_PERMITTED";
    case PSA_ERROR_BUFFER_TOO_SMALL: return "PSA_ERROR_BUFFER_TOO_SMALL";
    case PSA_ERROR_ALREADY_EXISTS: return "PSA_ERROR_ALREADY_EXISTS";
    case PSA_ERROR_DOES_NOT_EXIST: return "PSA_ERROR_DOES_NOT_EXIST";
    case PSA_ERROR_BAD_STATE: return "PSA_ERROR_BAD_STATE";
    case PSA_ERROR_INVALID_ARGUMENT: return "PSA_ERROR_INVALID_ARGUMENT";
    case PSA_ERROR_INSUFFICIENT_MEMORY: return "PSA_ERROR_INSUFFICIENT_MEMORY";
    case PSA_ERROR_INSUFFICIENT_STORAGE: return "PSA_ERROR_INSUFFICIENT_STORAGE";
    case PSA_ERROR_COMMUNICATION_FAILURE: return "PSA_ERROR_COMMUNICATION_FAILURE";
    case PSA_ERROR_STORAGE_FAILURE: return "PSA_ERROR_STORAGE_FAILURE";
    case PSA_ERROR_HARDWARE_FAILURE: return "PSA_ERROR_HARDWARE_FAILURE";
    case PSA_ERROR_INSUFFICIENT_ENTROPY: return "PSA_ERROR_INSUFFICIENT_ENTROPY";
    case PSA_ERROR_INVALID_SIGNATURE: return "PSA_ERROR_INVALID_SIGNATURE";
    case PSA_ERROR_INVALID_PADDING: return "PSA_ERROR_INVALID_PADDING";
    case PSA_ERROR_CORRUPTION_DETECTED: return "PSA_ERROR_CORRUPTION_DETECTED";
    case PSA_ERROR_DATA_CORRUPT: return "PSA_ERROR_DATA_CORRUPT";
    case PSA_ERROR_DATA_INVALID: return "PSA_ERROR_DATA_INVALID";
    case PSA_ERROR_INSUFFICIENT_DATA: return "PSA_ERROR_INSUFFICIENT_DATA";
    case PSA_ERROR_INVALID_HANDLE: return "PSA_ERROR_INVALID_HANDLE";
    default: return "unknown PSA status";
  }
}

}  // namespace kb::core::psa

using kb::core::psa::g_random;
using kb::core::psa::g_store;
using kb::core::psa::to_psa_status;

extern "C" {

psa_status_t psa_its_set(psa_storage_uid_t uid, uint32_t data_length, const void* p_data,
                         psa_storage_create_flags_t create_flags) {
  if (g_store == nullptr) return PSA_ERROR_STORAGE_FAILURE;
  if (data_length != 0 && p_data == nullptr) return PSA_ERROR_INVALID_ARGUMENT;
  return to_psa_status(
      g_store->set(uid, std::span<const uint8_t>(static_cast<const uint8_t*>(p_data), data_length), create_flags));
}

psa_status_t psa_its_get(psa_storage_uid_t uid, uint32_t data_offset, uint32_t data_length, void* p_data,
                         size_t* p_data_length) {
  if (g_store == nullptr) return PSA_ERROR_STORAGE_FAILURE;
  if (data_length != 0 && p_data == nullptr) return PSA_ERROR_INVALID_ARGUMENT;
  size_t copied = 0;
  psa_status_t s = to_psa_status(
      g_store->get(uid, data_offset, std::span<uint8_t>(static_cast<uint8_t*>(p_data), data_length), &copied));
  if (p_data_length != nullptr) *p_data_length = copied;
  return s;
}

psa_status_t psa_its_get_info(psa_storage_uid_t uid, struct psa_storage_info_t* p_info) {
  if (g_store == nullptr) return PSA_ERROR_STORAGE_FAILURE;
  kb::core::its::ItsInfo info;
  psa_status_t s = to_psa_status(g_store->get_info(uid, &info));
  if (s == PSA_SUCCESS && p_info != nullptr) {
    p_info->size = info.size;
    p_info->flags = info.flags;
  }
  return s;
}

psa_status_t psa_its_remove(psa_storage_uid_t uid) {
  if (g_store == nullptr) return PSA_ERROR_STORAGE_FAILURE;
  return to_psa_status(g_store->remove(uid));
}

psa_status_t mbedtls_psa_external_get_random(mbedtls_psa_external_random_context_t* context, uint8_t* output,
                                             size_t output_size, size_t* output_length) {
  (void)context;
  *output_length = 0;
  if (g_random == nullptr) return PSA_ERROR_INSUFFICIENT_ENTROPY;
  if (g_random->random(std::span<uint8_t>(output, output_size)) != kb::hal::CryptoResult::kOk)
    return PSA_ERROR_INSUFFICIENT_ENTROPY;
  *output_length = output_size;
  return PSA_SUCCESS;
}

}  // extern "C"
