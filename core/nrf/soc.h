#pragma once
// What the key-management library needs to know about a chip: where the KMU/NVMC block, the UICR
// and the bootloader storage are, how big a hardware unique key is, and which CryptoCell key
// registers a push may target (fact sheet nrf-kmu-lifecycle.md §1.1, §1.3, §1.8, §3.1, §5.2).
#include <cstdint>

namespace kb::core::nrf {

struct SocProfile {
  const char* name;
  uint32_t kmu_nvmc_base;  // KMU and NVMC share one secure block
  uint32_t uicr_base;
  uint32_t bl_storage;       // PM_PROVISION_ADDRESS: the start of the UICR OTP region
  uint8_t slots_per_huk;     // HUK_SIZE_WORDS / 4: 2 on CC312 (256-bit), 1 on CC310
  uint32_t aes_key_dest[2];  // NRF_CC3XX_PLATFORM_KMU_AES_ADDR(_2); [1] = 0 where absent
  uint32_t chachapoly_key_dest[2];
};

inline constexpr SocProfile kNrf5340 = {
    "nRF5340", 0x50039000, 0x00FF8000, 0x00FF8100, 2, {0x50845400, 0x50845410}, {0x50845388, 0x50845398},
};

inline constexpr SocProfile kNrf9160 = {
    "nRF9160", 0x50039000, 0x00FF8000, 0x00FF8108, 1, {0x50841400, 0}, {0x50841388, 0x50841398},
};

// A CryptoCell key register a push may target on this chip.
constexpr bool is_key_destination(const SocProfile& soc, uint32_t address) {
  return address != 0 && (address == soc.aes_key_dest[0] || address == soc.aes_key_dest[1] ||
                          address == soc.chachapoly_key_dest[0] || address == soc.chachapoly_key_dest[1]);
}

// KMU register offsets (§1.2) and NVMC register offsets in the same block.
namespace reg {
inline constexpr uint32_t kTasksPushKeyslot = 0x000;
inline constexpr uint32_t kEventsKeyslotPushed = 0x100;
inline constexpr uint32_t kEventsKeyslotRevoked = 0x104;
inline constexpr uint32_t kEventsKeyslotError = 0x108;
inline constexpr uint32_t kKmuStatus = 0x40C;
inline constexpr uint32_t kSelectKeyslot = 0x500;
inline constexpr uint32_t kKmuStatusBlocked = 1u << 1;
inline constexpr uint32_t kKmuStatusSelected = 1u << 0;
inline constexpr uint32_t kNvmcReady = 0x400;
inline constexpr uint32_t kNvmcConfig = 0x504;
inline constexpr uint32_t kNvmcConfigRen = 0;
inline constexpr uint32_t kNvmcConfigWen = 1;
inline constexpr uint32_t kNvmcConfigEen = 2;
}  // namespace reg

// UICR key-slot words (§1.3): absolute addresses for slot n (0-based UICR index).
constexpr uint32_t slot_dest_address(const SocProfile& soc, unsigned n) {
  return soc.uicr_base + 0x400 + 8 * n;
}
constexpr uint32_t slot_perm_address(const SocProfile& soc, unsigned n) {
  return soc.uicr_base + 0x404 + 8 * n;
}
constexpr uint32_t slot_value_address(const SocProfile& soc, unsigned n, unsigned i) {
  return soc.uicr_base + 0x800 + 16 * n + 4 * i;
}

inline constexpr unsigned kKmuSlotCount = 128;

// PERM words (§1.4).
inline constexpr uint32_t kPermWrite = 1u << 0;
inline constexpr uint32_t kPermRead = 1u << 1;
inline constexpr uint32_t kPermPush = 1u << 2;
inline constexpr uint32_t kPermStateActive = 1u << 16;
inline constexpr uint32_t kPermDefault = 0xFFFFFFFC;      // NRF_CC3XX_PLATFORM_KMU_DEFAULT_PERMISSIONS
inline constexpr uint32_t kPermIdentityKey = 0xFFFFFFFA;  // NRF_CC3XX_PLATFORM_KMU_IDENTITY_KEY_PERMISSIONS
inline constexpr uint32_t kErasedWord = 0xFFFFFFFF;
inline constexpr uint32_t kNoDestination = 0xFFFFFFFF;

}  // namespace kb::core::nrf
