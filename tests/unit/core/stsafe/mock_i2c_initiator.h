#pragma once
#include <gmock/gmock.h>

#include <cstdint>
#include <span>

#include "hal/i2c_initiator.h"

namespace kb::test {

// The interface keeps do_transfer private; the mock makes it public so tests can set expectations on it.
class MockI2cInitiator : public hal::I2cInitiator {
 public:
  MOCK_METHOD(hal::I2cResult, do_transfer, (uint8_t address7, std::span<const uint8_t> tx, std::span<uint8_t> rx),
              (override));
};

}  // namespace kb::test
