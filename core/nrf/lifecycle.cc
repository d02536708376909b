#include "core/nrf/lifecycle.h"

#include "core/nrf/nrf_status.h"

namespace kb::core::nrf {

namespace {
constexpr uint16_t kNotEntered = 0xFFFF;
constexpr uint16_t kEntered = 0x0000;
}  // namespace

const char* lcs_name(Lcs lcs) {
  switch (lcs) {
    case Lcs::kUnknown: return "UNKNOWN";
    case Lcs::kAssembly: return "ASSEMBLY";
    case Lcs::kProvisioning: return "PROVISIONING";
    case Lcs::kSecured: return "SECURED";
    case Lcs::kDecommissioned: return "DECOMMISSIONED";
  }
  return "UNKNOWN";
}

uint16_t psa_lifecycle(Lcs lcs) {
  switch (lcs) {
    case Lcs::kAssembly: return 0x1000;
    case Lcs::kProvisioning: return 0x2000;
    case Lcs::kSecured: return 0x3000;
    case Lcs::kDecommissioned: return 0x6000;
    case Lcs::kUnknown: break;
  }
  return 0x0000;
}

Result<Lcs> Lifecycle::read() {
  auto& bus = nvmc_.bus();
  const uint32_t base = nvmc_.soc().bl_storage;
  const uint32_t w0 = bus.read32(base);
  const uint32_t w1 = bus.read32(base + 4);
  const uint16_t provisioning = static_cast<uint16_t>(w0);
  const uint16_t secure = static_cast<uint16_t>(w0 >> 16);
  const uint16_t decommissioned = static_cast<uint16_t>(w1 >> 16);
  if (provisioning == kNotEntered && secure == kNotEntered && decommissioned == kNotEntered) return Lcs::kAssembly;
  if (provisioning == kEntered && secure == kNotEntered && decommissioned == kNotEntered) return Lcs::kProvisioning;
  if (provisioning == kEntered && secure == kEntered && decommissioned == kNotEntered) return Lcs::kSecured;
  if (provisioning == kEntered && secure == kEntered && decommissioned == kEntered) return Lcs::kDecommissioned;
  return nrf_status(NrfStatus::kLifecycleUnreadable);
}

Status Lifecycle::update(Lcs next) {
  if (next == Lcs::kUnknown) return nrf_status(NrfStatus::kLifecycleInvalidTransition);
  Result<Lcs> current = read();
  if (!current.ok()) return current.status();
  if (next == *current) return Status();
  if (static_cast<uint8_t>(next) != static_cast<uint8_t>(*current) + 1) {
    return nrf_status(NrfStatus::kLifecycleInvalidTransition);
  }
  const uint32_t base = nvmc_.soc().bl_storage;
  switch (next) {
    case Lcs::kProvisioning: return nvmc_.write_halfword(base + 0, kEntered);
    case Lcs::kSecured: return nvmc_.write_halfword(base + 2, kEntered);
    case Lcs::kDecommissioned: return nvmc_.write_halfword(base + 6, kEntered);
    default: break;
  }
  return nrf_status(NrfStatus::kLifecycleInvalidTransition);
}

}  // namespace kb::core::nrf
