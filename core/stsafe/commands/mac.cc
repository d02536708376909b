#include "core/stsafe/commands/mac.h"

#include <algorithm>

#include "core/stsafe/command_codes.h"
#include "core/stsafe/payload_writer.h"

namespace kb::core::stsafe::commands {

namespace {
constexpr uint8_t kVerifySubCommand = 0x02;
constexpr uint8_t kGenerateSubCommand = 0x03;
}  // namespace

Status check_mac_length(const SymmetricKeySlotInfo& key, size_t length) {
  if (!key.present || (key.mode != ModeOfOperation::kCmac && key.mode != ModeOfOperation::kHmac)) {
    return Code::kKeyModeMismatch;
  }
  if (!mac_length_allowed(key.mode, key.min_mac_length, length)) {
    return Status::with_detail(Code::kMacLengthRefused, key.min_mac_length);
  }
  return Code::kOk;
}

Status generate_mac(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                    std::span<const uint8_t> message, std::span<uint8_t> mac) {
  KB_TRY(check_mac_length(key, mac.size()));
  const CommandHeader header = CommandHeader::standard(command_code::kGenerateMac);
  const size_t limit = generate_mac_message_limit(channel.protection(header));
  if (message.size() > limit) return Status::with_detail(Code::kFrameLimit, static_cast<uint16_t>(limit));
  auto payload = PayloadWriter(channel.payload_buffer())
                     .byte(kGenerateSubCommand)
                     .byte(slot)
                     .byte(static_cast<uint8_t>(mac.size()))
                     .bytes(message)
                     .finish();
  if (!payload.ok()) return payload.status();
  auto response = channel.exchange(header, *payload, expect_exactly(static_cast<uint16_t>(mac.size())));
  if (!response.ok()) return response.status();
  std::copy(response->payload.begin(), response->payload.end(), mac.begin());
  return Code::kOk;
}

Result<bool> verify_mac(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                        std::span<const uint8_t> mac, std::span<const uint8_t> message) {
  KB_TRY(check_mac_length(key, mac.size()));
  const CommandHeader header = CommandHeader::standard(command_code::kVerifyMac);
  const size_t limit = verify_mac_message_limit(channel.protection(header), mac.size());
  if (message.size() > limit) return Status::with_detail(Code::kFrameLimit, static_cast<uint16_t>(limit));
  auto payload = PayloadWriter(channel.payload_buffer())
                     .byte(kVerifySubCommand)
                     .byte(slot)
                     .byte(static_cast<uint8_t>(mac.size()))
                     .bytes(mac)
                     .bytes(message)
                     .finish();
  if (!payload.ok()) return payload.status();
  auto response = channel.exchange(header, *payload, expect_exactly(1));
  if (!response.ok()) return response.status();
  const uint8_t result = response->payload[0];
  if (result > 1) return Code::kResponseMalformed;
  return result == 1;
}

}  // namespace kb::core::stsafe::commands
