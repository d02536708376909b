#pragma once
// ATECC608A opcodes (fact sheet B6.1), named so that command files read like the fact sheet.
#include <cstdint>

namespace kb::core::atecc::opcode {

inline constexpr uint8_t kRead = 0x02;
inline constexpr uint8_t kMac = 0x08;
inline constexpr uint8_t kWrite = 0x12;
inline constexpr uint8_t kGenDig = 0x15;
inline constexpr uint8_t kNonce = 0x16;
inline constexpr uint8_t kLock = 0x17;
inline constexpr uint8_t kRandom = 0x1B;
inline constexpr uint8_t kDeriveKey = 0x1C;
inline constexpr uint8_t kUpdateExtra = 0x20;
inline constexpr uint8_t kCounter = 0x24;
inline constexpr uint8_t kCheckMac = 0x28;
inline constexpr uint8_t kInfo = 0x30;
inline constexpr uint8_t kGenKey = 0x40;
inline constexpr uint8_t kSign = 0x41;
inline constexpr uint8_t kEcdh = 0x43;
inline constexpr uint8_t kVerify = 0x45;
inline constexpr uint8_t kPrivWrite = 0x46;
inline constexpr uint8_t kSha = 0x47;
inline constexpr uint8_t kAes = 0x51;
inline constexpr uint8_t kKdf = 0x56;
inline constexpr uint8_t kSelfTest = 0x77;
inline constexpr uint8_t kSecureBoot = 0x80;

}  // namespace kb::core::atecc::opcode
