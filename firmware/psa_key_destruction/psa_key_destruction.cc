#include "firmware/psa_key_destruction/psa_key_destruction.h"

#include "firmware/psa_application_boot/psa_application_boot.h"
#include "firmware/psa_application_boot/psa_session.h"

namespace kb::fw {

namespace {

// After a failure printed: the driver's reason on its own line, when it kept one.
core::Status chip_refusal(hal::Console& out, const SecureElementDriver& driver) {
  const core::Status chip = driver.last_error();
  if (chip.ok()) return core::Code::kRefused;
  char why[192];
  out.print("\t\t(%s)\n", driver.describe_last_error(why, sizeof why));
  return chip;
}

}  // namespace

core::Status run_psa_key_destruction(hal::Platform& platform, const PsaKeyDestructionOptions& options) {
  if (options.its == nullptr) return core::Code::kInvalidArgument;
  hal::Console& out = platform.console;
  if (options.recover) {
    const PsaApplicationBoot r = recover_psa_key_store(platform, options);
    if (r.recover_status != PSA_SUCCESS) return core::Code::kRefused;
  }
  PsaSession session(platform, options);
  const SecureElementDriver& driver = session.driver();
  const unsigned long id = options.key_id;
  out.print("Destroying key %lu...\n", id);
  if (session.start(out).status() != PSA_SUCCESS) return chip_refusal(out, driver);
  out.print("\tDestroying key %lu... ", id);
  const psa_status_t s = psa_destroy_key(options.key_id);
  if (s == PSA_ERROR_DOES_NOT_EXIST || s == PSA_ERROR_INVALID_HANDLE) {
    out.print("absent already.\n");
  } else if (s != PSA_SUCCESS) {
    print_psa_failure(out, s);
    return chip_refusal(out, driver);
  } else {
    out.print("done.\n");
  }
  out.print("Key %lu destroyed\n", id);
  return core::Code::kOk;
}

}  // namespace kb::fw
