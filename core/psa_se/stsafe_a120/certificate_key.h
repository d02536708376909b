#pragma once
// The public key of a private key slot, learnt from the device certificate a personalised
// STSAFE-A120 carries in a data zone (zone 0: the certificate from byte 0, fact sheet and
// docs/fidelity.md "Factory personalisation"). The chip itself has no command that reads the
// public key of a private slot. The certificate is parsed by Mbed TLS's X.509 module, and the key
// is accepted only when it verifies (on the platform's crypto) a signature the slot makes over a
// fixed digest, so a zone that certifies another key is never taken for the slot's.
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/ecc_fields.h"
#include "core/stsafe/stsafe.h"
#include "hal/crypto.h"

namespace kb::core::psa_se::stsafe_a120 {

// ok with X||Y in `xy`. kNotProvisioned when the zone holds no P-256 certificate, or one whose key
// is not the slot's; the chip's refusals (a zone that does not exist, a slot that may not sign)
// as its statuses; kCrypto when the platform's crypto fails. `command` names the STSAFE command a
// chip failure came from.
Status certified_public_key(stsafe::Stsafe& chip, hal::Crypto& crypto, uint8_t zone, uint8_t slot,
                            std::span<uint8_t, stsafe::kP256PublicKeyBytes> xy, const char** command);

}  // namespace kb::core::psa_se::stsafe_a120
