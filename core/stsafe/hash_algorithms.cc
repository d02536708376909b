#include "core/stsafe/hash_algorithms.h"

namespace kb::core::stsafe {

size_t digest_bytes(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::kSha1: return 20;
    case HashAlgorithm::kSha224: return 28;
    case HashAlgorithm::kSha256: return 32;
    case HashAlgorithm::kSha384: return 48;
    case HashAlgorithm::kSha512: return 64;
    case HashAlgorithm::kSha3_256: return 32;
    case HashAlgorithm::kSha3_384: return 48;
    case HashAlgorithm::kSha3_512: return 64;
  }
  return 0;
}

const char* hash_algorithm_name(HashAlgorithm algorithm) {
  switch (algorithm) {
    case HashAlgorithm::kSha1: return "SHA-1";
    case HashAlgorithm::kSha224: return "SHA-224";
    case HashAlgorithm::kSha256: return "SHA-256";
    case HashAlgorithm::kSha384: return "SHA-384";
    case HashAlgorithm::kSha512: return "SHA-512";
    case HashAlgorithm::kSha3_256: return "SHA3-256";
    case HashAlgorithm::kSha3_384: return "SHA3-384";
    case HashAlgorithm::kSha3_512: return "SHA3-512";
  }
  return "unknown";
}

std::array<uint8_t, kHashAlgorithmIdBytes> hash_algorithm_id(HashAlgorithm algorithm) {
  // 2.16.840.1.101.3.4.2.x: the NIST hash algorithms; x per algorithm.
  uint8_t nist_arc = 0;
  switch (algorithm) {
    case HashAlgorithm::kSha1:
      // 1.3.14.3.2.26, a 5-byte OID, then 4 bytes of padding.
      return {0x00, 0x05, 0x2B, 0x0E, 0x03, 0x02, 0x1A, 0x00, 0x00, 0x00, 0x00};
    case HashAlgorithm::kSha256: nist_arc = 0x01; break;
    case HashAlgorithm::kSha384: nist_arc = 0x02; break;
    case HashAlgorithm::kSha512: nist_arc = 0x03; break;
    case HashAlgorithm::kSha224: nist_arc = 0x04; break;
    case HashAlgorithm::kSha3_256: nist_arc = 0x08; break;
    case HashAlgorithm::kSha3_384: nist_arc = 0x09; break;
    case HashAlgorithm::kSha3_512: nist_arc = 0x0A; break;
    default: return {};
  }
  return {0x00, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, nist_arc};
}

}  // namespace kb::core::stsafe
