#pragma once
// AES with a key in a symmetric slot (fact sheet 2.5); the chip picks ECB or CCM* from the slot's
// mode of operation, and both use sub-command 02:
//   CCM* encrypt 1B → 02 | slot | nonce (13) | AAD len (2) | AAD | message len (2) | message
//                   ← ciphertext | tag | counter presence (1) | [counter (4, BE)]
//   CCM* decrypt 1C → 02 | slot | nonce | AAD len | AAD | (message + tag) len (2) | ciphertext | tag
//                   ← result (1) | plaintext
//   ECB 1B / 1C     → 02 | slot | data (whole blocks, no length field)      ← data
// The message is always sent, also with no AAD (ST's library leaves it out then: a bug, 2.5).
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/types.h"

namespace kb::core::stsafe::commands {

inline constexpr size_t kCcmNonceBytes = 13;
// ST's documented A120 limits (fact sheet 1.7): CCM AAD + message (+ tag when decrypting) 730,
// ECB 747 (so 736 in whole blocks).
inline constexpr size_t kMaxCcmBytes = 730;
inline constexpr size_t kMaxEcbBytes = 736;

// The tag lengths a CCM* slot can hold (fact sheet 2.5): 0, 4, 8 or 16.
constexpr bool valid_ccm_tag_length(size_t n) {
  return n == 0 || n == 4 || n == 8 || n == 16;
}

// The tag length is tag.size() and must be the slot's. Locally refused with nothing sent
// (kInvalidArgument): a nonce not 13 bytes, a tag length valid_ccm_tag_length() refuses, AAD +
// message over kMaxCcmBytes, `ciphertext` not as long as `plaintext`. The counter is what a slot
// with a counter reports; a presence byte other than 0 or 1 → kResponseMalformed.
Result<CcmCounter> aes_ccm_encrypt(CommandChannel& channel, uint8_t slot, std::span<const uint8_t> nonce,
                                   std::span<const uint8_t> aad, std::span<const uint8_t> plaintext,
                                   std::span<uint8_t> ciphertext, std::span<uint8_t> tag);
// true when the tag verified, with the plaintext in `plaintext` (as long as `ciphertext`, else
// kInvalidArgument). Whenever it does not return true — a failed tag, a refusal, an error —
// `plaintext` is all zero: a failed check releases nothing.
Result<bool> aes_ccm_decrypt(CommandChannel& channel, uint8_t slot, std::span<const uint8_t> nonce,
                             std::span<const uint8_t> aad, std::span<const uint8_t> ciphertext,
                             std::span<const uint8_t> tag, std::span<uint8_t> plaintext);
// `in` whole 16-byte blocks, 16..kMaxEcbBytes, and `out` as long, else kInvalidArgument.
Status aes_ecb_encrypt(CommandChannel& channel, uint8_t slot, std::span<const uint8_t> in, std::span<uint8_t> out);
Status aes_ecb_decrypt(CommandChannel& channel, uint8_t slot, std::span<const uint8_t> in, std::span<uint8_t> out);

}  // namespace kb::core::stsafe::commands
