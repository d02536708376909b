#pragma once
// The model's stand-in for the chip's true random generator: the same seed and the same command
// sequence give the same bytes, so a run can be replayed exactly.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace kb::sim::stsafe_a120 {

// Bytes for the counter-th generate-random command of a chip seeded with seed:
// AES-256-CTR keystream, key = SHA-256(seed as 8 bytes BE), initial counter block =
// counter (4 bytes BE) | 12 zero bytes. Distinct commands never share a keystream block because
// one command asks for at most 255 bytes (16 blocks).
std::vector<uint8_t> deterministic_random(uint64_t seed, uint32_t counter, size_t length);

}  // namespace kb::sim::stsafe_a120
