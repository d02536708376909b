#pragma once
// The factory personalisation of a model STSAFE-A120, derived from the chip's random seed: a bench
// CA (P-256 key and self-signed certificate), the device key in private key slot 0, and the device's
// X.509 leaf certificate for that key, signed by the CA, at the start of data partition zone 0
// (fact sheet 2.5: "partition 0 holds the device certificate"). The same seed gives the same keys
// and byte-identical certificates. Names, serial and validity are the model's (docs/fidelity.md).
#include <cstdint>
#include <string>
#include <vector>

#include "simulator/stsafe_a120/state.h"

namespace kb::sim::stsafe_a120 {

inline constexpr uint8_t kCertificateZone = 0;
inline constexpr uint8_t kDevicePrivateKeySlot = 0;
// STSELib's stse_get_device_id reads 11 bytes at offset 15 of the certificate: the serial number
// of a DER certificate with 2-byte lengths. The model's serials are 11 bytes so that it finds one.
inline constexpr size_t kDeviceSerialLength = 11;

struct FactoryPersonalisation {
  std::vector<uint8_t> ca_private_key;      // P-256, 32 bytes
  std::vector<uint8_t> ca_certificate;      // DER, self-signed
  std::vector<uint8_t> device_private_key;  // P-256, 32 bytes: private key slot 0
  std::vector<uint8_t> device_serial;       // kDeviceSerialLength bytes
  std::vector<uint8_t> device_certificate;  // DER, issued by the CA: zone 0
};

// Computed once per seed and kept (thread-safe).
const FactoryPersonalisation& factory_personalisation(uint64_t seed);

// Puts the personalisation of s.random_seed into s: slot 0 gets the device key (present, P-256, the
// factory slot-0 mode), zone 0's first bytes the certificate and the rest 00. Throws
// std::invalid_argument when the state has no zone 0 or it cannot hold the certificate.
void personalise(State& s);

}  // namespace kb::sim::stsafe_a120
