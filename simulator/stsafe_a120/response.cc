#include "simulator/stsafe_a120/response.h"

#include "simulator/stsafe_a120/crc16.h"

namespace kb::sim::stsafe_a120 {

std::vector<uint8_t> encode_response(const Response& response) {
  return encode_response_frame(static_cast<uint8_t>(response.status), response.payload);
}

std::vector<uint8_t> encode_response_frame(uint8_t header, std::span<const uint8_t> payload) {
  const size_t length_field = payload.size() + 2;
  Crc16 crc;
  crc.update(header);
  crc.update(payload);
  const uint16_t c = crc.value();

  std::vector<uint8_t> wire;
  wire.reserve(payload.size() + 5);
  wire.push_back(header);
  wire.push_back(static_cast<uint8_t>(length_field >> 8));
  wire.push_back(static_cast<uint8_t>(length_field));
  wire.insert(wire.end(), payload.begin(), payload.end());
  wire.push_back(static_cast<uint8_t>(c >> 8));
  wire.push_back(static_cast<uint8_t>(c));
  return wire;
}

}  // namespace kb::sim::stsafe_a120
