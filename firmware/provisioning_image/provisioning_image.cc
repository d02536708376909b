#include "firmware/provisioning_image/provisioning_image.h"

#include "core/nrf/nrf_status.h"
#include "firmware/identity_key_generation/provisioning_steps.h"

namespace kb::fw {

const uint8_t kDefaultImplementationId[kImplementationIdSize] = {
    0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xBB, 0xBB, 0xBB, 0xBB, 0xBB, 0xBB, 0xBB, 0xBB,
    0xCC, 0xCC, 0xCC, 0xCC, 0xCC, 0xCC, 0xCC, 0xCC, 0xDD, 0xDD, 0xDD, 0xDD, 0xDD, 0xDD, 0xDD, 0xDD,
};

namespace {

// BL_STORAGE+8: eight word writes, each read back (the NVMC reports nothing itself). Resuming, a
// word that already holds its value is skipped (OTP halfwords are write-once).
core::Status write_implementation_id(core::nrf::Nvmc& nvmc, std::span<const uint8_t> id, bool resume) {
  const uint32_t base = nvmc.soc().bl_storage + 8;
  for (uint32_t i = 0; i < kImplementationIdSize / 4; ++i) {
    const uint32_t word = static_cast<uint32_t>(id[4 * i]) | static_cast<uint32_t>(id[4 * i + 1]) << 8 |
                          static_cast<uint32_t>(id[4 * i + 2]) << 16 | static_cast<uint32_t>(id[4 * i + 3]) << 24;
    if (resume) {
      const uint32_t held = nvmc.bus().read32(base + 4 * i);
      if (held == word) continue;
      if (held != 0xFFFFFFFFu) return core::nrf::nrf_status(core::nrf::NrfStatus::kImplementationIdTorn);
    }
    KB_TRY(nvmc.write_word(base + 4 * i, word));
    if (nvmc.bus().read32(base + 4 * i) != word) {
      return core::nrf::nrf_status(core::nrf::NrfStatus::kImplementationIdWriteFailed);
    }
  }
  return core::Status();
}

}  // namespace

core::Status run_provisioning_image(hal::Platform& platform, const ProvisioningImageOptions& options) {
  std::span<const uint8_t> id = options.implementation_id.empty() ? std::span<const uint8_t>(kDefaultImplementationId)
                                                                  : options.implementation_id;
  if (id.size() != kImplementationIdSize) {
    platform.console.write("Failure: the implementation ID must be 32 bytes. Exiting!\n");
    return core::Code::kInvalidArgument;
  }
  KB_TRY(require_registers(platform));
  hal::Console& console = platform.console;
  NrfKeyStack nrf(platform, *platform.registers, options.target);

  KB_TRY(enter_provisioning(nrf.lifecycle, console, options.resume));
  console.write("Generating random HUK keys (including MKEK)\n");
  if (options.resume) {
    KB_TRY(resume_huks(nrf.huk, console));
  } else {
    KB_TRY(write_huks(nrf.huk, console, /*keep_whole=*/false));
  }
  KB_TRY(write_identity_key(nrf.identity, console, options.dummy_key, options.resume ? &nrf.kmu : nullptr));
  if (core::Status s = write_implementation_id(nrf.nvmc, id, options.resume); !s.ok()) {
    console.write("Failure: Writing implementation ID failed. Exiting!\n");
    return s;
  }
  console.write("Success!\n");
  return core::Status();
}

}  // namespace kb::fw
