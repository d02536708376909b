#include "core/stsafe/command_channel.h"

#include "core/stsafe/wipe.h"

namespace kb::core::stsafe {

Result<ResponseFrame> CommandChannel::exchange(CommandHeader header, std::span<const uint8_t> payload,
                                               ExpectedPayload expected) {
  const Protection p = protection(header);
  Result<ResponseFrame> response = Code::kNotProvisioned;
  if (p.any()) {
    if (session_.is_open()) response = session_.exchange(transport_, header, payload, p, expected);
  } else {
    auto frame = CommandFrameBuilder(transport_.command_buffer(), header).bytes(payload).finish();
    response = frame.ok() ? transport_.transfer(*frame, expected) : Result<ResponseFrame>(frame.status());
  }
  // Payloads can hold key values (plaintext symmetric key writes); they do not outlive the command.
  wipe(payload_);
  return response;
}

}  // namespace kb::core::stsafe
