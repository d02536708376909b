#pragma once
// The hash algorithm identifier field (fact sheet 2.4), 11 bytes, always full size:
//   len (2, BE) | OID value, zero-padded to 9 bytes
// SHA-224/256/384/512 and SHA3-256/384/512 have a 9-byte OID (00 09 60 86 48 01 65 03 04 02 xx);
// SHA-1's is 5 bytes (00 05 2B 0E 03 02 1A 00 00 00 00).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>

#include "simulator/crypto/hash.h"
#include "simulator/stsafe_a120/status.h"

namespace kb::sim::stsafe_a120 {

inline constexpr size_t kHashAlgorithmFieldLength = 11;

std::array<uint8_t, kHashAlgorithmFieldLength> hash_algorithm_field(crypto::hash::Algorithm algorithm);

// The algorithm of the 11-byte field at the start of `bytes`: INCONSISTENT_COMMAND_DATA when fewer
// than 11 bytes are there, VALUE_OUT_OF_RANGE for a length or OID of no algorithm the chip knows
// or non-zero padding (**inference**: ST's library always sends zeros there).
std::variant<crypto::hash::Algorithm, Status> read_hash_algorithm_field(std::span<const uint8_t> bytes);

}  // namespace kb::sim::stsafe_a120
