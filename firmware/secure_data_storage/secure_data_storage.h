#pragma once
// Secure data storage (ST's zone access and counter access examples) on the data partition:
//   zone access     read a data zone, update it with random bytes, read it back and compare;
//   counter access  read a counter zone, decrement it with new associated data, read it back and
//                   check the counter went down by exactly the amount and the data is the new one.
// The partition table (query 0x12) is printed first; the zones must be of the right type.
#include <cstdint>

#include "core/status.h"
#include "hal/platform.h"

namespace kb::fw {

struct SecureDataStorageOptions {
  uint8_t address7 = 0x20;
  // The zones of ST's examples on an SPL05 chip.
  uint8_t data_zone = 1;
  uint8_t counter_zone = 5;
  // Bytes updated at offset 0 of the data zone (at most the zone's length: fewer when it is
  // shorter) and written into the counter zone's associated data.
  uint16_t data_bytes = 100;
  uint16_t associated_bytes = 16;
  uint32_t decrement = 1;
};

// Ok when both accesses checked out; otherwise the status of the failed step, already reported on
// the console: the chip's refusals as device statuses (0x11 an access condition, 0x13 a counter
// that would go below zero), a read-back that is not what was written kCheckFailed.
core::Status run_secure_data_storage(hal::Platform& platform, const SecureDataStorageOptions& options);

}  // namespace kb::fw
