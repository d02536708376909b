#include "core/stsafe/commands/generate_random.h"

#include <algorithm>

#include "core/stsafe/command_codes.h"

namespace kb::core::stsafe::commands {

namespace {
// The first payload byte is a subject; 0x00 is the only one defined.
constexpr uint8_t kRandomSubject = 0x00;
}  // namespace

Status generate_random(CommandChannel& channel, std::span<uint8_t> out) {
  while (!out.empty()) {
    const auto chunk = static_cast<uint8_t>(std::min(out.size(), kMaxRandomBytesPerCommand));
    const uint8_t payload[] = {kRandomSubject, chunk};
    auto response =
        channel.exchange(CommandHeader::standard(command_code::kGenerateRandom), payload, expect_exactly(chunk));
    if (!response.ok()) return response.status();
    std::copy(response->payload.begin(), response->payload.end(), out.begin());
    out = out.subspan(chunk);
  }
  return Code::kOk;
}

}  // namespace kb::core::stsafe::commands
