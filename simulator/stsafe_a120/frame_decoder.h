#pragma once
// Splits one I2C write into the parts of a command frame (fact sheet 1.2):
//   header | [ext code if header code == 0x1F] | payload | [C-MAC (4) if header bit 7] | CRC (2, MSB first)
// A command carries no length field: the write length is the frame length.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <variant>

#include "simulator/stsafe_a120/status.h"

namespace kb::sim::stsafe_a120 {

// Header + payload + C-MAC, CRC excluded (fact sheet 1.7, A120).
inline constexpr size_t kMaxCommandFrameLength = 752;
// What the chip's receive buffer holds: the longest frame plus its CRC. A longer write is
// refused with a data NACK on the first byte that does not fit.
inline constexpr size_t kReceiveBufferLength = kMaxCommandFrameLength + 2;

inline constexpr uint8_t kExtendedPrefix = 0x1F;
inline constexpr uint8_t kCodeMask = 0x1F;
inline constexpr uint8_t kProtectionMask = 0xE0;  // bit 7 C-MAC, bit 6 R-MAC, bit 5 host channel
inline constexpr uint8_t kCMacFlag = 0x80;
inline constexpr size_t kCMacLength = 4;

struct CommandFrame {
  uint8_t header = 0;                // as sent, protection bits included
  uint8_t code = 0;                  // header bits 4..0
  std::optional<uint8_t> ext_code;   // present when code == 0x1F
  std::span<const uint8_t> payload;  // between the header byte(s) and the C-MAC/CRC
  std::span<const uint8_t> cmac;     // empty unless header bit 7 is set

  bool is_protected() const { return (header & kProtectionMask) != 0; }
};

// A frame, or the status to answer when the bytes are not a frame (bad CRC, too short).
// The spans point into wire, which must outlive the result.
std::variant<CommandFrame, Status> decode_command_frame(std::span<const uint8_t> wire);

}  // namespace kb::sim::stsafe_a120
