#include "core/stsafe/key_derivation.h"

#include <algorithm>

#include "core/stsafe/wipe.h"

namespace kb::core::stsafe {

namespace {

// Key-type tags of the volatile KEKs (0x10 base, 0x11 working) and of ECDHE symmetric keys.
constexpr uint8_t kVolatileBaseKekTag = 0x10;
constexpr uint8_t kVolatileWorkingKekTag = 0x11;
constexpr std::array<uint8_t, 2> kSymmetricKeysInfo = {0x12, 0x13};

Status hkdf(hal::Crypto& crypto, std::span<const uint8_t> ikm, std::span<const uint8_t> info, std::span<uint8_t> okm) {
  return crypto.hkdf_sha256(kKeyDerivationSalt, ikm, info, okm) == hal::CryptoResult::kOk ? Status()
                                                                                          : Status(Code::kCrypto);
}

// first || second, both raw X||Y.
std::array<uint8_t, 2 * kP256PublicKeyBytes> concat_public_keys(std::span<const uint8_t, kP256PublicKeyBytes> first,
                                                                std::span<const uint8_t, kP256PublicKeyBytes> second) {
  std::array<uint8_t, 2 * kP256PublicKeyBytes> info{};
  std::copy(first.begin(), first.end(), info.begin());
  std::copy(second.begin(), second.end(), info.begin() + kP256PublicKeyBytes);
  return info;
}

}  // namespace

Status derive_base_kek(hal::Crypto& crypto, std::span<const uint8_t, kP256SharedSecretBytes> shared_x,
                       std::span<const uint8_t, kP256PublicKeyBytes> chip_public,
                       std::span<const uint8_t, kP256PublicKeyBytes> host_public, std::span<uint8_t, kKekBytes> out) {
  const auto info = concat_public_keys(chip_public, host_public);
  return hkdf(crypto, shared_x, info, out);
}

Status derive_working_kek(hal::Crypto& crypto, std::span<const uint8_t, kKekBytes> base_kek, uint8_t k,
                          std::span<uint8_t, kKekBytes> out) {
  const uint8_t info[] = {kVolatileBaseKekTag, kVolatileWorkingKekTag, k};
  return hkdf(crypto, base_kek, info, out);
}

Status derive_host_keys(hal::Crypto& crypto, std::span<const uint8_t, kP256SharedSecretBytes> shared_x,
                        std::span<const uint8_t, kP256PublicKeyBytes> host_public,
                        std::span<const uint8_t, kP256PublicKeyBytes> chip_public, HostKeyType type,
                        std::span<uint8_t> mac_key, std::span<uint8_t> cipher_key) {
  if (type != HostKeyType::kAes128 && type != HostKeyType::kAes256) return Code::kInvalidArgument;
  const size_t key_length = host_key_length(type);
  if (mac_key.size() != key_length || cipher_key.size() != key_length) return Code::kInvalidArgument;
  const auto info = concat_public_keys(host_public, chip_public);
  std::array<uint8_t, 64> okm{};
  const std::span<uint8_t> used = std::span<uint8_t>(okm).first(2 * key_length);
  Status s = hkdf(crypto, shared_x, info, used);
  if (s.ok()) {
    std::copy_n(used.begin(), key_length, mac_key.begin());
    std::copy_n(used.begin() + static_cast<std::ptrdiff_t>(key_length), key_length, cipher_key.begin());
  }
  wipe(okm);
  return s;
}

Status derive_symmetric_keys(hal::Crypto& crypto, std::span<const uint8_t, kP256SharedSecretBytes> shared_x,
                             std::span<uint8_t> okm) {
  if (okm.size() <= kConfirmationKeyBytes) return Code::kInvalidArgument;
  return hkdf(crypto, shared_x, kSymmetricKeysInfo, okm);
}

}  // namespace kb::core::stsafe
