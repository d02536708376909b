#include "core/stsafe/commands/echo.h"

#include <algorithm>

#include "core/stsafe/command_codes.h"

namespace kb::core::stsafe::commands {

Status echo(CommandChannel& channel, std::span<const uint8_t> in, std::span<uint8_t> out) {
  if (in.empty() || in.size() > kMaxEchoBytes) return Code::kInvalidArgument;
  if (out.size() < in.size()) return Code::kBufferTooSmall;
  auto response = channel.exchange(CommandHeader::standard(command_code::kEcho), in,
                                   expect_exactly(static_cast<uint16_t>(in.size())));
  if (!response.ok()) return response.status();
  std::copy(response->payload.begin(), response->payload.end(), out.begin());
  return Code::kOk;
}

}  // namespace kb::core::stsafe::commands
