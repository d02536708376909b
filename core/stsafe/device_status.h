#pragma once
#include <cstdint>

namespace kb::core::stsafe {

// Status byte values the STSAFE-A120 answers in the low five bits of a response header.
namespace device_status {
inline constexpr uint8_t kOk = 0x00;
inline constexpr uint8_t kCommunicationError = 0x01;
inline constexpr uint8_t kInconsistentCommandData = 0x02;
inline constexpr uint8_t kValueOutOfRange = 0x03;
inline constexpr uint8_t kCommandCodeNotSupported = 0x04;
inline constexpr uint8_t kUnexpectedError = 0x05;
inline constexpr uint8_t kBufferLengthExceeded = 0x06;
inline constexpr uint8_t kSessionError = 0x07;
inline constexpr uint8_t kCMacCounterMaximumReached = 0x09;
inline constexpr uint8_t kKeyNotFound = 0x0A;
inline constexpr uint8_t kWrongKeyType = 0x0C;
inline constexpr uint8_t kInvalidLifeCycleState = 0x0F;
inline constexpr uint8_t kEntryNotFound = 0x10;
inline constexpr uint8_t kAccessConditionNotSatisfied = 0x11;
inline constexpr uint8_t kWrongZoneType = 0x12;
inline constexpr uint8_t kCounterLimitExceeded = 0x13;
inline constexpr uint8_t kBoundaryExceeded = 0x14;
inline constexpr uint8_t kInvalidCMac = 0x16;
inline constexpr uint8_t kChallengeMissing = 0x17;
inline constexpr uint8_t kCommandDecryptionError = 0x18;
inline constexpr uint8_t kInvalidPublicKey = 0x19;
inline constexpr uint8_t kWrongKeyUsage = 0x1B;
inline constexpr uint8_t kWrongModeOfOperation = 0x1C;
inline constexpr uint8_t kWrongMacLength = 0x1D;
inline constexpr uint8_t kCommandNotAuthorized = 0x1E;
}  // namespace device_status

const char* device_status_name(uint8_t status);

}  // namespace kb::core::stsafe
