#pragma once
// CheckMac (0x28, fact sheet B6.2): the chip computes the MAC a client should have answered to a
// challenge and compares it with the client's response. True on a match, false on the chip's
// miscompare.
#include <cstdint>
#include <span>

#include "core/atecc/atecc.h"

namespace kb::core::atecc::commands {

inline constexpr size_t kCheckMacChallengeBytes = 32;
inline constexpr size_t kCheckMacResponseBytes = 32;
inline constexpr size_t kCheckMacOtherDataBytes = 13;

// Every field is always sent (count 84), whichever the mode uses; wrong sizes → kInvalidArgument.
Result<Command> checkmac_command(uint8_t mode, uint16_t key_id, std::span<const uint8_t> challenge,
                                 std::span<const uint8_t> response, std::span<const uint8_t> other_data);
Result<bool> checkmac(Atecc& chip, uint8_t mode, uint16_t key_id, std::span<const uint8_t> challenge,
                      std::span<const uint8_t> response, std::span<const uint8_t> other_data);

}  // namespace kb::core::atecc::commands
