#include "core/stsafe/commands/establish_key.h"

#include <algorithm>

#include "core/stsafe/command_codes.h"
#include "core/stsafe/ecc_fields.h"
#include "core/stsafe/payload_writer.h"
#include "core/stsafe/wipe.h"

namespace kb::core::stsafe::commands {

Status establish_key(CommandChannel& channel, uint8_t slot, EccCurve curve, std::span<const uint8_t> peer_public,
                     std::span<uint8_t> shared_secret) {
  const size_t n = shared_secret_bytes(curve);
  if (n == 0 || shared_secret.size() != n || peer_public.size() != public_key_bytes(curve)) {
    return Code::kInvalidArgument;
  }
  wipe(shared_secret);
  PayloadWriter w(channel.payload_buffer());
  w.byte(slot);
  append_public_key_field(w, curve, peer_public);
  auto payload = w.finish();
  if (!payload.ok()) return payload.status();
  auto response = channel.exchange(CommandHeader::standard(command_code::kEstablishKey), *payload,
                                   expect_exactly(static_cast<uint16_t>(2 + n)));
  if (!response.ok()) return response.status();
  const std::span<const uint8_t> field = response->payload;
  if (static_cast<size_t>((field[0] << 8) | field[1]) != n) return Code::kResponseMalformed;
  std::copy_n(field.begin() + 2, n, shared_secret.begin());
  return Code::kOk;
}

}  // namespace kb::core::stsafe::commands
