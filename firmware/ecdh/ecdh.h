#pragma once
// ECDH between the host and a private key slot (ST's ECDH example, on every Weierstrass curve of
// fact sheet 2.4 and X25519): a key pair generated in the slot, a host ephemeral key pair, the
// chip's Establish key (0x18) with the host's public key, the host's own ECDH with the slot's
// public key, and the two secrets compared.
#include <cstdint>

#include "core/status.h"
#include "core/stsafe/types.h"
#include "hal/platform.h"

namespace kb::fw {

struct EcdhOptions {
  uint8_t address7 = 0x20;
  // Ed25519 has no key agreement: kInvalidArgument before anything is sent.
  core::stsafe::EccCurve curve = core::stsafe::EccCurve::kNistP256;
  // A slot other than key_pair_generation's 1 and the factory key's 0.
  uint8_t slot = 2;
  uint16_t usage_limit = 255;
};

// Ok when both sides derived the same secret; otherwise the status of the failed step, already
// reported on the console (secrets that differ are kCheckFailed).
core::Status run_ecdh(hal::Platform& platform, const EcdhOptions& options);

}  // namespace kb::fw
