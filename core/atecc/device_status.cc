#include "core/atecc/device_status.h"

namespace kb::core::atecc {

const char* device_status_name(uint8_t status) {
  switch (static_cast<DeviceStatus>(status)) {
    case DeviceStatus::kSuccess: return "success";
    case DeviceStatus::kMiscompare: return "CheckMac or Verify miscompare";
    case DeviceStatus::kParseError: return "parse error";
    case DeviceStatus::kEccFault: return "ECC fault";
    case DeviceStatus::kSelfTestError: return "self-test error";
    case DeviceStatus::kHealthTestError: return "RNG health test error";
    case DeviceStatus::kExecutionError: return "execution error";
    case DeviceStatus::kAfterWake: return "after wake";
    case DeviceStatus::kWatchdogAboutToExpire: return "watchdog about to expire";
    case DeviceStatus::kCommunicationError: return "CRC or communication error";
  }
  return "unknown";
}

}  // namespace kb::core::atecc
