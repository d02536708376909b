#include "simulator/atecc608a/packet.h"

#include "simulator/atecc608a/crc16.h"

namespace kb::sim::atecc608a {

std::variant<CommandPacket, Status> decode_packet(std::span<const uint8_t> packet) {
  if (packet.size() < 3 || packet[0] != packet.size()) return Status::kCommunicationError;
  const size_t body = packet.size() - 2;
  const uint16_t sent = static_cast<uint16_t>(packet[body] | packet[body + 1] << 8);
  if (crc16(packet.first(body)) != sent) return Status::kCommunicationError;
  if (packet.size() < kMinPacket) return Status::kParseError;
  CommandPacket c;
  c.opcode = packet[1];
  c.param1 = packet[2];
  c.param2 = static_cast<uint16_t>(packet[3] | packet[4] << 8);
  c.data.assign(packet.begin() + 5, packet.begin() + static_cast<std::ptrdiff_t>(body));
  return c;
}

std::vector<uint8_t> encode_group(std::span<const uint8_t> payload) {
  std::vector<uint8_t> out;
  out.reserve(payload.size() + 3);
  out.push_back(static_cast<uint8_t>(payload.size() + 3));
  out.insert(out.end(), payload.begin(), payload.end());
  const uint16_t c = crc16(out);
  out.push_back(static_cast<uint8_t>(c));
  out.push_back(static_cast<uint8_t>(c >> 8));
  return out;
}

std::vector<uint8_t> status_group(Status status) {
  const uint8_t b = static_cast<uint8_t>(status);
  return encode_group(std::span<const uint8_t>(&b, 1));
}

}  // namespace kb::sim::atecc608a
