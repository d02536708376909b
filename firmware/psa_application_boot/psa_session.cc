#include "firmware/psa_application_boot/psa_session.h"

#include "core/psa/psa_platform.h"
#include "core/psa_se/atecc608a/atecc608a_se.h"
#include "core/psa_se/stsafe_a120/stsafe_a120_se.h"

namespace kb::fw {

namespace {

core::atecc::TransportOptions transport(uint8_t address7) {
  core::atecc::TransportOptions t;
  t.address7 = address7;
  return t;
}

}  // namespace

void print_psa_failure(hal::Console& out, psa_status_t status) {
  out.print("failed with status=%ld (%s)\n", static_cast<long>(status), core::psa::psa_status_name(status));
}

PsaSession::PsaSession(hal::Platform& platform, const PsaDevice& device)
    : driver_(secure_element_driver(device.se)),
      atecc_(platform.i2c, platform.clock, transport(device.address7)),
      stsafe_(platform.i2c, platform.clock, device.stsafe_address7) {
  core::psa::set_its_store(device.its);
  core::psa::set_random_source(&platform.crypto);
  if (device.se == FactorySecureElement::kStsafeA120) {
    core::psa_se::stsafe_a120::attach(&stsafe_, &platform.crypto);
  } else {
    core::psa_se::atecc608a::attach(&atecc_);
  }
}

PsaSession::~PsaSession() {
  mbedtls_psa_crypto_free();
  core::psa_se::atecc608a::attach(nullptr);
  core::psa_se::stsafe_a120::attach(nullptr, nullptr);
  core::psa::set_its_store(nullptr);
  core::psa::set_random_source(nullptr);
}

PsaStart PsaSession::start(hal::Console& out) const {
  PsaStart s;
  out.print("\tInitializing PSA Crypto... ");
  s.register_status = psa_register_se_driver(driver_.location, driver_.methods);
  if (s.register_status == PSA_SUCCESS) {
    s.init_ran = true;
    s.init_status = psa_crypto_init();
  }
  if (s.status() == PSA_SUCCESS) {
    out.print("done.\n");
  } else {
    print_psa_failure(out, s.status());
  }
  return s;
}

}  // namespace kb::fw
