#pragma once
// What an I2C transfer's result means to the host library: the bus conditions keep their names
// (an address NACK is worth polling, a bus error is not), so every chip's driver maps them alike.
#include "core/status.h"
#include "hal/i2c_initiator.h"

namespace kb::core {

Status status_of(hal::I2cResult r);

}  // namespace kb::core
