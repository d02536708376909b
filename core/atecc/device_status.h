#pragma once
// The status byte of a 4-byte response group (fact sheet B5.6). A non-zero one comes back from
// the transport as Status::device(Domain::kAtecc, byte); these names say what it means.
#include <cstdint>

#include "core/status.h"

namespace kb::core::atecc {

enum class DeviceStatus : uint8_t {
  kSuccess = 0x00,
  kMiscompare = 0x01,  // CheckMac or Verify: the MAC or signature does not match
  kParseError = 0x03,  // length, opcode or parameters illegal whatever the chip's state
  kEccFault = 0x05,    // the ECC computation failed; a retry may succeed
  kSelfTestError = 0x07,
  kHealthTestError = 0x08,        // the RNG failed its health test
  kExecutionError = 0x0F,         // not allowed in the current state or configuration
  kAfterWake = 0x11,              // the wake token; never the answer to a command
  kWatchdogAboutToExpire = 0xEE,  // too little watchdog time left to run the command
  kCommunicationError = 0xFF,     // the chip received a packet with a bad CRC or count
};

const char* device_status_name(uint8_t status);

// True when `status` is the chip's answer `which`.
constexpr bool is_device_status(Status status, DeviceStatus which) {
  return status.code() == Code::kDeviceStatus && status.domain() == Domain::kAtecc &&
         status.device_status() == static_cast<uint8_t>(which);
}

constexpr Status device_error(uint8_t status) {
  return Status::device(Domain::kAtecc, status);
}

}  // namespace kb::core::atecc
