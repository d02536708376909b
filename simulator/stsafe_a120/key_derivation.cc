#include "simulator/stsafe_a120/key_derivation.h"

#include "simulator/stsafe_a120/chip_crypto.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr size_t kKekLength = 32;
// Key-type tags of fact sheet 4.1 step 6 and 4.5.
constexpr uint8_t kVolatileBaseKek = 0x10;
constexpr uint8_t kVolatileWorkingKek = 0x11;
constexpr uint8_t kEstablishedKeys[] = {0x12, 0x13};

std::vector<uint8_t> concat(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  std::vector<uint8_t> out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}
}  // namespace

std::vector<uint8_t> derive_base_kek(std::span<const uint8_t> shared_x, std::span<const uint8_t> chip_public_xy,
                                     std::span<const uint8_t> host_public_xy) {
  return chip_crypto::hkdf_sha256(kKeyDerivationSalt, shared_x, concat(chip_public_xy, host_public_xy), kKekLength);
}

std::vector<uint8_t> derive_working_kek(std::span<const uint8_t> base_kek, uint8_t k) {
  const uint8_t info[] = {kVolatileBaseKek, kVolatileWorkingKek, k};
  return chip_crypto::hkdf_sha256(kKeyDerivationSalt, base_kek, info, kKekLength);
}

std::vector<uint8_t> derive_host_keys(std::span<const uint8_t> shared_x, std::span<const uint8_t> host_public_xy,
                                      std::span<const uint8_t> chip_public_xy, size_t key_length) {
  return chip_crypto::hkdf_sha256(kKeyDerivationSalt, shared_x, concat(host_public_xy, chip_public_xy), 2 * key_length);
}

std::vector<uint8_t> derive_symmetric_key_material(std::span<const uint8_t> shared_x, size_t length) {
  return chip_crypto::hkdf_sha256(kKeyDerivationSalt, shared_x, kEstablishedKeys, length);
}

}  // namespace kb::sim::stsafe_a120
