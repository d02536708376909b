#include "core/stsafe/commands/write_host_key.h"

#include <algorithm>
#include <array>

#include "core/stsafe/command_codes.h"
#include "core/stsafe/key_derivation.h"
#include "core/stsafe/payload_writer.h"
#include "core/stsafe/wipe.h"

namespace kb::core::stsafe::commands {

namespace {
// Three reserved bytes precede the key type in ST's layout; they are always zero.
constexpr uint8_t kReserved[3] = {0x00, 0x00, 0x00};
// The envelope's fixed padding after the two keys (fact sheet 4.2).
constexpr uint8_t kEnvelopePadding[4] = {0x80, 0x00, 0x00, 0x00};
}  // namespace

Status check_host_keys(HostKeyType type, std::span<const uint8_t> mac_key, std::span<const uint8_t> cipher_key) {
  if (type != HostKeyType::kAes128 && type != HostKeyType::kAes256) return Code::kInvalidArgument;
  const size_t key_length = host_key_length(type);
  if (mac_key.size() != key_length || cipher_key.size() != key_length) return Code::kInvalidArgument;
  return Code::kOk;
}

Status write_host_key_plaintext(CommandChannel& channel, HostKeyType type, std::span<const uint8_t> mac_key,
                                std::span<const uint8_t> cipher_key) {
  KB_TRY(check_host_keys(type, mac_key, cipher_key));
  auto payload = PayloadWriter(channel.payload_buffer())
                     .bytes(kReserved)
                     .byte(static_cast<uint8_t>(type))
                     .bytes(mac_key)
                     .bytes(cipher_key)
                     .finish();
  if (!payload.ok()) return payload.status();
  return channel.exchange(CommandHeader::extended(extended_code::kWriteHostKeyV2Plaintext), *payload, expect_exactly(0))
      .status();
}

Result<size_t> host_key_envelope_plaintext(HostKeyType type, std::span<const uint8_t> mac_key,
                                           std::span<const uint8_t> cipher_key, std::span<uint8_t> out) {
  KB_TRY(check_host_keys(type, mac_key, cipher_key));
  PayloadWriter w(out);
  w.bytes(kReserved).byte(static_cast<uint8_t>(type)).bytes(mac_key).bytes(cipher_key).bytes(kEnvelopePadding);
  if (w.size() > out.size()) return Code::kBufferTooSmall;
  return w.size();
}

Status write_host_key_wrapped(CommandChannel& channel, std::span<const uint8_t> wrapped_envelope) {
  if (wrapped_envelope.size() != 48 && wrapped_envelope.size() != kMaxHostKeyEnvelopeBytes) {
    return Code::kInvalidArgument;
  }
  return channel
      .exchange(CommandHeader::extended(extended_code::kWriteHostKeyV2Wrapped), wrapped_envelope, expect_exactly(0))
      .status();
}

Status write_host_key_wrapped(CommandChannel& channel, VolatileKekSession& kek, HostKeyType type,
                              std::span<const uint8_t> mac_key, std::span<const uint8_t> cipher_key) {
  std::array<uint8_t, kMaxHostKeyEnvelopePlaintextBytes> plain{};
  std::array<uint8_t, kMaxHostKeyEnvelopeBytes> wrapped{};
  auto length = host_key_envelope_plaintext(type, mac_key, cipher_key, plain);
  Status s = length.status();
  if (length.ok()) s = kek.wrap(std::span<const uint8_t>(plain).first(*length), std::span(wrapped).first(*length + 8));
  wipe(plain);
  KB_TRY(s);
  return write_host_key_wrapped(channel, std::span<const uint8_t>(wrapped).first(*length + 8));
}

Status establish_host_key(CommandChannel& channel, hal::Crypto& crypto, HostKeyType type, std::span<uint8_t> mac_key,
                          std::span<uint8_t> cipher_key) {
  KB_TRY(check_host_keys(type, mac_key, cipher_key));
  EcdheExchange ecdhe;
  KB_TRY(run_ecdhe(channel, crypto, ecdhe));
  const uint8_t trailer[] = {kAlgorithmEstablishHostKey, static_cast<uint8_t>(type)};
  KB_TRY(send_host_ephemeral_key(channel, extended_code::kEstablishHostKeyV2, ecdhe.host_public, trailer));
  return derive_host_keys(crypto, ecdhe.shared_x, ecdhe.host_public, ecdhe.chip_public, type, mac_key, cipher_key);
}

}  // namespace kb::core::stsafe::commands
