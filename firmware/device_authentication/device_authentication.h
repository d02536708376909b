#pragma once
// Device authentication of an STSAFE-A120 (ST's reference examples 01_Device_authentication and
// 01_Device_authentication_multi_steps): read the device certificate from data zone 0 — its size
// from the DER header, then the bytes in chunks — check it against the CA the host trusts, have
// the chip sign a fresh random challenge with the private key in slot 0, and verify that
// signature with the certificate's public key. The multi-step variant first has the chip hash
// the challenge (Start/Finish Hash, SHA-256) and signs that digest.
#include <cstdint>
#include <span>

#include "core/status.h"
#include "hal/certificates.h"
#include "hal/platform.h"

namespace kb::fw {

struct DeviceAuthenticationOptions {
  uint8_t address7 = 0x20;
  uint8_t certificate_zone = 0;
  uint8_t private_key_slot = 0;
  // The CA certificate (DER) the device certificate must chain to.
  std::span<const uint8_t> ca_certificate;
  // The platform's X.509 (OpenSSL on a host); null where there is none, and the run stops before
  // trusting anything.
  hal::CertificateVerifier* certificates = nullptr;
  // Hash the challenge with the chip's hash commands and have the digest signed.
  bool multistep = false;
  // Bytes per Read command (ST's stse_get_device_certificate reads 255 at a time); 1..747.
  uint16_t read_chunk = 255;
};

// The largest certificate the application reads (zone 0 of an SPL05 chip is 1000 bytes).
inline constexpr size_t kMaxDeviceCertificateBytes = 2048;

// Ok only when the certificate chains to the CA and the chip's signature of the challenge verifies
// under the certificate's key. Otherwise the status of the failed step, reported on the console:
// no certificate in the zone → kNotProvisioned; a certificate that does not chain, is not P-256,
// or a signature that does not verify → kRefused; the chip's own refusals as device statuses.
core::Status run_device_authentication(hal::Platform& platform, const DeviceAuthenticationOptions& options);

}  // namespace kb::fw
