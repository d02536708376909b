#include "core/stsafe/commands/entity_authentication.h"

#include <algorithm>

#include "core/stsafe/command_codes.h"
#include "core/stsafe/ecc_fields.h"
#include "core/stsafe/payload_writer.h"

namespace kb::core::stsafe::commands {

namespace {
constexpr uint8_t kFiller = 0x00;
constexpr uint8_t kValid = 0x01;
}  // namespace

Status generate_challenge(CommandChannel& channel, std::span<uint8_t, kEntityChallengeBytes> challenge) {
  std::fill(challenge.begin(), challenge.end(), uint8_t{0});
  auto response = channel.exchange(CommandHeader::extended(extended_code::kGenerateChallenge), {},
                                   expect_exactly(kEntityChallengeBytes));
  if (!response.ok()) return response.status();
  std::copy_n(response->payload.begin(), kEntityChallengeBytes, challenge.begin());
  return Code::kOk;
}

Result<bool> verify_entity_signature(CommandChannel& channel, uint8_t slot, EccCurve curve,
                                     std::span<const uint8_t> signature) {
  const size_t half = signature_bytes(curve) / 2;
  if (half == 0 || signature.size() != 2 * half) return Code::kInvalidArgument;
  PayloadWriter w(channel.payload_buffer());
  w.byte(kFiller).byte(slot);
  w.be16(static_cast<uint16_t>(half)).bytes(signature.first(half));
  w.be16(static_cast<uint16_t>(half)).bytes(signature.last(half));
  auto payload = w.finish();
  if (!payload.ok()) return payload.status();
  auto response =
      channel.exchange(CommandHeader::extended(extended_code::kVerifyEntitySignature), *payload, expect_exactly(1));
  if (!response.ok()) return response.status();
  const uint8_t validity = response->payload[0];
  if (validity > kValid) return Code::kResponseMalformed;
  return validity == kValid;
}

}  // namespace kb::core::stsafe::commands
