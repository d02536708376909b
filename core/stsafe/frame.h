#pragma once
// STSAFE-A command and response frames (fact sheet 1.2, 1.3).
//   command:  header | or 1F ext | payload | CRC (MSB first)          — no length field
//   response: header | L (2, BE) | payload | CRC (MSB first)          — L = payload + 2 CRC bytes
// The command CRC covers everything before it; the response CRC covers header and payload only.
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"

namespace kb::core::stsafe {

// A120 limit on header(s) + payload (+ MAC), CRC and response length field excluded.
inline constexpr size_t kMaxFrameBytes = 752;
inline constexpr size_t kCrcBytes = 2;
inline constexpr size_t kLengthFieldBytes = 2;
inline constexpr size_t kResponseHeaderBytes = 1;
inline constexpr uint8_t kExtendedCommandPrefix = 0x1F;
// Bits 7..5 of a command header are protection flags (C-MAC, R-MAC, host channel).
inline constexpr uint8_t kCommandCodeMask = 0x1F;
// Bits 7..5 of a response header are protection flags; the status is what is left.
inline constexpr uint8_t kResponseStatusMask = 0x1F;
inline constexpr size_t kMaxCommandWireBytes = kMaxFrameBytes + kCrcBytes;
inline constexpr size_t kMaxResponseWireBytes = kMaxFrameBytes + kLengthFieldBytes + kCrcBytes;

struct CommandHeader {
  uint8_t code = 0;           // bits 4..0 of the first byte; kExtendedCommandPrefix for extended commands
  uint8_t extended_code = 0;  // the second byte, only for extended commands

  static constexpr CommandHeader standard(uint8_t c) { return CommandHeader{c, 0}; }
  static constexpr CommandHeader extended(uint8_t ext) { return CommandHeader{kExtendedCommandPrefix, ext}; }
  constexpr bool is_extended() const { return code == kExtendedCommandPrefix; }
};

// Writes a command frame into a caller buffer field by field. The first problem sticks and is
// reported by finish(), so a command can append all its fields and check once.
class CommandFrameBuilder {
 public:
  CommandFrameBuilder(std::span<uint8_t> out, CommandHeader header);

  CommandFrameBuilder& byte(uint8_t value);
  CommandFrameBuilder& bytes(std::span<const uint8_t> values);
  CommandFrameBuilder& be16(uint16_t value);

  // Appends the CRC. kInvalidArgument when header + payload exceed kMaxFrameBytes (the device
  // could not take it), kBufferTooSmall when `out` cannot hold the frame and its CRC.
  Result<std::span<const uint8_t>> finish();

 private:
  std::span<uint8_t> out_;
  size_t size_ = 0;  // bytes appended so far, counted even when they no longer fit in out_
};

// One-shot form of CommandFrameBuilder.
Result<std::span<const uint8_t>> build_command_frame(CommandHeader header, std::span<const uint8_t> payload,
                                                     std::span<uint8_t> out);

struct ResponseFrame {
  uint8_t header = 0;
  std::span<const uint8_t> payload;  // without length field and CRC

  constexpr uint8_t status() const { return header & kResponseStatusMask; }
};

// L from the first three bytes of a response (header, L high, L low).
uint16_t response_length_field(std::span<const uint8_t> first_bytes);

// Checks and splits a complete response. Bytes after the CRC are ignored, because a read may
// ask for more than the response holds. kResponseMalformed when L cannot even cover the CRC,
// kResponseOversize when header + payload would exceed kMaxFrameBytes, kResponseTruncated when
// `wire` holds fewer bytes than L announces, kResponseCrc on a CRC mismatch. The device status
// is not judged here.
Result<ResponseFrame> parse_response(std::span<const uint8_t> wire);

}  // namespace kb::core::stsafe
