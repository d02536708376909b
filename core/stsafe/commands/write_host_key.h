#pragma once
// Write host key V2 (extended 0x07 plaintext, 0x08 wrapped) and establish host key V2 by ECDHE
// (extended 0x18), fact sheet 2.5, 4.2 and 4.4.
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/commands/kek_session.h"
#include "core/stsafe/types.h"
#include "hal/crypto.h"

namespace kb::core::stsafe::commands {

// 40 / 72 bytes before wrapping, 48 / 80 after (fact sheet 4.2).
inline constexpr size_t kMaxHostKeyEnvelopePlaintextBytes = 72;
inline constexpr size_t kMaxHostKeyEnvelopeBytes = kMaxHostKeyEnvelopePlaintextBytes + 8;

// kInvalidArgument for an unknown type or keys not host_key_length(type) long.
Status check_host_keys(HostKeyType type, std::span<const uint8_t> mac_key, std::span<const uint8_t> cipher_key);

// `1F 07 00 00 00 | type | MAC key | cipher key`. Bad keys → kInvalidArgument, nothing sent. The
// slot's control fields must allow plaintext writes; a device that refuses answers a status (0x1E
// expected, fact sheet 8 #5).
Status write_host_key_plaintext(CommandChannel& channel, HostKeyType type, std::span<const uint8_t> mac_key,
                                std::span<const uint8_t> cipher_key);

// The envelope before wrapping: `00 00 00 | type | MAC key | cipher key | 80 00 00 00`. Returns its
// length (40 or 72); bad keys → kInvalidArgument, `out` shorter → kBufferTooSmall.
Result<size_t> host_key_envelope_plaintext(HostKeyType type, std::span<const uint8_t> mac_key,
                                           std::span<const uint8_t> cipher_key, std::span<uint8_t> out);
// `1F 08 | wrapped envelope` (48 or 80 bytes, else kInvalidArgument and nothing sent).
Status write_host_key_wrapped(CommandChannel& channel, std::span<const uint8_t> wrapped_envelope);
// Builds the envelope, wraps it under the next working KEK of `kek` (started) and sends 1F 08.
Status write_host_key_wrapped(CommandChannel& channel, VolatileKekSession& kek, HostKeyType type,
                              std::span<const uint8_t> mac_key, std::span<const uint8_t> cipher_key);

// run_ecdhe, then `1F 18 curve id | host public key field | 03 | type`, and the host's copy of the
// keys derived as in fact sheet 4.4 into mac_key / cipher_key (each host_key_length(type) bytes,
// else kInvalidArgument and nothing sent). The outputs are written only when the chip accepted.
Status establish_host_key(CommandChannel& channel, hal::Crypto& crypto, HostKeyType type, std::span<uint8_t> mac_key,
                          std::span<uint8_t> cipher_key);

}  // namespace kb::core::stsafe::commands
