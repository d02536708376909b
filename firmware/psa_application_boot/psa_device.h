#pragma once
// Where the applications on the PSA core find the device a factory run provisioned: the chip that
// holds keys 16 and 18, the bus addresses of both chips, and the internal trusted storage the PSA
// core keeps its key files in. The application boot and the key destruction take it as it is.
#include <cstdint>

#include "core/its/its_store.h"
#include "firmware/factory_provisioning/secure_elements.h"

namespace kb::fw {

struct PsaDevice {
  // The chip that holds keys 16 and 18, as the factory application was told.
  FactorySecureElement se = FactorySecureElement::kAtecc608a;
  uint8_t address7 = 0x60;  // the ATECC608A's
  uint8_t stsafe_address7 = 0x20;
  core::its::ItsStore* its = nullptr;  // required
};

}  // namespace kb::fw
