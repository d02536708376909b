#include "firmware/factory_provisioning/secure_elements.h"

#include "core/psa_se/atecc608a/atecc608a_se.h"
#include "core/psa_se/stsafe_a120/stsafe_a120_se.h"

namespace kb::fw {

namespace {

// The C tables rather than driver(), so these are constant-initialised.
namespace atecc = core::psa_se::atecc608a;
namespace stsafe = core::psa_se::stsafe_a120;

const SecureElementDriver kAtecc608a = {
    "ATECC608A",       atecc::kLocation,           atecc::kLifetime, &kb_atecc608a_se_driver,
    atecc::last_error, atecc::describe_last_error,
};
const SecureElementDriver kStsafeA120 = {
    "STSAFE-A120",      stsafe::kLocation,           stsafe::kLifetime, &kb_stsafe_a120_se_driver,
    stsafe::last_error, stsafe::describe_last_error,
};

}  // namespace

const SecureElementDriver& secure_element_driver(FactorySecureElement se) {
  return se == FactorySecureElement::kStsafeA120 ? kStsafeA120 : kAtecc608a;
}

}  // namespace kb::fw
