#pragma once
// Derive keys (HKDF-SHA-256 inside the STSAFE-A120, extended command 0x10): a key derived from an
// input key and a salt the host supplies is returned to the host and checked against the
// platform's own HKDF, then an AES-128 CMAC key is derived into a slot of the chip's choosing and
// checked through a CMAC the chip computes with it. The target slot is opened to derivation first
// (control fields byte 0 bit 5) while its change right allows. When the command access table
// protects derive keys, the host secure session is opened first (host keys written when the chip
// has none, as the wrapped-key applications do).
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/types.h"
#include "hal/platform.h"

namespace kb::fw {

struct DeriveKeysOptions {
  uint8_t address7 = 0x20;
  // The slot opened to derivation; the chip stores the CMAC key in the first empty slot open to
  // derivation, so on a chip with other such slots the key may land elsewhere (the run says where).
  uint8_t slot = 9;
  // Input key material (16..32 bytes), salt and info of the returned key; empty = the values of
  // RFC 5869 test case 1 (22 x 0B, 00..0C, F0..F9).
  std::span<const uint8_t> input_key;
  std::span<const uint8_t> salt;
  std::span<const uint8_t> info;
  // Host keys for the session, used only when the access table protects derive keys; both empty =
  // the reference test keys (AES-128).
  core::stsafe::HostKeyType host_key_type = core::stsafe::HostKeyType::kAes128;
  std::span<const uint8_t> host_mac_key;
  std::span<const uint8_t> host_cipher_key;
};

// Ok when the returned key equals the platform's HKDF and the chip's CMAC under the stored key
// equals the platform's CMAC under the same derivation; otherwise the failed step's status, already
// reported on the console (a mismatch is kResponseMac).
core::Status run_derive_keys(hal::Platform& platform, const DeriveKeysOptions& options);

}  // namespace kb::fw
