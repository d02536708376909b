#pragma once
// What an application on the PSA core installs for its lifetime: the internal trusted storage, the
// random source, and the host object of the chip that holds the keys attached to its driver (the
// ATECC608A's or the STSAFE-A120's). The destructor frees the PSA core and removes all of them.
#include <psa/crypto.h>

#include <cstdint>

#include "core/atecc/atecc.h"
#include "core/its/its_store.h"
#include "core/psa/psa_platform.h"
#include "core/psa_se/atecc608a/atecc608a_se.h"
#include "core/psa_se/stsafe_a120/stsafe_a120_se.h"
#include "core/stsafe/stsafe.h"
#include "firmware/factory_provisioning/secure_elements.h"
#include "hal/platform.h"

namespace kb::fw {

class PsaSession {
 public:
  PsaSession(hal::Platform& platform, FactorySecureElement se, uint8_t atecc_address7, uint8_t stsafe_address7,
             core::its::ItsStore* its)
      : driver_(secure_element_driver(se)),
        atecc_(platform.i2c, platform.clock, transport(atecc_address7)),
        stsafe_(platform.i2c, platform.clock, stsafe_address7) {
    core::psa::set_its_store(its);
    core::psa::set_random_source(&platform.crypto);
    if (se == FactorySecureElement::kStsafeA120) {
      core::psa_se::stsafe_a120::attach(&stsafe_, &platform.crypto);
    } else {
      core::psa_se::atecc608a::attach(&atecc_);
    }
  }
  ~PsaSession() {
    mbedtls_psa_crypto_free();
    core::psa_se::atecc608a::attach(nullptr);
    core::psa_se::stsafe_a120::attach(nullptr, nullptr);
    core::psa::set_its_store(nullptr);
    core::psa::set_random_source(nullptr);
  }
  PsaSession(const PsaSession&) = delete;
  PsaSession& operator=(const PsaSession&) = delete;

  const SecureElementDriver& driver() const { return driver_; }

 private:
  static core::atecc::TransportOptions transport(uint8_t address7) {
    core::atecc::TransportOptions t;
    t.address7 = address7;
    return t;
  }
  const SecureElementDriver& driver_;
  core::atecc::Atecc atecc_;
  core::stsafe::Stsafe stsafe_;
};

}  // namespace kb::fw
