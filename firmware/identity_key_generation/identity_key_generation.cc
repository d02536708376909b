#include "firmware/identity_key_generation/identity_key_generation.h"

#include "firmware/identity_key_generation/provisioning_steps.h"

namespace kb::fw {

core::Status run_identity_key_generation(hal::Platform& platform, const IdentityKeyGenerationOptions& options) {
  KB_TRY(require_registers(platform));
  hal::Console& console = platform.console;
  NrfKeyStack nrf(platform, *platform.registers, options.target);

  KB_TRY(enter_provisioning(nrf.lifecycle, console));
  console.write("Generating random HUK keys (including MKEK)\n");
  (void)nrf.huk.write_random();
  KB_TRY(write_identity_key(nrf.identity, console, options.dummy_key));
  console.write("Success!\n");
  return core::Status();
}

}  // namespace kb::fw
