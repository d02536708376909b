#include "simulator/stsafe_a120/frame_decoder.h"

#include "simulator/stsafe_a120/crc16.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr size_t kCrcLength = 2;
}

std::variant<CommandFrame, Status> decode_command_frame(std::span<const uint8_t> wire) {
  // Header byte + CRC is the shortest thing that can be a command.
  if (wire.size() < 1 + kCrcLength) return Status::kCommunicationError;
  std::span<const uint8_t> covered = wire.first(wire.size() - kCrcLength);
  uint16_t sent = static_cast<uint16_t>(wire[wire.size() - 2] << 8 | wire[wire.size() - 1]);
  if (crc16(covered) != sent) return Status::kCommunicationError;

  CommandFrame f;
  f.header = covered[0];
  f.code = covered[0] & kCodeMask;
  size_t header_length = 1;
  if (f.code == kExtendedPrefix) {
    // A CRC-correct frame that stops before its extended code is still not a frame.
    if (covered.size() < 2) return Status::kCommunicationError;
    f.ext_code = covered[1];
    header_length = 2;
  }
  std::span<const uint8_t> rest = covered.subspan(header_length);
  if ((f.header & kCMacFlag) != 0) {
    if (rest.size() < kCMacLength) return Status::kCommunicationError;
    f.cmac = rest.last(kCMacLength);
    rest = rest.first(rest.size() - kCMacLength);
  }
  f.payload = rest;
  return f;
}

}  // namespace kb::sim::stsafe_a120
