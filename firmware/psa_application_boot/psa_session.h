#pragma once
// What an application on the PSA core installs for its lifetime: the internal trusted storage, the
// random source, and the host object of the chip that holds the keys attached to its driver (the
// ATECC608A's or the STSAFE-A120's). The destructor frees the PSA core and removes all of them.
// start() is the boot step every such application begins with: the driver registered, then
// psa_crypto_init.
#include <psa/crypto.h>

#include <cstdint>

#include "core/atecc/atecc.h"
#include "core/stsafe/stsafe.h"
#include "firmware/factory_provisioning/secure_elements.h"
#include "firmware/psa_application_boot/psa_device.h"
#include "hal/platform.h"

namespace kb::fw {

// What start() did: the driver's registration, then (when it succeeded) psa_crypto_init.
struct PsaStart {
  psa_status_t register_status = PSA_SUCCESS;
  bool init_ran = false;
  psa_status_t init_status = PSA_ERROR_BAD_STATE;
  // The first failure, or PSA_SUCCESS.
  psa_status_t status() const { return register_status != PSA_SUCCESS ? register_status : init_status; }
};

// "failed with status=-153 (PSA_ERROR_DATA_INVALID)" and a line end.
void print_psa_failure(hal::Console& out, psa_status_t status);

class PsaSession {
 public:
  PsaSession(hal::Platform& platform, const PsaDevice& device);
  ~PsaSession();
  PsaSession(const PsaSession&) = delete;
  PsaSession& operator=(const PsaSession&) = delete;

  const SecureElementDriver& driver() const { return driver_; }
  // "\tInitializing PSA Crypto... done." (or the failure): psa_register_se_driver of the chip's
  // driver, then psa_crypto_init.
  PsaStart start(hal::Console& out) const;

 private:
  const SecureElementDriver& driver_;
  core::atecc::Atecc atecc_;
  core::stsafe::Stsafe stsafe_;
};

}  // namespace kb::fw
