#pragma once
// Command packets and response groups (fact sheet B5.4, B5.6):
//   packet: count | opcode | param1 | param2 (LE) | data | CRC-16 (LE)
//   group:  count | payload | CRC-16 (LE)
// where count covers everything from itself to the last CRC byte.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"

namespace kb::core::atecc {

inline constexpr size_t kPacketHeaderBytes = 5;  // count, opcode, param1, param2
inline constexpr size_t kCrcBytes = 2;
inline constexpr size_t kMinPacketBytes = kPacketHeaderBytes + kCrcBytes;
// cryptoauthlib's ATCA_CMD_SIZE_MAX; its largest packet is Verify external at 135 bytes.
inline constexpr size_t kMaxPacketBytes = 151;
inline constexpr size_t kMaxCommandData = kMaxPacketBytes - kMinPacketBytes;
inline constexpr size_t kMinGroupBytes = 4;
// The largest group any command answers (KDF: 64 bytes and a 32-byte nonce) fits with room to
// spare; the count byte is checked against this before the rest is read.
inline constexpr size_t kMaxGroupBytes = 151;

// One command before framing. The data lives inline so that building a command needs no heap and
// no buffer from the caller; it is wiped when the command goes out of scope because it may hold
// key material (PrivWrite, Write, Nonce pass-through).
struct Command {
  uint8_t opcode = 0;
  uint8_t param1 = 0;
  uint16_t param2 = 0;
  std::array<uint8_t, kMaxCommandData> data{};
  size_t data_length = 0;

  Command() = default;
  Command(uint8_t op, uint8_t p1, uint16_t p2) : opcode(op), param1(p1), param2(p2) {}
  Command(const Command&) = default;
  Command& operator=(const Command&) = default;
  ~Command();

  // False (and nothing appended) when the bytes do not fit.
  [[nodiscard]] bool append(std::span<const uint8_t> bytes);
  std::span<const uint8_t> data_bytes() const { return std::span<const uint8_t>(data).first(data_length); }
  size_t packet_length() const { return kMinPacketBytes + data_length; }
};

// Writes the framed packet into `out`; returns its length, or 0 when `out` is too small.
size_t encode_packet(const Command& command, std::span<uint8_t> out);

// Checks a whole group (count byte included): the count matches the length and the CRC matches
// the bytes. Returns the payload, a view into `group`.
Result<std::span<const uint8_t>> parse_group(std::span<const uint8_t> group);

}  // namespace kb::core::atecc
