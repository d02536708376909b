#pragma once
// The packet CRC of the ATECC608A (fact sheet B5.5): polynomial 0x8005, initial value 0, each
// byte fed least significant bit first into a register that shifts left, no final XOR. Sent low
// byte first. This model's own implementation; the host driver has its own.
#include <cstdint>
#include <span>

namespace kb::sim::atecc608a {

uint16_t crc16(std::span<const uint8_t> data);

}  // namespace kb::sim::atecc608a
