#include "core/stsafe/commands/mac.h"

#include <algorithm>

#include "core/stsafe/command_codes.h"
#include "core/stsafe/payload_writer.h"

namespace kb::core::stsafe::commands {

namespace {
constexpr uint8_t kVerifySubCommand = 0x02;
constexpr uint8_t kGenerateSubCommand = 0x03;
}  // namespace

Status generate_mac(CommandChannel& channel, uint8_t slot, std::span<const uint8_t> message, std::span<uint8_t> mac) {
  if (!valid_mac_length(mac.size()) || message.size() > kMaxMacMessageBytes) return Code::kInvalidArgument;
  auto payload = PayloadWriter(channel.payload_buffer())
                     .byte(kGenerateSubCommand)
                     .byte(slot)
                     .byte(static_cast<uint8_t>(mac.size()))
                     .bytes(message)
                     .finish();
  if (!payload.ok()) return payload.status();
  auto response = channel.exchange(CommandHeader::standard(command_code::kGenerateMac), *payload,
                                   expect_exactly(static_cast<uint16_t>(mac.size())));
  if (!response.ok()) return response.status();
  std::copy(response->payload.begin(), response->payload.end(), mac.begin());
  return Code::kOk;
}

Result<bool> verify_mac(CommandChannel& channel, uint8_t slot, std::span<const uint8_t> mac,
                        std::span<const uint8_t> message) {
  if (!valid_mac_length(mac.size()) || message.size() + mac.size() > kMaxMacMessageBytes) {
    return Code::kInvalidArgument;
  }
  auto payload = PayloadWriter(channel.payload_buffer())
                     .byte(kVerifySubCommand)
                     .byte(slot)
                     .byte(static_cast<uint8_t>(mac.size()))
                     .bytes(mac)
                     .bytes(message)
                     .finish();
  if (!payload.ok()) return payload.status();
  auto response = channel.exchange(CommandHeader::standard(command_code::kVerifyMac), *payload, expect_exactly(1));
  if (!response.ok()) return response.status();
  const uint8_t result = response->payload[0];
  if (result > 1) return Code::kResponseMalformed;
  return result == 1;
}

}  // namespace kb::core::stsafe::commands
