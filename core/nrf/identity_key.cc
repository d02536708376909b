#include "core/nrf/identity_key.h"

#include "core/nrf/nrf_status.h"
#include "core/nrf/secure_zero.h"

namespace kb::core::nrf {

const uint8_t kDummyIdentityKey[kIdentityKeySize] = {
    0xA9, 0xB4, 0x54, 0xB2, 0x6D, 0x6F, 0x90, 0xA4, 0xEA, 0x31, 0x19, 0x35, 0x64, 0xCB, 0xA9, 0x1F,
    0xEC, 0x6F, 0x9A, 0x00, 0x2A, 0x7D, 0xC0, 0x50, 0x4B, 0x92, 0xA1, 0x93, 0x71, 0x34, 0x58, 0x5F,
};

Status IdentityKey::write_key(IdentityKeyBytes key) {
  if (!mkek_is_written()) {
    if (log_ != nullptr) log_->write("<err> identity_key: Could not find the MKEK!\n");
    return nrf_status(NrfStatus::kIdentityMkekMissing);
  }
  Status s = store_.store(key);
  if (!s.ok() && log_ != nullptr)
    log_->print("<err> identity_key: Identity key write failed! Error: %d\n", nordic_code(s));
  return s;
}

Status IdentityKey::write_random() {
  uint8_t private_key[kIdentityKeySize];
  uint8_t public_key[64];
  if (crypto_.p256_generate(private_key, public_key) != hal::CryptoResult::kOk) {
    secure_zero(private_key);
    if (log_ != nullptr) log_->write("<err> identity_key: Failed to generate the identity key\n");
    return nrf_status(NrfStatus::kIdentityGenerationFailed);
  }
  Status s = write_key(private_key);
  secure_zero(private_key);
  return s;
}

Status IdentityKey::write_dummy() {
  if (log_ != nullptr)
    log_->write("<wrn> identity_key: WARNING: Using a dummy identity key not meant for production!\n");
  // Copied to RAM first: the CryptoCell cannot DMA from flash (§4.2).
  uint8_t key[kIdentityKeySize];
  for (size_t i = 0; i < kIdentityKeySize; ++i) key[i] = kDummyIdentityKey[i];
  Status s = write_key(key);
  secure_zero(key);
  return s;
}

Status IdentityKey::read(IdentityKeyOut key) {
  if (!mkek_is_written()) return nrf_status(NrfStatus::kIdentityMkekMissing);
  if (!is_written()) return nrf_status(NrfStatus::kIdentityMissing);
  Status s = store_.retrieve(key);
  if (!s.ok() && log_ != nullptr) {
    log_->print("<err> identity_key: Identity key read failed! Error: %d\n", nordic_code(s));
  }
  return s;
}

}  // namespace kb::core::nrf
