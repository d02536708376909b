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
  // Payloads can hold key values (plaintext key writes); they do not outlive the command. A
  // payload built in payload_ starts at its first byte; only the bytes it used are cleared.
  if (payload.data() == payload_.data()) wipe(std::span<uint8_t>(payload_).first(payload.size()));
  return response;
}

}  // namespace kb::core::stsafe
