#pragma once
// The hash algorithms of the STSAFE-A120 and their identifier field (fact sheet 2.4): 11 bytes,
// always full size, `len (2, BE) | OID value` zero-padded to 9 bytes.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace kb::core::stsafe {

enum class HashAlgorithm : uint8_t {
  kSha1 = 0,
  kSha224 = 1,
  kSha256 = 2,
  kSha384 = 3,
  kSha512 = 4,
  kSha3_256 = 5,
  kSha3_384 = 6,
  kSha3_512 = 7,
};
inline constexpr size_t kHashAlgorithmIdBytes = 11;
inline constexpr size_t kMaxDigestBytes = 64;

// 20, 28, 32, 48, 64, 32, 48, 64; 0 for a value that is no algorithm.
size_t digest_bytes(HashAlgorithm algorithm);
// "SHA-256", "SHA3-512", ...
const char* hash_algorithm_name(HashAlgorithm algorithm);
// The 11-byte identifier field; all zeros for a value that is no algorithm.
std::array<uint8_t, kHashAlgorithmIdBytes> hash_algorithm_id(HashAlgorithm algorithm);

}  // namespace kb::core::stsafe
