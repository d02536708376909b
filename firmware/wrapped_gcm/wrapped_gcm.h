#pragma once
// Wrapped symmetric key provisioning, AES-256 GCM: the wrapped CCM* application's steps (a host
// key and an open host session, an AES-256 key wrapped under a volatile KEK session) into a GCM
// slot (16-byte tag; ST publishes no GCM example, so the slot, IV and tag are keybench's choice),
// the test message 00..0F encrypted by the chip with IV 00..0B and AAD 8 x 5A, the result checked
// against the platform's own AES-GCM, decrypted by the chip and compared with the original, and a
// tampered tag refused by the chip.
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/types.h"
#include "hal/platform.h"

namespace kb::fw {

struct WrappedGcmOptions {
  uint8_t address7 = 0x20;
  uint8_t slot = 8;
  // Host keys the chip holds, or gets when it has none; both empty = the reference test keys.
  core::stsafe::HostKeyType host_key_type = core::stsafe::HostKeyType::kAes128;
  std::span<const uint8_t> host_mac_key;
  std::span<const uint8_t> host_cipher_key;
  // The AES-256 key to provision; empty = 32 x 5A (the CCM* example's key).
  std::span<const uint8_t> key;
};

// Ok when the chip's ciphertext and tag equal the platform's, the decrypted message equals the
// original and the tampered tag is refused; otherwise the status of the failed step, already
// reported on the console (a mismatch, a failed tag or an accepted tampered tag is kResponseMac).
core::Status run_wrapped_gcm(hal::Platform& platform, const WrappedGcmOptions& options);

}  // namespace kb::fw
