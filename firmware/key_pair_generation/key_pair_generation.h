#pragma once
// Key pair generation (ST's key pair generation examples, on every curve of fact sheet 2.4): a key
// pair generated in a private key slot, its public key printed, then proven. On a signing curve the
// chip signs a random digest (ECDSA) or message (Ed25519), and both the chip's verify signature and
// the host's own crypto check the signature against the printed public key; on X25519 the chip and
// the host derive an ECDH secret from the new key and a host ephemeral key and compare them.
#include <cstdint>

#include "core/status.h"
#include "core/stsafe/types.h"
#include "hal/platform.h"

namespace kb::fw {

struct KeyPairGenerationOptions {
  uint8_t address7 = 0x20;
  core::stsafe::EccCurve curve = core::stsafe::EccCurve::kNistP256;
  // ST's examples use slot 1: slot 0 holds the factory key on a personalised chip.
  uint8_t slot = 1;
  // The examples' usage limit; 0 asks for a key without one.
  uint16_t usage_limit = 255;
};

// Ok when the key pair was generated and proven; otherwise the status of the failed step, already
// reported on the console (a signature or secret that does not check out is kCheckFailed).
core::Status run_key_pair_generation(hal::Platform& platform, const KeyPairGenerationOptions& options);

}  // namespace kb::fw
