#include "simulator/nrf/register_names.h"

#include <array>
#include <cstdio>
#include <utility>

#include "simulator/nrf/nrf5340_map.h"
#include "simulator/nrf/uicr_names.h"

namespace kb::sim::nrf {

namespace {

bool in_range(uint32_t address, uint32_t base, uint32_t size) {
  return address >= base && address - base < size;
}

// The KMU and NVMC share one block; their offsets do not collide (§1.1, §1.2).
std::string kmu_nvmc_name(uint32_t offset) {
  static constexpr std::array<std::pair<uint32_t, const char*>, 17> kNames = {{
      {kKmuTasksPushKeyslot, "KMU.TASKS_PUSH_KEYSLOT"},
      {kKmuEventsPushed, "KMU.EVENTS_KEYSLOT_PUSHED"},
      {kKmuEventsRevoked, "KMU.EVENTS_KEYSLOT_REVOKED"},
      {kKmuEventsError, "KMU.EVENTS_KEYSLOT_ERROR"},
      {kKmuInten, "KMU.INTEN"},
      {kKmuIntenset, "KMU.INTENSET"},
      {kKmuIntenclr, "KMU.INTENCLR"},
      {kKmuIntpend, "KMU.INTPEND"},
      {kKmuStatus, "KMU.STATUS"},
      {kKmuSelectKeyslot, "KMU.SELECTKEYSLOT"},
      {kNvmcReady, "NVMC.READY"},
      {kNvmcReadyNext, "NVMC.READYNEXT"},
      {kNvmcConfig, "NVMC.CONFIG"},
      {kNvmcEraseAll, "NVMC.ERASEALL"},
      {kNvmcErasePagePartialCfg, "NVMC.ERASEPAGEPARTIALCFG"},
      {kNvmcConfigNs, "NVMC.CONFIGNS"},
      {kNvmcWriteUicrNs, "NVMC.WRITEUICRNS"},
  }};
  for (const auto& [at, name] : kNames) {
    if (at == offset) return name;
  }
  return {};
}

// The model-only derivation port (nrf5340_map.h).
std::string kdf_port_name(uint32_t offset) {
  static constexpr std::array<std::pair<uint32_t, const char*>, 8> kNames = {{
      {kKdfTasksStart, "TASKS_START"},
      {kKdfEventsDone, "EVENTS_DONE"},
      {kKdfEventsError, "EVENTS_ERROR"},
      {kKdfKeybits, "KEYBITS"},
      {kKdfLabelSize, "LABELSIZE"},
      {kKdfContextSize, "CONTEXTSIZE"},
      {kKdfOutputSize, "OUTPUTSIZE"},
      {kKdfErrorSrc, "ERRORSRC"},
  }};
  for (const auto& [at, name] : kNames) {
    if (at == offset) return std::string("KDF port ") + name;
  }
  constexpr uint32_t kArrayBytes = kKdfMaxBytes;
  const auto array_word = [&](uint32_t base, const char* name) -> std::string {
    if (!in_range(offset, base, kArrayBytes)) return {};
    return std::string("KDF port ") + name + "[" + std::to_string((offset - base) / 4) + "]";
  };
  for (const auto& [base, name] :
       {std::pair{kKdfLabel, "LABEL"}, std::pair{kKdfContext, "CONTEXT"}, std::pair{kKdfOutput, "OUTPUT"}}) {
    if (std::string n = array_word(base, name); !n.empty()) return n;
  }
  return {};
}

std::string offset_name(const char* block, uint32_t offset) {
  char text[32];
  std::snprintf(text, sizeof text, "%s+0x%03X", block, offset);
  return text;
}

}  // namespace

std::string register_name(uint32_t address) {
  std::string name;
  if (in_range(address, kFlashBase, kFlashSize)) {
    name = "flash page " + std::to_string((address - kFlashBase) / kFlashPageSize);
  } else if (in_range(address, kUicrBase, kUicrSize)) {
    const std::string word = uicr_word_name(address - kUicrBase);
    name = word.empty() ? offset_name("UICR", address - kUicrBase) : "UICR " + word;
  } else if (in_range(address, kKmuNvmcBase, 0x1000)) {
    name = kmu_nvmc_name(address - kKmuNvmcBase);
    if (name.empty()) name = offset_name("KMU/NVMC", address - kKmuNvmcBase);
  } else if (in_range(address, kCcAesKeyBase, kCcKeyBytes)) {
    name = "CC312 AES key word " + std::to_string((address - kCcAesKeyBase) / 4);
  } else if (in_range(address, kCcChachaKeyBase, kCcKeyBytes)) {
    name = "CC312 ChaCha key word " + std::to_string((address - kCcChachaKeyBase) / 4);
  } else if (in_range(address, kKdfPortBase, 0x1000)) {
    name = kdf_port_name(address - kKdfPortBase);
  }
  return name.empty() ? "unmapped" : name;
}

}  // namespace kb::sim::nrf
