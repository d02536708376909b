#pragma once
// Command packets and response groups on the wire (fact sheet B5.4, B5.6):
//   command:  count | opcode | param1 | param2 (LE) | data | CRC (LE), count = whole length
//   response: count | payload | CRC (LE), count = whole length, a 1-byte payload is a status
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "simulator/atecc608a/status.h"

namespace kb::sim::atecc608a {

inline constexpr size_t kMinPacket = 7;  // count, opcode, param1, param2 (2), CRC (2)
// The input buffer; the datasheet allows up to 155 data bytes, cryptoauthlib sends at most 151
// bytes in all (fact sheet B5.4). The model takes a whole packet of up to 155 bytes.
inline constexpr size_t kMaxPacket = 155;

struct CommandPacket {
  uint8_t opcode = 0;
  uint8_t param1 = 0;
  uint16_t param2 = 0;
  std::vector<uint8_t> data;
};

// A whole packet (exactly count bytes) -> the command, or the status the chip answers instead:
// a CRC error before anything else (B5.6), a packet too short to hold the fields a parse error.
std::variant<CommandPacket, Status> decode_packet(std::span<const uint8_t> packet);

// count | payload | CRC.
std::vector<uint8_t> encode_group(std::span<const uint8_t> payload);
std::vector<uint8_t> status_group(Status status);

}  // namespace kb::sim::atecc608a
