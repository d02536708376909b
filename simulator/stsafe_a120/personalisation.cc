#include "simulator/stsafe_a120/personalisation.h"

#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string_view>

#include "simulator/crypto/ec.h"
#include "simulator/crypto/hash.h"
#include "simulator/crypto/x509.h"

namespace kb::sim::stsafe_a120 {

namespace {
using crypto::ec::Curve;
using crypto::hash::Algorithm;

// Validity of both certificates: 2024-01-01 to 2054-01-01 UTC, thirty years as on ST's published
// STSAFE-A production CA (2018-07-27 to 2048-07-27).
constexpr int64_t kNotBefore = 1704067200;
constexpr int64_t kNotAfter = 2650838400;

// SHA-256(label | seed (8, BE) | counter (4, BE)): the model's derivation of everything the factory
// puts into a chip, kept apart from the chip's generate-random stream by the label.
std::vector<uint8_t> derive(std::string_view label, uint64_t seed, uint32_t counter) {
  std::vector<uint8_t> input(label.begin(), label.end());
  for (int i = 7; i >= 0; --i) input.push_back(static_cast<uint8_t>(seed >> (8 * i)));
  for (int i = 3; i >= 0; --i) input.push_back(static_cast<uint8_t>(counter >> (8 * i)));
  return crypto::hash::digest(Algorithm::kSha256, input);
}

std::vector<uint8_t> derive_bytes(std::string_view label, uint64_t seed, size_t length) {
  std::vector<uint8_t> out;
  for (uint32_t counter = 0; out.size() < length; ++counter) {
    for (uint8_t b : derive(label, seed, counter)) {
      if (out.size() < length) out.push_back(b);
    }
  }
  return out;
}

std::vector<uint8_t> derive_p256_key(std::string_view label, uint64_t seed) {
  for (uint32_t attempt = 0;; ++attempt) {
    if (auto key = crypto::ec::private_key_from_random(Curve::kNistP256, derive(label, seed, attempt))) return *key;
  }
}

std::string hex(const std::vector<uint8_t>& bytes) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string s;
  for (uint8_t b : bytes) {
    s += kDigits[b >> 4];
    s += kDigits[b & 0x0F];
  }
  return s;
}

FactoryPersonalisation compute(uint64_t seed) {
  namespace x509 = crypto::x509;
  FactoryPersonalisation p;
  p.ca_private_key = derive_p256_key("keybench bench CA key", seed);
  p.device_private_key = derive_p256_key("keybench device key slot 0", seed);
  p.device_serial = derive_bytes("keybench device serial", seed, kDeviceSerialLength);
  p.device_serial[0] = static_cast<uint8_t>((p.device_serial[0] & 0x3F) | 0x40);  // positive, 11 bytes in DER

  const x509::Name ca_name{"NL", "keybench", "keybench STSAFE-A120 bench CA 01"};
  x509::CertificateSpec ca;
  ca.serial = {0x01};
  ca.issuer = ca_name;
  ca.subject = ca_name;
  ca.not_before = kNotBefore;
  ca.not_after = kNotAfter;
  ca.subject_public_key = *crypto::ec::public_key(Curve::kNistP256, p.ca_private_key);
  ca.ca = true;
  p.ca_certificate =
      x509::issue_p256(ca, p.ca_private_key, derive_bytes("keybench CA signature", seed, x509::kSignEntropyLength));

  x509::CertificateSpec leaf;
  leaf.serial = p.device_serial;
  leaf.issuer = ca_name;
  leaf.subject = x509::Name{"NL", "keybench", "STSAFE-A120 " + hex(p.device_serial)};
  leaf.not_before = kNotBefore;
  leaf.not_after = kNotAfter;
  leaf.subject_public_key = *crypto::ec::public_key(Curve::kNistP256, p.device_private_key);
  p.device_certificate = x509::issue_p256(
      leaf, p.ca_private_key, derive_bytes("keybench device certificate signature", seed, x509::kSignEntropyLength));
  return p;
}
}  // namespace

const FactoryPersonalisation& factory_personalisation(uint64_t seed) {
  static std::mutex mutex;
  static std::map<uint64_t, std::unique_ptr<const FactoryPersonalisation>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto& entry = cache[seed];
  if (!entry) entry = std::make_unique<const FactoryPersonalisation>(compute(seed));
  return *entry;
}

void personalise(State& s) {
  const FactoryPersonalisation& p = factory_personalisation(s.random_seed);
  const std::optional<size_t> zone = find_zone(s.data_partitions, kCertificateZone);
  if (!zone) throw std::invalid_argument("no data partition zone 0 for the device certificate");
  DataPartition& z = s.data_partitions[*zone];
  if (z.type != ZoneType::kData) throw std::invalid_argument("zone 0 is a counter zone, not a certificate zone");
  if (z.data.size() < p.device_certificate.size()) {
    throw std::invalid_argument("zone 0 (" + std::to_string(z.data.size()) + " bytes) cannot hold the " +
                                std::to_string(p.device_certificate.size()) + "-byte device certificate");
  }
  std::fill(z.data.begin(), z.data.end(), uint8_t{0x00});
  std::copy(p.device_certificate.begin(), p.device_certificate.end(), z.data.begin());

  PrivateKeySlot& slot = s.private_keys.slots[kDevicePrivateKeySlot];
  slot.mode = factory_private_key_table().slots[kDevicePrivateKeySlot].mode;
  slot.present = true;
  slot.curve = Curve::kNistP256;
  slot.private_key = p.device_private_key;
  slot.usage_limit = kNoUsageLimit;
  slot.uses_left = 0;
}

}  // namespace kb::sim::stsafe_a120
