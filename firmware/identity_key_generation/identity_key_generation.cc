#include "firmware/identity_key_generation/identity_key_generation.h"

#include "firmware/identity_key_generation/provisioning_steps.h"

namespace kb::fw {

core::Status run_identity_key_generation(hal::Platform& platform, const IdentityKeyGenerationOptions& options) {
  KB_TRY(require_registers(platform));
  hal::Console& console = platform.console;
  NrfKeyStack nrf(platform, *platform.registers, options.target);

  KB_TRY(enter_provisioning(nrf.lifecycle, console, options.resume));
  console.write("Generating random HUK keys (including MKEK)\n");
  if (options.resume) {
    KB_TRY(resume_huks(nrf.huk, console));
  } else {
    // The sample ignores the result, so a torn HUK went on to "Success!"; NCS's panicking library
    // generation and the provisioning image stop here. HUKs already there whole are kept.
    KB_TRY(write_huks(nrf.huk, console, /*keep_whole=*/true));
  }
  KB_TRY(write_identity_key(nrf.identity, console, options.dummy_key, options.resume ? &nrf.kmu : nullptr));
  console.write("Success!\n");
  return core::Status();
}

}  // namespace kb::fw
