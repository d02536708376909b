#include "simulator/nrf/uicr_names.h"

#include <array>
#include <cstdio>
#include <string_view>

#include "simulator/nrf/kmu.h"
#include "simulator/nrf/nrf5340_map.h"

namespace kb::sim::nrf {

namespace {
// Reserved slots of §2.1: KDR, MKEK, MEXT and the identity key each take two slots on the CC312.
constexpr std::array<std::string_view, 8> kReservedSlots = {
    "KDR",  "KDR second half",  "MKEK",         "MKEK second half",
    "MEXT", "MEXT second half", "identity key", "identity key second half",
};

std::string hex32(uint32_t v) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%08X", v);
  return text;
}

std::string uicr_address(uint32_t offset) {
  char text[16];
  std::snprintf(text, sizeof text, "UICR+0x%04X", offset);
  return text;
}

// The bootloader-storage fields of §5.2, relative to BL_STORAGE.
std::string bl_storage_name(uint32_t rel) {
  if (rel < 8) return "BL_STORAGE lifecycle word " + std::to_string(rel / 4);
  if (rel < 40) return "BL_STORAGE implementation_id word " + std::to_string((rel - 8) / 4);
  if (rel == 40) return "BL_STORAGE s0_address";
  if (rel == 44) return "BL_STORAGE s1_address";
  if (rel == 48) return "BL_STORAGE num_public_keys";
  return {};
}

std::string key_region_name(const KeyRegionWord& w) {
  std::string name = "KMU slot " + std::to_string(w.slot);
  switch (w.field) {
    case KeyRegionWord::Field::kDest: name += " DEST"; break;
    case KeyRegionWord::Field::kPerm: name += " PERM"; break;
    case KeyRegionWord::Field::kValue: name += " VALUE[" + std::to_string(w.value_index) + "]"; break;
  }
  if (w.slot < kReservedSlots.size()) name += ", " + std::string(kReservedSlots[w.slot]);
  return name;
}
}  // namespace

std::string uicr_word_name(uint32_t offset) {
  if (offset == kUicrApprotect) return "APPROTECT";
  if (offset == kUicrEraseprotect) return "ERASEPROTECT";
  if (offset >= kUicrOtpBegin && offset < kUicrOtpEnd) {
    std::string name = bl_storage_name(offset - kBlStorageOffset);
    return name.empty() ? "OTP[" + std::to_string((offset - kUicrOtpBegin) / 4) + "]" : name;
  }
  if (auto w = decode_key_region(offset)) return key_region_name(*w);
  return {};
}

std::string describe_nvmc_operation(const NvmcOperation& op) {
  auto in_uicr = [&] {
    const std::string name = uicr_word_name(op.offset);
    return uicr_address(op.offset) + (name.empty() ? "" : " (" + name + ")");
  };
  switch (op.kind) {
    case NvmcOperation::Kind::kUicrWrite: return "NVMC write " + hex32(op.value) + " to " + in_uicr();
    case NvmcOperation::Kind::kKmuZeroize: return "KMU zeroize " + in_uicr();
    case NvmcOperation::Kind::kFlashWrite: return "NVMC write " + hex32(op.value) + " to flash+" + hex32(op.offset);
    case NvmcOperation::Kind::kFlashPageErase:
      return "NVMC erase flash page " + std::to_string(op.offset / kFlashPageSize);
    case NvmcOperation::Kind::kEraseAll: return "NVMC ERASEALL";
  }
  return {};
}

}  // namespace kb::sim::nrf
