#include "tools/campaign/psa/traced_its.h"

#include <cstdio>

#include "core/psa/psa_platform.h"
#include "core/psa_se/stsafe_a120/stsafe_a120_se.h"

namespace kb::tools::campaign::psa {

namespace {

std::string hex_uid(uint64_t uid) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%08llX", static_cast<unsigned long long>(uid));
  return buf;
}

}  // namespace

std::string describe_uid(uint64_t uid) {
  if (uid == core::psa::kTransactionUid) return "transaction record";
  // Key ids of the user range (1..0x3FFFFFFF) are stored under their own value.
  if (uid >= 1 && uid <= 0x3FFFFFFF) return "key file of key " + std::to_string(uid);
  if (uid >= core::psa::driver_data_uid(0) && uid <= core::psa::driver_data_uid(0xFF)) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "driver data of location 0x%02llX",
                  static_cast<unsigned long long>(uid - core::psa::driver_data_uid(0)));
    return buf;
  }
  for (uint8_t slot = 0; slot < core::psa_se::stsafe_a120::kMaxSlots; ++slot) {
    if (uid == core::psa_se::stsafe_a120::public_key_uid(slot)) {
      return "the STSAFE-A120 driver's public key of slot " + std::to_string(slot);
    }
  }
  return "UID " + hex_uid(uid);
}

core::its::ItsStatus TracedIts::set(uint64_t uid, std::span<const uint8_t> data, uint32_t flags) {
  operation_ = "ITS set " + hex_uid(uid) + " (" + describe_uid(uid) + ", " + std::to_string(data.size()) + " bytes)";
  return inner_.set(uid, data, flags);
}

core::its::ItsStatus TracedIts::remove(uint64_t uid) {
  operation_ = "ITS remove " + hex_uid(uid) + " (" + describe_uid(uid) + ")";
  return inner_.remove(uid);
}

core::its::ItsStatus TracedIts::erase_all() {
  operation_ = "ITS erase of every entry (Erasing secure storage)";
  return inner_.erase_all();
}

}  // namespace kb::tools::campaign::psa
