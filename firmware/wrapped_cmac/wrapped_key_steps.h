#pragma once
// The steps the two wrapped symmetric-key applications (wrapped_cmac, wrapped_ccm) share: their
// title box, a host key and an open host session, a slot that accepts wrapped provisioning, and
// the wrapped write itself. Each step reports its own failure on the console.
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/stsafe.h"
#include "core/stsafe/types.h"
#include "hal/console.h"

namespace kb::fw::wrapped {

// The host keys the session uses: the reference test keys (AES-128) unless the caller gives both.
struct HostKeys {
  core::stsafe::HostKeyType type = core::stsafe::HostKeyType::kAes128;
  std::span<const uint8_t> mac_key;
  std::span<const uint8_t> cipher_key;
};

// kInvalidArgument (reported) when the keys do not fit their type; fills in the test keys.
core::Status resolve_host_keys(hal::Console& console, HostKeys& keys);

// The dashed title box of the reference examples; `algorithm` is the centred second line
// ("AES 128 CMAC", "AES 256 CCM*").
void print_banner(hal::Console& console, const char* algorithm);

// Prints " ## <step> ERROR : <what>" and returns `status`.
core::Status report(hal::Console& console, const char* step, core::Status status);

// A chip without a host key gets `keys`: wrapped when its control fields allow wrapped anonymous
// provisioning, else in plaintext when they allow that (development only), else kRefused. It says
// which on the console. Then the host session is opened with `keys`.
core::Status ensure_host_session(hal::Console& console, core::stsafe::Stsafe& se, const HostKeys& keys);

// A slot whose control fields do not allow wrapped anonymous provisioning is opened to it while
// its change right allows (ECDHE and wrapped anonymous set, change right cleared — the reference
// `03 FF FF` for a factory slot), else kRefused.
core::Status ensure_slot_accepts_wrapped(hal::Console& console, core::stsafe::Stsafe& se, uint8_t slot);

// The wrapped write of `key` under `info`, then a symmetric key table query that must show the
// slot filled with the type and mode of `info` (else kResponseMalformed).
core::Status provision_wrapped(hal::Console& console, core::stsafe::Stsafe& se,
                               const core::stsafe::SymmetricKeyInfo& info, std::span<const uint8_t> key);

}  // namespace kb::fw::wrapped
