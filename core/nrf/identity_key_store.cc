#include "core/nrf/identity_key_store.h"

#include "core/nrf/nrf_status.h"
#include "core/nrf/secure_zero.h"

namespace kb::core::nrf {

namespace {
std::span<const uint8_t> kek_label() {
  return {reinterpret_cast<const uint8_t*>(kIdentityKekLabel), sizeof kIdentityKekLabel - 1};
}
}  // namespace

bool IdentityKeyStore::is_stored(unsigned slot) {
  if (slot > kLastIdentityKeySlot) return false;
  return kmu_.read_perm(slot) == kPermIdentityKey && kmu_.read_perm(slot + 1) == kPermIdentityKey;
}

Status IdentityKeyStore::derive_kek(std::span<uint8_t, 32> kek) {
  Status s = huk_.derive_key(HukSlot::kMkek, {}, kek_label(), kek);
  if (is(s, NrfStatus::kHukMissing)) return nrf_status(NrfStatus::kKidentMkekMissing);
  return s;
}

Status IdentityKeyStore::store(IdentityKeyBytes key, unsigned slot) {
  if (slot > kLastIdentityKeySlot) return nrf_status(NrfStatus::kIdentityKeyInvalidSlot);
  if (!huk_.is_written(HukSlot::kMkek)) return nrf_status(NrfStatus::kKidentMkekMissing);
  if (kmu_.slot_is_written(slot) || kmu_.slot_is_written(slot + 1)) {
    return nrf_status(NrfStatus::kKidentAlreadyFilled);
  }
  uint8_t kek[32];
  uint8_t ciphertext[kIdentityKeySize];
  Status s = derive_kek(kek);
  if (s.ok() && crypto_.aes_ecb_encrypt(kek, key, ciphertext) != hal::CryptoResult::kOk) s = Code::kCrypto;
  secure_zero(kek);
  if (s.ok()) s = kmu_.write_key_slot(slot, kNoDestination, kPermIdentityKey, KeySlotValue(ciphertext, 16));
  if (s.ok()) s = kmu_.write_key_slot(slot + 1, kNoDestination, kPermIdentityKey, KeySlotValue(ciphertext + 16, 16));
  secure_zero(ciphertext);
  return s;
}

Status IdentityKeyStore::retrieve(IdentityKeyOut key, unsigned slot) {
  if (slot > kLastIdentityKeySlot) return nrf_status(NrfStatus::kIdentityKeyInvalidSlot);
  if (!is_stored(slot)) return nrf_status(NrfStatus::kKidentInvalidState);
  uint8_t ciphertext[kIdentityKeySize];
  Status s = kmu_.read_value(slot, std::span<uint8_t, 16>(ciphertext, 16));
  if (s.ok()) s = kmu_.read_value(slot + 1, std::span<uint8_t, 16>(ciphertext + 16, 16));
  if (!s.ok()) {
    secure_zero(ciphertext);
    return nrf_status(NrfStatus::kKidentReadKeyFailed);
  }
  uint8_t kek[32];
  s = derive_kek(kek);
  if (s.ok() && crypto_.aes_ecb_decrypt(kek, ciphertext, key) != hal::CryptoResult::kOk) s = Code::kCrypto;
  secure_zero(kek);
  secure_zero(ciphertext);
  if (!s.ok()) secure_zero(key);
  return s;
}

}  // namespace kb::core::nrf
