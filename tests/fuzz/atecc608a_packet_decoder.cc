// Fuzz target: the ATECC608A model's command packet decoder and response group encoder.
//
// Input: mode (1) | bytes.
//   mode bit 0 clear: the bytes are the packet exactly as given (almost never CRC-correct).
//   mode bit 0 set:   the bytes are `opcode | param1 | param2 | data` and the harness puts the
//                     count in front and the CRC behind, so every mutation is still a packet;
//                     bit 1 then flips CRC bit (mode >> 4), which the decoder must refuse, and
//                     bit 2 makes the count one too large (a packet cut short on the wire).
// The CRC comes from tests/fuzz/atecc_wire.h, independent of the model's, so this is also a
// differential test of the CRC.
//
// Oracle: the decoder accepts exactly what B5.4 calls a packet (count = length, at least seven
// bytes, the CRC right); a CRC or count error answers 0xFF, a short packet with a good CRC 0x03;
// an accepted packet's fields are the bytes at their offsets. The group encoder, given the input
// as a payload, writes count | payload | CRC with the same independent CRC.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <variant>
#include <vector>

#include "simulator/atecc608a/packet.h"
#include "tests/fuzz/atecc_wire.h"

namespace {

namespace model = kb::sim::atecc608a;
using kb::fuzz::atecc::append_crc;
using kb::fuzz::atecc::crc_ok;

constexpr uint8_t kFrame = 0x01;
constexpr uint8_t kCorruptCrc = 0x02;
constexpr uint8_t kLongCount = 0x04;

void require(bool condition) {
  if (!condition) std::abort();
}

void check_decode(std::span<const uint8_t> wire) {
  const auto decoded = model::decode_packet(wire);
  const bool framed = wire.size() >= 3 && wire[0] == wire.size() && crc_ok(wire);
  if (!framed) {
    require(std::holds_alternative<model::Status>(decoded));
    require(std::get<model::Status>(decoded) == model::Status::kCommunicationError);
    return;
  }
  if (wire.size() < model::kMinPacket) {
    require(std::holds_alternative<model::Status>(decoded));
    require(std::get<model::Status>(decoded) == model::Status::kParseError);
    return;
  }
  const auto* packet = std::get_if<model::CommandPacket>(&decoded);
  require(packet != nullptr);
  require(packet->opcode == wire[1] && packet->param1 == wire[2]);
  require(packet->param2 == static_cast<uint16_t>(wire[3] | wire[4] << 8));
  require(packet->data.size() == wire.size() - model::kMinPacket);
  for (size_t i = 0; i < packet->data.size(); ++i) require(packet->data[i] == wire[5 + i]);
}

void check_group(std::span<const uint8_t> payload) {
  // The count byte holds the whole length, so only payloads of up to 252 bytes have a group.
  if (payload.size() > 252) return;
  const std::vector<uint8_t> group = model::encode_group(payload);
  require(group.size() == payload.size() + 3 && group[0] == group.size());
  for (size_t i = 0; i < payload.size(); ++i) require(group[1 + i] == payload[i]);
  require(crc_ok(group));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  const std::span<const uint8_t> rest(data + 1, size - 1);
  std::vector<uint8_t> wire;
  if ((mode & kFrame) != 0) {
    if (rest.size() + 3 > 255) return 0;
    wire.push_back(static_cast<uint8_t>(rest.size() + 3 + ((mode & kLongCount) != 0 ? 1 : 0)));
    for (uint8_t b : rest) wire.push_back(b);
    append_crc(wire);
    if ((mode & kCorruptCrc) != 0) {
      const unsigned bit = mode >> 4;
      wire[wire.size() - 2 + bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    }
  } else {
    for (uint8_t b : rest) wire.push_back(b);
  }
  check_decode(wire);
  if ((mode & kFrame) != 0 && (mode & (kCorruptCrc | kLongCount)) != 0) {
    require(std::holds_alternative<model::Status>(model::decode_packet(wire)));
  }
  check_group(rest);
  return 0;
}
