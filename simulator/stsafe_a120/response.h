#pragma once
// Response frames (fact sheet 1.3):
//   header (status in bits 4..0) | L (2, BE) = payload length + 2 | payload | CRC (2, MSB first)
// The CRC covers header and payload; the length field is left out of it.
#include <cstdint>
#include <span>
#include <vector>

#include "simulator/stsafe_a120/status.h"

namespace kb::sim::stsafe_a120 {

struct Response {
  Status status = Status::kOk;
  std::vector<uint8_t> payload;  // always empty for an error (fact sheet 8.7)

  static Response ok() { return Response{}; }
  static Response ok(std::vector<uint8_t> payload) { return Response{Status::kOk, std::move(payload)}; }
  static Response error(Status status) { return Response{status, {}}; }
};

// A header-only error, or status 0x00 with the payload.
std::vector<uint8_t> encode_response(const Response& response);
// Any header byte (the host secure channel answers 0x40 with an R-MAC at the end of payload).
std::vector<uint8_t> encode_response_frame(uint8_t header, std::span<const uint8_t> payload);

}  // namespace kb::sim::stsafe_a120
