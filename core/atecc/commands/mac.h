#pragma once
// MAC (0x08, fact sheet B6.2): SHA-256 digest of a slot's key with a 32-byte challenge (sent
// along, or taken from TempKey) and optional OTP and serial bytes, chosen by the mode.
#include <cstdint>
#include <span>

#include "core/atecc/atecc.h"

namespace kb::core::atecc::commands {

inline constexpr size_t kMacChallengeBytes = 32;
inline constexpr size_t kMacDigestBytes = 32;

namespace mac_mode {
inline constexpr uint8_t kBlock2TempKey = 0x01;  // the challenge comes from TempKey, none is sent
inline constexpr uint8_t kBlock1TempKey = 0x02;  // TempKey instead of the slot's key
inline constexpr uint8_t kSourceFlag = 0x04;     // must match TempKey.SourceFlag
inline constexpr uint8_t kIncludeOtp88 = 0x10;
inline constexpr uint8_t kIncludeOtp64 = 0x20;
inline constexpr uint8_t kIncludeSerial = 0x40;
}  // namespace mac_mode

// challenge: 32 bytes unless mode has kBlock2TempKey, then empty (count 39 or 7).
Result<Command> mac_command(uint8_t mode, uint16_t key_id, std::span<const uint8_t> challenge);
Status mac(Atecc& chip, uint8_t mode, uint16_t key_id, std::span<const uint8_t> challenge,
           std::span<uint8_t, kMacDigestBytes> digest);

}  // namespace kb::core::atecc::commands
