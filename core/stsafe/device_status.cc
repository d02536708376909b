#include "core/stsafe/device_status.h"

namespace kb::core::stsafe {

// STSAFE-A status bytes (low five bits of the response header), named as the fact sheet lists them.
const char* device_status_name(uint8_t s) {
  static const char* const kNames[32] = {
      "ok",
      "communication error",
      "inconsistent command data",
      "value out of range",
      "command code not supported",
      "unexpected error",
      "buffer length exceeded",
      "session error",
      "too many messages lost",
      "C-MAC counter maximum reached",
      "key not found",
      "key blocked",
      "wrong key type",
      "session counter out of range",
      "unknown",
      "invalid life cycle state",
      "entry not found",
      "access condition not satisfied",
      "wrong zone type",
      "counter limit exceeded",
      "boundary exceeded",
      "invalid private key",
      "invalid C-MAC",
      "challenge missing",
      "command decryption error",
      "invalid public key",
      "password blocked",
      "wrong key usage",
      "wrong mode of operation",
      "wrong MAC length",
      "command not authorized",
      "old message",
  };
  return s < 32 ? kNames[s] : "unknown";
}

}  // namespace kb::core::stsafe
