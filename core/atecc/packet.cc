#include "core/atecc/packet.h"

#include <algorithm>

#include "core/atecc/crc16.h"
#include "core/atecc/wipe.h"

namespace kb::core::atecc {

Command::~Command() {
  wipe(data);
}

bool Command::append(std::span<const uint8_t> bytes) {
  if (bytes.size() > data.size() - data_length) return false;
  std::copy(bytes.begin(), bytes.end(), data.begin() + static_cast<std::ptrdiff_t>(data_length));
  data_length += bytes.size();
  return true;
}

size_t encode_packet(const Command& command, std::span<uint8_t> out) {
  const size_t length = command.packet_length();
  if (out.size() < length) return 0;
  out[0] = static_cast<uint8_t>(length);
  out[1] = command.opcode;
  out[2] = command.param1;
  out[3] = static_cast<uint8_t>(command.param2);
  out[4] = static_cast<uint8_t>(command.param2 >> 8);
  const auto data = command.data_bytes();
  std::copy(data.begin(), data.end(), out.begin() + kPacketHeaderBytes);
  const uint16_t crc = crc16(out.first(length - kCrcBytes));
  out[length - 2] = static_cast<uint8_t>(crc);
  out[length - 1] = static_cast<uint8_t>(crc >> 8);
  return length;
}

Result<std::span<const uint8_t>> parse_group(std::span<const uint8_t> group) {
  if (group.size() < kMinGroupBytes || group[0] < kMinGroupBytes) return Code::kResponseTruncated;
  if (group[0] != group.size()) return Code::kResponseMalformed;
  const auto body = group.first(group.size() - kCrcBytes);
  const uint16_t crc = crc16(body);
  if (group[group.size() - 2] != static_cast<uint8_t>(crc) ||
      group[group.size() - 1] != static_cast<uint8_t>(crc >> 8)) {
    return Code::kResponseCrc;
  }
  return body.subspan(1);
}

}  // namespace kb::core::atecc
