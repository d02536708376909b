#pragma once
// Host key provisioning for production: the host keys never cross the bus in plaintext, and the
// slot's control fields are left so that they never can (plaintext off, wrapped anonymous on,
// change right off). Two methods: write host key wrapped under a volatile KEK session (1F 08), or
// establish host key by ECDHE (1F 18), where the chip and host derive the keys and no key value
// is sent at all. Refuses, before writing anything, a chip whose control fields are frozen in a
// state that allows plaintext or forbids wrapped provisioning.
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/types.h"
#include "hal/platform.h"

namespace kb::fw {

enum class HostKeyMethod : uint8_t { kWrapped, kEcdhe };

struct HostKeyProvisioningWrappedOptions {
  uint8_t address7 = 0x20;
  HostKeyMethod method = HostKeyMethod::kWrapped;
  core::stsafe::HostKeyType key_type = core::stsafe::HostKeyType::kAes128;
  // Wrapped: the keys to write; both empty = the reference test keys (AES-128).
  std::span<const uint8_t> mac_key;
  std::span<const uint8_t> cipher_key;
  // ECDHE: where the derived keys go (host_key_length(key_type) bytes each), since only the host
  // and the chip will ever know them; empty = printed on the console only.
  std::span<uint8_t> derived_mac_key;
  std::span<uint8_t> derived_cipher_key;
  // Whether the frozen fields keep re-provisioning (wrapped or ECDHE only) open for key rotation.
  // false makes the slot write-once; a second run then finds the key and writes nothing.
  bool allow_reprovisioning = true;
};

// Ok when the host key is in place (written now, or already present in a write-once slot) and the
// control fields forbid plaintext; otherwise the status of the failed step, already reported.
core::Status run_host_key_provisioning_wrapped(hal::Platform& platform,
                                               const HostKeyProvisioningWrappedOptions& options);

}  // namespace kb::fw
