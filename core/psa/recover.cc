#include "core/psa/recover.h"

#include <psa/internal_trusted_storage.h>

#include <cstring>

#include "core/psa/psa_platform.h"

namespace {

constexpr size_t kRecordBytes = 24;
constexpr size_t kMaxDriverData = 256;
// Key file (fact sheet A2.3): magic, version, lifetime at 12, ... SE blob: slot at 36. Mbed TLS 2.28's
// blob is the 8-byte slot number alone (44 bytes in all); the mbed-crypto of the fact sheet added
// the 2-byte bit size (46).
constexpr size_t kKeyFileLifetime = 12;
constexpr size_t kKeyFileSlot = 36;
constexpr size_t kKeyFileSeBytes = 44;
constexpr size_t kKeyFileSeBytesWithBits = 46;
constexpr uint16_t kCreateKey = 0x0001;
constexpr uint16_t kDestroyKey = 0x0002;

// Mbed TLS stores the record and the SE blob as raw memory; keybench's targets are little-endian.
template <typename T>
T raw(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace

extern "C" psa_status_t kb_psa_recover(const kb_psa_recover_driver_t* drivers, size_t count,
                                       kb_psa_recovery_t* report) {
  kb_psa_recovery_t r{};
  r.action = KB_PSA_RECOVERY_NONE;
  if (report != nullptr) *report = r;
  uint8_t record[kRecordBytes] = {};
  size_t got = 0;
  psa_status_t s = psa_its_get(kb::core::psa::kTransactionUid, 0, sizeof record, record, &got);
  if (s == PSA_ERROR_DOES_NOT_EXIST) return PSA_SUCCESS;
  if (s == PSA_ERROR_INVALID_ARGUMENT) return PSA_ERROR_STORAGE_FAILURE;  // not a 24-byte record
  if (s != PSA_SUCCESS) return s;
  const uint16_t type = raw<uint16_t>(record);
  r.lifetime = raw<uint32_t>(record + 4);
  r.slot = raw<uint64_t>(record + 8);
  r.key_id = raw<uint32_t>(record + 16);
  if (type != kCreateKey && type != kDestroyKey) return PSA_ERROR_STORAGE_FAILURE;
  const psa_key_location_t location = PSA_KEY_LIFETIME_GET_LOCATION(r.lifetime);
  const psa_drv_se_t* driver = nullptr;
  for (size_t i = 0; i < count; ++i) {
    if (drivers[i].location == location) driver = drivers[i].driver;
  }
  if (driver == nullptr) return PSA_ERROR_NOT_SUPPORTED;
  if (driver->persistent_data_size > kMaxDriverData) return PSA_ERROR_NOT_SUPPORTED;

  // The driver data as saved (all-zero if none), and a context like the core's.
  alignas(8) uint8_t data[kMaxDriverData] = {};
  const uint64_t data_uid = kb::core::psa::driver_data_uid(location);
  if (driver->persistent_data_size > 0) {
    s = psa_its_get(data_uid, 0, static_cast<uint32_t>(driver->persistent_data_size), data, &got);
    if (s != PSA_SUCCESS && s != PSA_ERROR_DOES_NOT_EXIST) return s;
  }
  psa_drv_se_context_t ctx = {data, driver->persistent_data_size, 0};
  if (driver->p_init != nullptr) {
    s = driver->p_init(&ctx, data, location);
    if (s != PSA_SUCCESS) return s;
  }
  if (driver->key_management != nullptr && driver->key_management->p_destroy != nullptr) {
    s = driver->key_management->p_destroy(&ctx, data, r.slot);
    if (s != PSA_SUCCESS) return s;
  }
  s = psa_its_set(data_uid, static_cast<uint32_t>(driver->persistent_data_size), data, 0);
  if (s != PSA_SUCCESS) return s;

  // The key file, when it is the record's: same lifetime and slot.
  uint8_t key_file[kKeyFileSeBytesWithBits] = {};
  struct psa_storage_info_t info = {0, 0};
  s = psa_its_get_info(r.key_id, &info);
  // A key file of another size is not a secure-element key's: another key of that id, kept.
  if (s == PSA_SUCCESS && info.size != kKeyFileSeBytes && info.size != kKeyFileSeBytesWithBits) {
    s = PSA_ERROR_INVALID_ARGUMENT;
  }
  if (s == PSA_SUCCESS) s = psa_its_get(r.key_id, 0, info.size, key_file, &got);
  if (s == PSA_SUCCESS) {
    const bool same =
        raw<uint32_t>(key_file + kKeyFileLifetime) == r.lifetime && raw<uint64_t>(key_file + kKeyFileSlot) == r.slot;
    if (same || type == kDestroyKey) {
      s = psa_its_remove(r.key_id);
      if (s != PSA_SUCCESS && s != PSA_ERROR_DOES_NOT_EXIST) return s;
      r.key_file_removed = 1;
    }
  } else if (s != PSA_ERROR_DOES_NOT_EXIST && s != PSA_ERROR_INVALID_ARGUMENT) {
    return s;
  }
  s = psa_its_remove(kb::core::psa::kTransactionUid);
  if (s != PSA_SUCCESS && s != PSA_ERROR_DOES_NOT_EXIST) return s;
  r.action = type == kCreateKey ? KB_PSA_RECOVERY_CREATE_ROLLED_BACK : KB_PSA_RECOVERY_DESTROY_FINISHED;
  if (report != nullptr) *report = r;
  return PSA_SUCCESS;
}
