#pragma once
// Wrapped symmetric key provisioning, AES-256 CCM* (reference example 05, fact sheet 7.3): a host
// key and an open host session, an AES-256 key wrapped under a volatile KEK session into a CCM*
// slot (4-byte tag, no counter), the test message 00..0F encrypted by the chip with nonce 00..0C
// and AAD 8 x 5A, the result checked against the platform's own AES-CCM, decrypted by the chip
// and compared with the original.
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/types.h"
#include "hal/platform.h"

namespace kb::fw {

struct WrappedCcmOptions {
  uint8_t address7 = 0x20;
  // The fact sheet's example frames use slot 5 (7.3).
  uint8_t slot = 5;
  // Host keys the chip holds, or gets when it has none; both empty = the reference test keys.
  core::stsafe::HostKeyType host_key_type = core::stsafe::HostKeyType::kAes128;
  std::span<const uint8_t> host_mac_key;
  std::span<const uint8_t> host_cipher_key;
  // The AES-256 key to provision; empty = the reference's 32 x 5A.
  std::span<const uint8_t> key;
};

// Ok when the decrypted message equals the original and the chip's ciphertext and tag equal the
// platform's; otherwise the status of the failed step, already reported on the console (a
// mismatch or a failed tag is kResponseMac).
core::Status run_wrapped_ccm(hal::Platform& platform, const WrappedCcmOptions& options);

}  // namespace kb::fw
