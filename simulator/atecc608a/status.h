#pragma once
// Status bytes of the 4-byte status group (fact sheet B5.6).
#include <cstdint>

namespace kb::sim::atecc608a {

enum class Status : uint8_t {
  kSuccess = 0x00,
  kMiscompare = 0x01,  // CheckMac / Verify
  kParseError = 0x03,  // length, opcode or parameters illegal whatever the state
  kEccFault = 0x05,
  kSelfTestError = 0x07,
  kHealthTestError = 0x08,
  kExecutionError = 0x0F,  // not allowed in the current state or configuration
  kAfterWake = 0x11,       // only as the wake token
  kWatchdogAboutToExpire = 0xEE,
  kCommunicationError = 0xFF,  // CRC or framing of the received packet
};

}  // namespace kb::sim::atecc608a
