#include "core/stsafe/commands/decompress_public_key.h"

#include <algorithm>

#include "core/stsafe/command_codes.h"
#include "core/stsafe/ecc_fields.h"
#include "core/stsafe/payload_writer.h"

namespace kb::core::stsafe::commands {

Status decompress_public_key(CommandChannel& channel, EccCurve curve, uint8_t representation,
                             std::span<const uint8_t> x, std::span<uint8_t> y) {
  std::fill(y.begin(), y.end(), uint8_t{0});
  const size_t n = coordinate_bytes(curve);
  if (!is_weierstrass(curve) || (representation != kPointEvenY && representation != kPointOddY) || x.size() != n ||
      y.size() != n) {
    return Code::kInvalidArgument;
  }
  auto payload =
      PayloadWriter(channel.payload_buffer()).bytes(curve_id_field(curve)).byte(representation).bytes(x).finish();
  if (!payload.ok()) return payload.status();
  auto response = channel.exchange(CommandHeader::extended(extended_code::kDecompressPublicKey), *payload,
                                   expect_exactly(static_cast<uint16_t>(n)));
  if (!response.ok()) return response.status();
  std::copy(response->payload.begin(), response->payload.begin() + static_cast<std::ptrdiff_t>(n), y.begin());
  return Code::kOk;
}

}  // namespace kb::core::stsafe::commands
