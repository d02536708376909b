#pragma once
// Wrapped symmetric key provisioning, AES-128 CMAC (reference example 05, fact sheet 7.2): a host
// key and an open host session, an AES-128 key wrapped under a volatile KEK session into a CMAC
// slot, a 4-byte CMAC of the test message 00..0F computed by the chip, checked by the chip's
// verify MAC and by the platform's own AES-CMAC.
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/types.h"
#include "hal/platform.h"

namespace kb::fw {

struct WrappedCmacOptions {
  uint8_t address7 = 0x20;
  // The fact sheet's example frames use slot 3 (7.2).
  uint8_t slot = 3;
  // Host keys the chip holds, or gets when it has none; both empty = the reference test keys.
  core::stsafe::HostKeyType host_key_type = core::stsafe::HostKeyType::kAes128;
  std::span<const uint8_t> host_mac_key;
  std::span<const uint8_t> host_cipher_key;
  // The AES-128 key to provision; empty = the reference's 16 x 5A.
  std::span<const uint8_t> key;
};

// Ok when the chip's CMAC verified on both sides; otherwise the status of the failed step, already
// reported on the console (a CMAC that does not verify is kResponseMac).
core::Status run_wrapped_cmac(hal::Platform& platform, const WrappedCmacOptions& options);

}  // namespace kb::fw
