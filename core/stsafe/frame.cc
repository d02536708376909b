#include "core/stsafe/frame.h"

#include "core/stsafe/crc16.h"

namespace kb::core::stsafe {

CommandFrameBuilder::CommandFrameBuilder(std::span<uint8_t> out, CommandHeader header) : out_(out) {
  byte(header.code);
  if (header.is_extended()) byte(header.extended_code);
}

CommandFrameBuilder& CommandFrameBuilder::byte(uint8_t value) {
  if (size_ < out_.size()) out_[size_] = value;
  ++size_;
  return *this;
}

CommandFrameBuilder& CommandFrameBuilder::bytes(std::span<const uint8_t> values) {
  for (uint8_t v : values) byte(v);
  return *this;
}

CommandFrameBuilder& CommandFrameBuilder::be16(uint16_t value) {
  byte(static_cast<uint8_t>(value >> 8));
  return byte(static_cast<uint8_t>(value & 0xFF));
}

Result<std::span<const uint8_t>> CommandFrameBuilder::finish() {
  if (size_ > kMaxFrameBytes) return Code::kInvalidArgument;
  if (size_ + kCrcBytes > out_.size()) return Code::kBufferTooSmall;
  const uint16_t crc = crc16(out_.first(size_));
  out_[size_] = static_cast<uint8_t>(crc >> 8);
  out_[size_ + 1] = static_cast<uint8_t>(crc & 0xFF);
  return std::span<const uint8_t>(out_.first(size_ + kCrcBytes));
}

Result<std::span<const uint8_t>> build_command_frame(CommandHeader header, std::span<const uint8_t> payload,
                                                     std::span<uint8_t> out) {
  return CommandFrameBuilder(out, header).bytes(payload).finish();
}

uint16_t response_length_field(std::span<const uint8_t> first_bytes) {
  return static_cast<uint16_t>((first_bytes[1] << 8) | first_bytes[2]);
}

Result<ResponseFrame> parse_response(std::span<const uint8_t> wire) {
  constexpr size_t kPrefix = kResponseHeaderBytes + kLengthFieldBytes;
  if (wire.size() < kPrefix) return Code::kResponseTruncated;
  const uint16_t length = response_length_field(wire);
  if (length < kCrcBytes) return Code::kResponseMalformed;
  const size_t payload_size = length - kCrcBytes;
  if (kResponseHeaderBytes + payload_size > kMaxFrameBytes) return Code::kResponseOversize;
  if (wire.size() < kPrefix + length) return Code::kResponseTruncated;

  const std::span<const uint8_t> payload = wire.subspan(kPrefix, payload_size);
  Crc16 crc;
  crc.update(wire[0]);
  crc.update(payload);
  const uint16_t received =
      static_cast<uint16_t>((wire[kPrefix + payload_size] << 8) | wire[kPrefix + payload_size + 1]);
  if (crc.value() != received) return Code::kResponseCrc;
  return ResponseFrame{wire[0], payload};
}

}  // namespace kb::core::stsafe
