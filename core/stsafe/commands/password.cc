#include "core/stsafe/commands/password.h"

#include "core/stsafe/command_codes.h"

namespace kb::core::stsafe::commands {

namespace {
constexpr uint8_t kDeleteTagPassword = 0x09;
constexpr uint8_t kVerified = 0x01;
constexpr uint8_t kNotVerified = 0x00;
}  // namespace

Result<PasswordVerification> verify_password(CommandChannel& channel, std::span<const uint8_t> password) {
  if (password.size() != kPasswordBytes) return Code::kInvalidArgument;
  auto response = channel.exchange(CommandHeader::standard(command_code::kVerifyPassword), password, expect_exactly(2));
  if (!response.ok()) return response.status();
  const std::span<const uint8_t> p = response->payload;
  if (p.size() != 2 || (p[0] != kVerified && p[0] != kNotVerified)) return Code::kResponseMalformed;
  return PasswordVerification{p[0] == kVerified, p[1]};
}

Status delete_password(Transport& transport) {
  auto frame = CommandFrameBuilder(transport.command_buffer(), CommandHeader::standard(command_code::kDelete))
                   .byte(kDeleteTagPassword)
                   .finish();
  if (!frame.ok()) return frame.status();
  return transport.transfer(*frame, expect_exactly(0)).status();
}

}  // namespace kb::core::stsafe::commands
