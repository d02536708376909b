#include "tools/campaign/psa/key_store_view.h"

#include <array>
#include <cstdio>
#include <cstring>

#include "core/its/flash_its.h"
#include "core/psa/psa_platform.h"
#include "core/psa_se/atecc608a/atecc608a_se.h"
#include "core/psa_se/stsafe_a120/stsafe_a120_se.h"
#include "firmware/factory_provisioning/factory_provisioning.h"
#include "hal/sim/sim_flash_region.h"
#include "simulator/fixture/hex.h"

namespace kb::tools::campaign::psa {

namespace {

// Key file layout (fact sheet A2.3): magic, version, lifetime at 12, ..., key data length at 32,
// then the key data, for an SE key its slot number (8 bytes in Mbed TLS 2.28; the fact sheet's
// mbed-crypto added the 2-byte bit size). The record (A2.4): type at 0, lifetime at 4, slot at 8,
// key id at 16.
constexpr size_t kKeyFileLifetime = 12, kKeyFileDataLength = 32, kKeyFileSlot = 36;
constexpr size_t kRecordBytes = 24;
constexpr size_t kDriverDataBytes = 8;
static_assert(sizeof(core::psa_se::atecc608a::PersistentData) == kDriverDataBytes);
static_assert(sizeof(core::psa_se::stsafe_a120::PersistentData) == kDriverDataBytes);

// Mbed TLS stores these as raw memory; keybench's targets are little-endian.
template <typename T>
T raw(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

std::optional<std::vector<uint8_t>> entry(core::its::ItsStore& its, uint64_t uid) {
  core::its::ItsInfo info;
  if (its.get_info(uid, &info) != core::its::ItsStatus::kOk) return std::nullopt;
  std::vector<uint8_t> bytes(info.size);
  size_t copied = 0;
  if (its.get(uid, 0, bytes, &copied) != core::its::ItsStatus::kOk) return std::nullopt;
  return bytes;
}

std::string uid_text(uint64_t uid) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%08llX", static_cast<unsigned long long>(uid));  // 64-bit UIDs print whole
  return buf;
}

}  // namespace

std::string TransactionRecord::describe() const {
  const char* what = type == 1 ? "CREATE_KEY" : type == 2 ? "DESTROY_KEY" : "unknown transaction";
  return std::string(what) + " of key " + std::to_string(key_id) + " in slot " + std::to_string(slot);
}

std::vector<uint64_t> KeyStoreView::named_slots() const {
  std::vector<uint64_t> slots;
  for (const auto& [id, file] : key_files) {
    if (file.secure_element) slots.push_back(file.slot);
  }
  return slots;
}

KeyStoreView read_key_store(const sim::Nvm& flash, Chip chip) {
  KeyStoreView v;
  sim::Nvm copy = flash;
  hal::sim::SimFlashRegion region(copy, nullptr);
  core::its::FlashIts its(region);
  if (its.mount() != core::its::ItsStatus::kOk) return v;
  v.mounted = true;
  const uint64_t driver_uid = core::psa::driver_data_uid(chip_location(chip));
  for (uint64_t uid : {fw::kFactoryKeyId, fw::kGeneratedKeyId, driver_uid, core::psa::kTransactionUid}) {
    const auto bytes = entry(its, uid);
    if (!bytes) continue;
    v.entries[uid_text(uid)] = sim::to_hex(*bytes);
    const uint8_t* b = bytes->data();
    if (uid == core::psa::kTransactionUid) {
      if (bytes->size() != kRecordBytes) {
        v.record_unreadable = true;
        continue;
      }
      v.record = TransactionRecord{raw<uint16_t>(b), raw<uint32_t>(b + 4), raw<uint64_t>(b + 8), raw<uint32_t>(b + 16)};
    } else if (uid == driver_uid) {
      // Both drivers' data: magic (4 bytes), the used-slot bitmap (2), then 2 bytes of their own.
      if (bytes->size() == kDriverDataBytes && raw<uint32_t>(b) == driver_data_magic(chip)) {
        v.driver_used_slots = raw<uint16_t>(b + 4);
      }
    } else if (bytes->size() >= kKeyFileDataLength + 4) {
      KeyFile f;
      f.lifetime = raw<uint32_t>(b + kKeyFileLifetime);
      const uint32_t data_length = raw<uint32_t>(b + kKeyFileDataLength);
      f.secure_element = (data_length == 8 || data_length == 10) && bytes->size() == kKeyFileSlot + data_length;
      if (f.secure_element) f.slot = raw<uint64_t>(b + kKeyFileSlot);
      v.key_files[static_cast<uint32_t>(uid)] = f;
    }
  }
  if (chip == Chip::kStsafeA120) {
    for (uint8_t slot = 0; slot < core::psa_se::stsafe_a120::kMaxSlots; ++slot) {
      const uint64_t uid = core::psa_se::stsafe_a120::public_key_uid(slot);
      if (const auto bytes = entry(its, uid)) v.driver_entries[uid_text(uid)] = sim::to_hex(*bytes);
    }
  }
  return v;
}

}  // namespace kb::tools::campaign::psa
