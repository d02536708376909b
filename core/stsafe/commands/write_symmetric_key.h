#pragma once
// Write symmetric key, plaintext (extended 0x17) and wrapped (extended 0x09), fact sheet 2.5, 2.8, 4.3.
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/commands/kek_session.h"
#include "core/stsafe/types.h"

namespace kb::core::stsafe::commands {

// key info (at most 8) + key (at most 32) + padding (1 to 8).
inline constexpr size_t kMaxSymmetricEnvelopePlaintextBytes = kMaxKeyInfoBytes + 32 + 8;
inline constexpr size_t kMaxSymmetricEnvelopeBytes = kMaxSymmetricEnvelopePlaintextBytes + 8;

// kInvalidArgument unless info.valid() and key is info.key_length() bytes.
Status check_symmetric_key(const SymmetricKeyInfo& info, std::span<const uint8_t> key);

// `1F 17 key info | key`. Bad info or key → kInvalidArgument, nothing sent. A slot whose control
// fields forbid plaintext answers 0x1E.
Status write_symmetric_key_plaintext(CommandChannel& channel, const SymmetricKeyInfo& info,
                                     std::span<const uint8_t> key);

// The envelope before wrapping: `key info | key | 80 00..`, padded to a multiple of 8 with 1 to 8
// bytes. Returns its length; bad info or key → kInvalidArgument, `out` shorter → kBufferTooSmall.
Result<size_t> symmetric_key_envelope_plaintext(const SymmetricKeyInfo& info, std::span<const uint8_t> key,
                                                std::span<uint8_t> out);
// `1F 09 | wrapped envelope`; the slot travels inside it. A length that no envelope has (not a
// multiple of 8, or outside 32..56) → kInvalidArgument, nothing sent.
Status write_symmetric_key_wrapped(CommandChannel& channel, std::span<const uint8_t> wrapped_envelope);
// Builds the envelope, wraps it under the next working KEK of `kek` (started) and sends 1F 09.
Status write_symmetric_key_wrapped(CommandChannel& channel, VolatileKekSession& kek, const SymmetricKeyInfo& info,
                                   std::span<const uint8_t> key);

}  // namespace kb::core::stsafe::commands
