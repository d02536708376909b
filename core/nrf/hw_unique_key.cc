#include "core/nrf/hw_unique_key.h"

#include "core/nrf/nrf_status.h"
#include "core/nrf/secure_zero.h"

namespace kb::core::nrf {

Status HwUniqueKey::write(HukSlot slot, std::span<const uint8_t> key) {
  if (key.size() != key_size()) return Code::kInvalidArgument;
  const unsigned first = static_cast<unsigned>(slot);
  for (unsigned i = 0; i < kmu_.soc().slots_per_huk; ++i) {
    Status s =
        kmu_.write_key_slot(first + i, kmu_.soc().aes_key_dest[i], kPermDefault, KeySlotValue(key.data() + 16 * i, 16));
    if (!s.ok()) {
      if (log_ != nullptr)
        log_->print("The HUK writing to: %u failed with error code: %d\n", first + i, nordic_code(s));
      return nrf_status(NrfStatus::kHukWriteFailed);
    }
  }
  return Status();
}

Status HwUniqueKey::write_random() {
  if (are_any_written()) {
    if (log_ != nullptr) log_->write("One or more keys already set. Cannot overwrite\n");
    return nrf_status(NrfStatus::kHukWriteFailed);
  }
  uint8_t random[2 * kMaxHukBytes];
  std::span<uint8_t> bytes(random, 2 * key_size());
  if (crypto_.random(bytes) != hal::CryptoResult::kOk) {
    secure_zero(random);
    if (log_ != nullptr) log_->write("The RNG setup failed\n");
    return nrf_status(NrfStatus::kHukGenerationFailed);
  }
  Status s = write(HukSlot::kMkek, bytes.first(key_size()));
  if (s.ok()) s = write(HukSlot::kMext, bytes.subspan(key_size()));
  secure_zero(random);
  if (!s.ok()) return s;
  if (!is_written(HukSlot::kMkek) || !is_written(HukSlot::kMext)) {
    if (log_ != nullptr) log_->write("One or more keys not set correctly\n");
    return nrf_status(NrfStatus::kHukWriteFailed);
  }
  return Status();
}

Status HwUniqueKey::write_random_resuming() {
  const unsigned slots = 2u * kmu_.soc().slots_per_huk;
  const unsigned first = static_cast<unsigned>(HukSlot::kMkek);
  bool torn = false;
  for (unsigned s = first; s < first + slots; ++s) {
    const uint32_t perm = kmu_.read_perm(s);
    if (!kmu_.slot_is_written(s) || perm == kPermDefault) continue;
    torn = true;
    if ((perm & kPermStateActive) == 0) continue;  // revoked by an earlier re-run
    if (log_ != nullptr) log_->print("The HUK slot %u is half-written: revoking it\n", s);
    KB_TRY(kmu_.revoke(s));
  }
  if (torn) return nrf_status(NrfStatus::kHukTorn);
  for (unsigned s = first; s < first + slots; ++s) {
    if (kmu_.slot_is_written(s)) continue;
    uint8_t random[16];
    if (crypto_.random(random) != hal::CryptoResult::kOk) {
      secure_zero(random);
      return nrf_status(NrfStatus::kHukGenerationFailed);
    }
    // Slots of one HUK alternate between the CryptoCell key register halves.
    const unsigned half = (s - first) % kmu_.soc().slots_per_huk;
    Status written = kmu_.write_key_slot(s, kmu_.soc().aes_key_dest[half], kPermDefault, KeySlotValue(random, 16));
    secure_zero(random);
    if (!written.ok()) {
      if (log_ != nullptr) log_->print("The HUK writing to: %u failed with error code: %d\n", s, nordic_code(written));
      return nrf_status(NrfStatus::kHukWriteFailed);
    }
  }
  if (!is_written(HukSlot::kMkek) || !is_written(HukSlot::kMext)) return nrf_status(NrfStatus::kHukWriteFailed);
  return Status();
}

bool HwUniqueKey::is_written(HukSlot slot) {
  const unsigned first = static_cast<unsigned>(slot);
  for (unsigned i = 0; i < kmu_.soc().slots_per_huk; ++i) {
    if (kmu_.slot_is_written(first + i)) return true;
  }
  return false;
}

bool HwUniqueKey::are_any_written() {
  return is_written(HukSlot::kMkek) || is_written(HukSlot::kMext);
}

bool HwUniqueKey::are_all_written_whole() {
  for (HukSlot huk : {HukSlot::kMkek, HukSlot::kMext}) {
    const unsigned first = static_cast<unsigned>(huk);
    for (unsigned i = 0; i < kmu_.soc().slots_per_huk; ++i) {
      if (kmu_.read_perm(first + i) != kPermDefault) return false;
    }
  }
  return true;
}

Status HwUniqueKey::derive_key(HukSlot slot, std::span<const uint8_t> context, std::span<const uint8_t> label,
                               std::span<uint8_t> out) {
  if (!is_written(slot)) return nrf_status(NrfStatus::kHukMissing);
  Status s = deriver_.derive(static_cast<unsigned>(slot), static_cast<unsigned>(key_size() * 8), label, context, out);
  if (!s.ok() && log_ != nullptr) {
    char why[96];
    log_->print("nrf_cc3xx_platform_kmu_shadow_key_derive failed with error code: %d (%s)\n", nordic_code(s),
                s.describe(why, sizeof why));
  }
  return s;
}

}  // namespace kb::core::nrf
