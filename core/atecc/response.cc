#include "core/atecc/response.h"

#include <algorithm>

#include "core/atecc/device_status.h"

namespace kb::core::atecc {

Status copy_payload(const Result<Atecc::Payload>& payload, std::span<uint8_t> out) {
  if (!payload.ok()) return payload.status();
  if (payload->size() < out.size()) return Code::kResponseTruncated;
  if (payload->size() > out.size()) return Code::kResponseMalformed;
  std::copy(payload->begin(), payload->end(), out.begin());
  return Code::kOk;
}

Status expect_success(const Result<Atecc::Payload>& payload) {
  if (!payload.ok()) return payload.status();
  if (payload->size() != 1) return Code::kResponseMalformed;
  return (*payload)[0] == static_cast<uint8_t>(DeviceStatus::kSuccess) ? Status(Code::kOk)
                                                                       : device_error((*payload)[0]);
}

Result<bool> match_or_miscompare(const Result<Atecc::Payload>& payload) {
  if (!payload.ok()) {
    if (is_device_status(payload.status(), DeviceStatus::kMiscompare)) return false;
    return payload.status();
  }
  const Status s = expect_success(payload);
  if (!s.ok()) return s;
  return true;
}

}  // namespace kb::core::atecc
