#include "firmware/psa_key_destruction/psa_key_destruction.h"

#include "core/psa/psa_platform.h"
#include "firmware/psa_application_boot/psa_application_boot.h"
#include "firmware/psa_application_boot/psa_session.h"

namespace kb::fw {

namespace {

core::Status failed(hal::Console& out, const SecureElementDriver& driver, psa_status_t status) {
  out.print("failed with status=%ld (%s)\n", static_cast<long>(status), core::psa::psa_status_name(status));
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
    PsaApplicationBootOptions b;
    b.se = options.se;
    b.address7 = options.address7;
    b.stsafe_address7 = options.stsafe_address7;
    b.its = options.its;
    const PsaApplicationBoot r = recover_psa_key_store(platform, b);
    if (r.recover_status != PSA_SUCCESS) return core::Code::kRefused;
  }
  PsaSession session(platform, options.se, options.address7, options.stsafe_address7, options.its);
  const SecureElementDriver& driver = session.driver();
  const unsigned long id = options.key_id;
  out.print("Destroying key %lu...\n", id);
  out.print("\tInitializing PSA Crypto... ");
  psa_status_t s = psa_register_se_driver(driver.location, driver.methods);
  if (s == PSA_SUCCESS) s = psa_crypto_init();
  if (s != PSA_SUCCESS) return failed(out, driver, s);
  out.print("done.\n");
  out.print("\tDestroying key %lu... ", id);
  s = psa_destroy_key(options.key_id);
  if (s == PSA_ERROR_DOES_NOT_EXIST || s == PSA_ERROR_INVALID_HANDLE) {
    out.print("absent already.\n");
  } else if (s != PSA_SUCCESS) {
    return failed(out, driver, s);
  } else {
    out.print("done.\n");
  }
  out.print("Key %lu destroyed\n", id);
  return core::Code::kOk;
}

}  // namespace kb::fw
