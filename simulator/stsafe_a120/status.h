#pragma once
// Status codes the chip puts in bits 4..0 of a response header (fact sheet 1.6). The device side
// keeps its own list: host and device never share protocol definitions.
#include <cstdint>

namespace kb::sim::stsafe_a120 {

enum class Status : uint8_t {
  kOk = 0x00,
  kCommunicationError = 0x01,
  kInconsistentCommandData = 0x02,
  kValueOutOfRange = 0x03,
  kCommandCodeNotSupported = 0x04,
  kUnexpectedError = 0x05,
  kBufferLengthExceeded = 0x06,
  kSessionError = 0x07,
  kCMacCounterMaximumReached = 0x09,
  kKeyNotFound = 0x0A,
  kWrongKeyType = 0x0C,
  kSessionCounterOutOfRange = 0x0D,
  kInvalidLifeCycleState = 0x0F,
  kEntryNotFound = 0x10,
  kAccessConditionNotSatisfied = 0x11,
  kWrongZoneType = 0x12,
  kCounterLimitExceeded = 0x13,
  kBoundaryExceeded = 0x14,
  kInvalidCMac = 0x16,
  kChallengeMissing = 0x17,
  kCommandDecryptionError = 0x18,
  kInvalidPublicKey = 0x19,
  kPasswordBlocked = 0x1A,
  kWrongKeyUsage = 0x1B,
  kWrongModeOfOperation = 0x1C,
  kWrongMacLength = 0x1D,
  kCommandNotAuthorized = 0x1E,
};

}  // namespace kb::sim::stsafe_a120
