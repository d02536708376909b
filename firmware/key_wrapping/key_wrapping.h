#pragma once
// Key wrapping (ST's STSAFE-A120 key wrapping example): a local envelope round trip. The chip's
// wrap/unwrap key is generated when the slot has none (a slot that already holds one is used as
// it is), a payload is wrapped by the chip (AES key wrap under a key that never leaves it),
// unwrapped again and compared with the original. When the command access table protects wrap or
// unwrap, the host secure session is opened first (host keys written when the chip has none, as
// the wrapped-key applications do); when it does not, a warning says the secret crosses the bus
// in the clear.
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/envelope_password_types.h"
#include "core/stsafe/types.h"
#include "hal/platform.h"

namespace kb::fw {

struct KeyWrappingOptions {
  uint8_t address7 = 0x20;
  // ST's example: slot 0, AES-128.
  uint8_t slot = 0;
  core::stsafe::LocalEnvelopeKeyType key_type = core::stsafe::LocalEnvelopeKeyType::kAes128;
  // What to wrap; empty = ST's 16 bytes 00..0F.
  std::span<const uint8_t> payload;
  // Host keys for the session; both empty = the reference test keys (AES-128).
  core::stsafe::HostKeyType host_key_type = core::stsafe::HostKeyType::kAes128;
  std::span<const uint8_t> host_mac_key;
  std::span<const uint8_t> host_cipher_key;
};

// Ok when the unwrapped bytes equal the payload; otherwise the failed step's status, already
// reported on the console (a round trip that does not give the payload back is kResponseMac).
core::Status run_key_wrapping(hal::Platform& platform, const KeyWrappingOptions& options);

}  // namespace kb::fw
