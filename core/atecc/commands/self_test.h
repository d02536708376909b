#pragma once
// SelfTest (0x77, fact sheet B6.2, 608 only): run the chip's built-in tests. The answer is a
// result byte, not a status: the bits of the tests that failed.
#include <cstdint>

#include "core/atecc/atecc.h"

namespace kb::core::atecc::commands {

// cryptoauthlib's SELFTEST_MODE_* bits; together they make 0x3B.
namespace self_test_bits {
inline constexpr uint8_t kRng = 0x01;
inline constexpr uint8_t kEcdsa = 0x02;
inline constexpr uint8_t kEcdh = 0x08;
inline constexpr uint8_t kAes = 0x10;
inline constexpr uint8_t kSha = 0x20;
inline constexpr uint8_t kAll = 0x3B;
}  // namespace self_test_bits

Command self_test_command(uint8_t tests);

// The bits of the failed tests, 0 when all passed. A chip fails only tests it ran, so a byte
// with bits outside `tests` is a status (parse error, execution error ...) and comes back as
// Status::device. Codes whose bits are all inside `tests` (0x01, 0x03, 0x08 ...) cannot be told
// from results; they read as results.
Result<uint8_t> self_test(Atecc& chip, uint8_t tests = self_test_bits::kAll);

}  // namespace kb::core::atecc::commands
