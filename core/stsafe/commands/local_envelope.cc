#include "core/stsafe/commands/local_envelope.h"

#include <algorithm>

#include "core/stsafe/command_codes.h"
#include "core/stsafe/payload_writer.h"

namespace kb::core::stsafe::commands {

namespace {
constexpr size_t kMinEnvelopeBytes = 8;  // ST's lower bound for unwrap
constexpr size_t kMaxEnvelopeBytes = kMaxWrapPayloadBytes + kEnvelopeOverheadBytes;

Status exchange(CommandChannel& channel, uint8_t code, uint8_t slot, std::span<const uint8_t> in,
                std::span<uint8_t> out) {
  auto payload = PayloadWriter(channel.payload_buffer()).byte(slot).bytes(in).finish();
  if (!payload.ok()) return payload.status();
  auto response =
      channel.exchange(CommandHeader::standard(code), *payload, expect_precisely(static_cast<uint16_t>(out.size())));
  if (!response.ok()) return response.status();
  if (response->payload.size() != out.size()) return Code::kResponseMalformed;
  std::copy(response->payload.begin(), response->payload.end(), out.begin());
  return Code::kOk;
}
}  // namespace

Status wrap_local_envelope(CommandChannel& channel, uint8_t slot, std::span<const uint8_t> payload,
                           std::span<uint8_t> envelope) {
  if (payload.empty() || payload.size() > kMaxWrapPayloadBytes ||
      envelope.size() != payload.size() + kEnvelopeOverheadBytes) {
    return Code::kInvalidArgument;
  }
  return exchange(channel, command_code::kWrapLocalEnvelope, slot, payload, envelope);
}

Status unwrap_local_envelope(CommandChannel& channel, uint8_t slot, std::span<const uint8_t> envelope,
                             std::span<uint8_t> payload) {
  if (envelope.size() < kMinEnvelopeBytes || envelope.size() > kMaxEnvelopeBytes ||
      payload.size() + kEnvelopeOverheadBytes != envelope.size()) {
    return Code::kInvalidArgument;
  }
  return exchange(channel, command_code::kUnwrapLocalEnvelope, slot, envelope, payload);
}

}  // namespace kb::core::stsafe::commands
