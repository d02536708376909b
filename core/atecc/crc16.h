#pragma once
// The CRC-16 that protects every ATECC608A command packet and response group (fact sheet B5.5):
// polynomial 0x8005, register starting at zero, each data byte fed least significant bit first,
// no final XOR, sent low byte first.
#include <cstdint>
#include <span>

namespace kb::core::atecc {

uint16_t crc16(std::span<const uint8_t> bytes);

}  // namespace kb::core::atecc
