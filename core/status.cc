#include "core/status.h"

#include <cstdio>

#include "core/atecc/device_status.h"
#include "core/nrf/nrf_status.h"
#include "core/stsafe/device_status.h"

namespace kb::core {

const char* code_name(Code code) {
  switch (code) {
    case Code::kOk: return "ok";
    case Code::kInvalidArgument: return "invalid argument";
    case Code::kBufferTooSmall: return "buffer too small";
    case Code::kBusAddressNack: return "address NACK: device absent or busy past the retry budget";
    case Code::kBusDataNack: return "data byte not acknowledged";
    case Code::kBusError: return "bus error";
    case Code::kBusTimeout: return "bus timeout";
    case Code::kResponseCrc: return "response CRC mismatch";
    case Code::kResponseTruncated: return "response truncated";
    case Code::kResponseOversize: return "response length exceeds the frame limit";
    case Code::kResponseMalformed: return "response malformed";
    case Code::kResponseMac: return "response MAC does not verify";
    case Code::kDeviceStatus: return "device status";
    case Code::kNotProvisioned: return "device not provisioned for this operation";
    case Code::kRefused: return "refused";
    case Code::kCrypto: return "platform crypto failure";
    case Code::kUnsupported: return "unsupported";
    case Code::kWakeFailed: return "no wake token after the wake pulse";
    case Code::kDeviceTimeout: return "no response before the polling ceiling";
    case Code::kFrameLimit: return "data over the frame limit";
    case Code::kTagLengthMismatch: return "tag length is not the slot key's";
    case Code::kMacLengthRefused: return "MAC length the slot's key does not take";
    case Code::kKeyModeMismatch: return "the slot holds no key of the mode the command needs";
    case Code::kCheckFailed: return "check failed: the device's result does not match the host's";
    case Code::kBusArbitrationLost: return "arbitration lost to another initiator";
  }
  return "unknown";
}

const char* device_status_name(Domain domain, uint8_t status) {
  switch (domain) {
    case Domain::kStsafe: return stsafe::device_status_name(status);
    case Domain::kNrf: return nrf::status_name(status);
    case Domain::kAtecc: return atecc::device_status_name(status);
    default: return "unknown";
  }
}

const char* Status::describe(char* out, size_t out_len) const {
  if (out_len == 0) return out;
  const unsigned detail = detail_;
  if (code_ == Code::kDeviceStatus) {
    std::snprintf(out, out_len, "device status 0x%02X (%s)", device_status_,
                  device_status_name(domain_, device_status_));
  } else if (code_ == Code::kFrameLimit) {
    std::snprintf(out, out_len, "%s: at most %u bytes fit with this command's protection", code_name(code_), detail);
  } else if (code_ == Code::kTagLengthMismatch) {
    std::snprintf(out, out_len, "%s (the key's tag is %u bytes)", code_name(code_), detail);
  } else if (code_ == Code::kMacLengthRefused) {
    std::snprintf(out, out_len,
                  "%s (the chip's rule: CMAC 2, 4, 8 or 16 bytes, HMAC 16 to 32, and at least the key's minimum of %u)",
                  code_name(code_), detail);
  } else {
    std::snprintf(out, out_len, "%s", code_name(code_));
  }
  return out;
}

}  // namespace kb::core
