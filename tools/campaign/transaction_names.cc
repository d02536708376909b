#include "tools/campaign/transaction_names.h"

#include <array>
#include <cstdio>

#include "core/nrf/soc.h"
#include "core/stsafe/command_codes.h"

namespace kb::tools::campaign {

namespace {

namespace cc = core::stsafe::command_code;
namespace ec = core::stsafe::extended_code;
namespace tag = core::stsafe::attribute_tag;

std::string hex8(unsigned v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", v & 0xFFu);
  return buf;
}

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", v);
  return buf;
}

const char* standard_name(uint8_t code) {
  switch (code) {
    case cc::kEcho: return "Echo";
    case cc::kReset: return "Reset";
    case cc::kGenerateRandom: return "Generate Random";
    case cc::kGenerateMac: return "Generate MAC";
    case cc::kVerifyMac: return "Verify MAC";
    case cc::kPutAttribute: return "Put Attribute";
    case cc::kQuery: return "Query";
    case cc::kEncrypt: return "Encrypt";
    case cc::kDecrypt: return "Decrypt";
    default: return "Command";
  }
}

const char* extended_name(int code) {
  switch (code) {
    case ec::kStartVolatileKekSession: return "Start Volatile KEK Session";
    case ec::kEstablishSymmetricKeys: return "Establish Symmetric Keys";
    case ec::kConfirmSymmetricKeys: return "Confirm Symmetric Keys";
    case ec::kStopVolatileKekSession: return "Stop Volatile KEK Session";
    case ec::kWriteHostKeyV2Plaintext: return "Write Host Key V2 Plaintext";
    case ec::kWriteHostKeyV2Wrapped: return "Write Host Key V2 Wrapped";
    case ec::kWriteSymmetricKeyWrapped: return "Write Symmetric Key Wrapped";
    case ec::kGenerateEcdhe: return "Generate ECDHE";
    case ec::kWriteSymmetricKeyPlaintext: return "Write Symmetric Key Plaintext";
    case ec::kEstablishHostKeyV2: return "Establish Host Key V2";
    case ec::kEraseSymmetricKeySlot: return "Erase Symmetric Key Slot";
    default: return "Extended command";
  }
}

const char* tag_name(int t) {
  switch (t) {
    case tag::kLifeCycleState: return " (life cycle)";
    case tag::kProductData: return " (product data)";
    case tag::kSymmetricKeyTable: return " (symmetric key table)";
    case tag::kCommandAuthorization: return " (command authorization)";
    case tag::kHostKeySlotV2: return " (host key slot)";
    case tag::kHostKeyProvisioningControl: return " (host key control fields)";
    case tag::kSymmetricSlotProvisioningControl: return " (symmetric slot control fields)";
    default: return "";
  }
}

std::string kmu_nvmc_register(uint32_t offset) {
  namespace r = core::nrf::reg;
  switch (offset) {
    case r::kTasksPushKeyslot: return "KMU.TASKS_PUSH_KEYSLOT";
    case r::kEventsKeyslotPushed: return "KMU.EVENTS_KEYSLOT_PUSHED";
    case r::kEventsKeyslotRevoked: return "KMU.EVENTS_KEYSLOT_REVOKED";
    case r::kEventsKeyslotError: return "KMU.EVENTS_KEYSLOT_ERROR";
    case r::kKmuStatus: return "KMU.STATUS";
    case r::kSelectKeyslot: return "KMU.SELECTKEYSLOT";
    case r::kNvmcReady: return "NVMC.READY";
    case r::kNvmcConfig: return "NVMC.CONFIG";
    default: {
      char buf[24];
      std::snprintf(buf, sizeof buf, "KMU/NVMC+0x%03X", offset);
      return buf;
    }
  }
}

std::string uicr_word_name(const core::nrf::SocProfile& soc, uint32_t address) {
  const uint32_t offset = address - soc.uicr_base;
  if (offset >= 0x400 && offset < 0x800) {
    const uint32_t rel = offset - 0x400;
    return "UICR KEYSLOT.CONFIG[" + std::to_string(rel / 8) + "]." + (rel % 8 == 0 ? "DEST" : "PERM");
  }
  if (offset >= 0x800 && offset < 0x1000) {
    const uint32_t rel = offset - 0x800;
    return "UICR KEYSLOT.KEY[" + std::to_string(rel / 16) + "].VALUE[" + std::to_string((rel % 16) / 4) + "]";
  }
  if (address >= soc.bl_storage && address < soc.uicr_base + 0x400) {
    const uint32_t rel = address - soc.bl_storage;
    std::string name = "BL_STORAGE+" + hex8(rel);
    if (rel < 8) return name + " (lifecycle word " + std::to_string(rel / 4) + ")";
    if (rel < 40) return name + " (implementation ID word " + std::to_string((rel - 8) / 4) + ")";
    return name;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "UICR+0x%03X", offset);
  return buf;
}

}  // namespace

CommandHeader command_header(std::span<const uint8_t> frame) {
  CommandHeader h;
  if (frame.empty()) return h;
  h.valid = true;
  h.code = frame[0] & 0x1Fu;
  if (h.code == cc::kExtended && frame.size() >= 2) h.extended = frame[1];
  if ((h.code == cc::kQuery || h.code == cc::kPutAttribute) && frame.size() >= 2) h.tag = frame[1];
  return h;
}

std::string command_name(const CommandHeader& h) {
  if (!h.valid) return "no command yet";
  if (h.code == cc::kExtended) {
    return std::string(extended_name(h.extended)) + " (0x1F " + (h.extended < 0 ? "?" : hex8(h.extended)) + ")";
  }
  std::string name = std::string(standard_name(h.code)) + " (" + hex8(h.code) + ")";
  if (h.tag >= 0) name += " tag " + hex8(h.tag) + tag_name(h.tag);
  return name;
}

std::string register_name(uint32_t address) {
  const core::nrf::SocProfile& soc = core::nrf::kNrf5340;
  if (address >= soc.kmu_nvmc_base && address < soc.kmu_nvmc_base + 0x1000) {
    return kmu_nvmc_register(address - soc.kmu_nvmc_base);
  }
  if (address >= soc.uicr_base && address < soc.uicr_base + 0x1000) return uicr_word_name(soc, address);
  if (address >= 0x5FFF0000u && address < 0x5FFF1000u) return "CryptoCell KDF port+" + hex32(address - 0x5FFF0000u);
  return hex32(address);
}

bool starts_operation(const RawTransaction& t) {
  return t.kind == RawTransaction::Kind::kI2cWrite || t.kind == RawTransaction::Kind::kRegisterWrite;
}

std::string describe_transaction(const RawTransaction& t, const CommandHeader& last_command) {
  switch (t.kind) {
    case RawTransaction::Kind::kI2cWrite: return "write of " + command_name(command_header(t.tx));
    case RawTransaction::Kind::kI2cRead: return "response read of " + command_name(last_command);
    case RawTransaction::Kind::kI2cWriteRead:
      return "write-read (" + std::to_string(t.tx.size()) + "+" + std::to_string(t.rx_length) + " bytes) after " +
             command_name(last_command);
    case RawTransaction::Kind::kRegisterRead: return "read " + register_name(t.address);
    case RawTransaction::Kind::kRegisterWrite: return "write " + hex32(t.value) + " to " + register_name(t.address);
  }
  return "transaction";
}

}  // namespace kb::tools::campaign
