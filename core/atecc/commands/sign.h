#pragma once
// Sign (0x41, fact sheet B6.2): ECDSA P-256 with a slot's private key over an external message
// (loaded into TempKey or the message digest buffer by Nonce pass-through) or an internally
// generated one. The signature is R ‖ S, 32 bytes big-endian each.
#include <cstdint>
#include <span>

#include "core/atecc/atecc.h"
#include "core/atecc/message_source.h"

namespace kb::core::atecc::commands {

inline constexpr size_t kSignatureBytes = 64;
inline constexpr size_t kDigestBytes = 32;

Command sign_external_command(uint16_t key_id, MessageSource source);
// include_serial: mode bit 6; for_invalidate: mode bit 0 (a signature Verify invalidate accepts).
Command sign_internal_command(uint16_t key_id, bool include_serial = false, bool for_invalidate = false);

Status sign_external(Atecc& chip, uint16_t key_id, MessageSource source, std::span<uint8_t, kSignatureBytes> signature);
Status sign_internal(Atecc& chip, uint16_t key_id, bool include_serial, std::span<uint8_t, kSignatureBytes> signature,
                     bool for_invalidate = false);

// cryptoauthlib's sign of a host digest: Random (seed update), Nonce pass-through of the digest
// into `source`, Sign external — three cycles that rely on the buffer surviving idle.
Status sign_digest(Atecc& chip, uint16_t key_id, std::span<const uint8_t, kDigestBytes> digest,
                   std::span<uint8_t, kSignatureBytes> signature,
                   MessageSource source = MessageSource::kMessageDigestBuffer);

}  // namespace kb::core::atecc::commands
