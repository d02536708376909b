#include "core/bus_status.h"

namespace kb::core {

Status status_of(hal::I2cResult r) {
  switch (r) {
    case hal::I2cResult::kOk: return Code::kOk;
    case hal::I2cResult::kAddressNack: return Code::kBusAddressNack;
    case hal::I2cResult::kDataNack: return Code::kBusDataNack;
    case hal::I2cResult::kBusError: return Code::kBusError;
    case hal::I2cResult::kTimeout: return Code::kBusTimeout;
    case hal::I2cResult::kUnsupported: return Code::kUnsupported;
    case hal::I2cResult::kArbitrationLost: return Code::kBusArbitrationLost;
  }
  return Code::kBusError;
}

}  // namespace kb::core
