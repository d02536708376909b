#pragma once
// The secure elements the factory application runs on, each by its PSA driver: where the driver
// is registered, the lifetime of its keys, and how it names a chip's refusal.
#include <psa/crypto.h>
#include <psa/crypto_se_driver.h>

#include <cstddef>
#include <cstdint>

#include "core/status.h"

namespace kb::fw {

enum class FactorySecureElement : uint8_t { kAtecc608a, kStsafeA120 };

struct SecureElementDriver {
  const char* name;  // "ATECC608A", "STSAFE-A120"
  psa_key_location_t location;
  psa_key_lifetime_t lifetime;
  const psa_drv_se_t* methods;
  core::Status (*last_error)();
  const char* (*describe_last_error)(char* out, size_t out_len);
};

const SecureElementDriver& secure_element_driver(FactorySecureElement se);

}  // namespace kb::fw
