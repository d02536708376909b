#include "simulator/stsafe_a120/hash_algorithm_field.h"

#include <algorithm>

namespace kb::sim::stsafe_a120 {

namespace {
using crypto::hash::Algorithm;

// The NIST hash algorithm arc 2.16.840.1.101.3.4.2 and the last arc of each algorithm.
constexpr uint8_t kNistHashArc[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02};
constexpr uint8_t kSha1Oid[] = {0x2B, 0x0E, 0x03, 0x02, 0x1A};  // 1.3.14.3.2.26

uint8_t nist_last_arc(Algorithm algorithm) {
  switch (algorithm) {
    case Algorithm::kSha256: return 0x01;
    case Algorithm::kSha384: return 0x02;
    case Algorithm::kSha512: return 0x03;
    case Algorithm::kSha224: return 0x04;
    case Algorithm::kSha3_256: return 0x08;
    case Algorithm::kSha3_384: return 0x09;
    case Algorithm::kSha3_512: return 0x0A;
    case Algorithm::kSha1: break;
  }
  return 0x00;
}
}  // namespace

std::array<uint8_t, kHashAlgorithmFieldLength> hash_algorithm_field(Algorithm algorithm) {
  std::array<uint8_t, kHashAlgorithmFieldLength> field{};
  if (algorithm == Algorithm::kSha1) {
    field[1] = sizeof kSha1Oid;
    std::copy(std::begin(kSha1Oid), std::end(kSha1Oid), field.begin() + 2);
    return field;
  }
  field[1] = sizeof kNistHashArc + 1;
  std::copy(std::begin(kNistHashArc), std::end(kNistHashArc), field.begin() + 2);
  field[10] = nist_last_arc(algorithm);
  return field;
}

std::variant<Algorithm, Status> read_hash_algorithm_field(std::span<const uint8_t> bytes) {
  if (bytes.size() < kHashAlgorithmFieldLength) return Status::kInconsistentCommandData;
  const std::span<const uint8_t> field = bytes.first(kHashAlgorithmFieldLength);
  for (Algorithm a : crypto::hash::kAllAlgorithms) {
    const auto expected = hash_algorithm_field(a);
    if (std::equal(field.begin(), field.end(), expected.begin())) return a;
  }
  return Status::kValueOutOfRange;
}

}  // namespace kb::sim::stsafe_a120
