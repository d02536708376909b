#include "core/stsafe/commands/write_symmetric_key.h"

#include <array>

#include "core/stsafe/command_codes.h"
#include "core/stsafe/payload_writer.h"
#include "core/stsafe/wipe.h"

namespace kb::core::stsafe::commands {

namespace {
constexpr uint8_t kPaddingStart = 0x80;
// The smallest envelope: ECB info (6) + AES-128 key (16) + 2 padding bytes, wrapped.
constexpr size_t kMinSymmetricEnvelopeBytes = 24 + 8;
}  // namespace

Status check_symmetric_key(const SymmetricKeyInfo& info, std::span<const uint8_t> key) {
  if (!info.valid() || key.size() != info.key_length()) return Code::kInvalidArgument;
  return Code::kOk;
}

Status write_symmetric_key_plaintext(CommandChannel& channel, const SymmetricKeyInfo& info,
                                     std::span<const uint8_t> key) {
  KB_TRY(check_symmetric_key(info, key));
  std::array<uint8_t, kMaxKeyInfoBytes> encoded{};
  const size_t info_length = info.encode(encoded);
  auto payload = PayloadWriter(channel.payload_buffer())
                     .bytes(std::span<const uint8_t>(encoded).first(info_length))
                     .bytes(key)
                     .finish();
  if (!payload.ok()) return payload.status();
  return channel
      .exchange(CommandHeader::extended(extended_code::kWriteSymmetricKeyPlaintext), *payload, expect_exactly(0))
      .status();
}

Result<size_t> symmetric_key_envelope_plaintext(const SymmetricKeyInfo& info, std::span<const uint8_t> key,
                                                std::span<uint8_t> out) {
  KB_TRY(check_symmetric_key(info, key));
  std::array<uint8_t, kMaxKeyInfoBytes> encoded{};
  const size_t info_length = info.encode(encoded);
  const size_t unpadded = info_length + key.size();
  // A length that is already a multiple of 8 still gets a whole 8-byte pad.
  const size_t total = (unpadded / 8 + 1) * 8;
  if (out.size() < total) return Code::kBufferTooSmall;
  PayloadWriter w(out);
  w.bytes(std::span<const uint8_t>(encoded).first(info_length)).bytes(key).byte(kPaddingStart);
  while (w.size() < total) w.byte(0x00);
  return total;
}

Status write_symmetric_key_wrapped(CommandChannel& channel, std::span<const uint8_t> wrapped_envelope) {
  if (wrapped_envelope.size() % 8 != 0 || wrapped_envelope.size() < kMinSymmetricEnvelopeBytes ||
      wrapped_envelope.size() > kMaxSymmetricEnvelopeBytes) {
    return Code::kInvalidArgument;
  }
  return channel
      .exchange(CommandHeader::extended(extended_code::kWriteSymmetricKeyWrapped), wrapped_envelope, expect_exactly(0))
      .status();
}

Status write_symmetric_key_wrapped(CommandChannel& channel, VolatileKekSession& kek, const SymmetricKeyInfo& info,
                                   std::span<const uint8_t> key) {
  std::array<uint8_t, kMaxSymmetricEnvelopePlaintextBytes> plain{};
  std::array<uint8_t, kMaxSymmetricEnvelopeBytes> wrapped{};
  auto length = symmetric_key_envelope_plaintext(info, key, plain);
  Status s = length.status();
  if (length.ok()) s = kek.wrap(std::span<const uint8_t>(plain).first(*length), std::span(wrapped).first(*length + 8));
  wipe(plain);
  KB_TRY(s);
  return write_symmetric_key_wrapped(channel, std::span<const uint8_t>(wrapped).first(*length + 8));
}

}  // namespace kb::core::stsafe::commands
