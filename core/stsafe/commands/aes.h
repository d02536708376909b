#pragma once
// AES with a key in a symmetric slot (fact sheet 2.5); the chip picks ECB or CCM* from the slot's
// mode of operation, and both use sub-command 02:
//   CCM* encrypt 1B → 02 | slot | nonce (13) | AAD len (2) | AAD | message len (2) | message
//                   ← ciphertext | tag | counter presence (1) | [counter (4, BE)]
//   CCM* decrypt 1C → 02 | slot | nonce | AAD len | AAD | (message + tag) len (2) | ciphertext | tag
//                   ← result (1) | plaintext
//   ECB 1B / 1C     → 02 | slot | data (whole blocks, no length field)      ← data
//   GCM encrypt 1B  → 02 | slot | IV len (2) | IV | AAD len (2) | AAD | message len (2) | message
//                   ← ciphertext | tag
//   GCM decrypt 1C  → 02 | slot | IV len | IV | AAD len | AAD | message len (2) | ciphertext | tag
//                   ← result (1) | plaintext        (the length counts the ciphertext alone)
//   GMAC is GCM with no message. The chunked forms (1F 11..1F 16) are in aes_chunked.h.
// The message is always sent, also with no AAD (ST's library leaves it out then: a bug, 2.5).
// The tag length and the counter are the slot's (its key info), not the command's: the functions
// take the slot's record from the key table (query 0x23) and hold the caller and the chip to it.
#include <algorithm>
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
inline constexpr size_t kDocumentedCcmBytes = 730;
inline constexpr size_t kDocumentedEcbBytes = 747;
// Sub-command, slot, nonce and the two length fields around AAD and message.
inline constexpr size_t kCcmFixedBytes = 2 + kCcmNonceBytes + 2 + 2;
inline constexpr size_t kCcmCounterBytes = 4;

// GCM (fact sheet 1.7 gives "GMAC 741 - IV"; the model's rule, an inference, holds AAD + message
// to it): sub-command, slot and the three length fields around IV, AAD and message.
inline constexpr size_t kDocumentedGcmBytes = 741;
inline constexpr size_t kGcmFixedBytes = 2 + 2 + 2 + 2;

// The tag lengths a CCM* slot can hold (fact sheet 2.5): 0, 4, 8 or 16.
constexpr bool valid_ccm_tag_length(size_t n) {
  return n == 0 || n == 4 || n == 8 || n == 16;
}

// What one frame carries under `protection` (CommandChannel::protection() of the command), ST's
// documented figure lowered where the C-MAC, the R-MAC and the encryption padding take room
// (fact sheet 1.7, 3.3-3.5). Encrypt: AAD + message in the command; the message alone also has
// to come back with the slot's tag, the counter presence byte and the counter.
struct CcmEncryptLimits {
  size_t aad_and_message = 0;  // 730 plain, 728 with C-MAC, 716 with C-MAC and C-ENC
  size_t message = 0;          // at most aad_and_message
};
constexpr CcmEncryptLimits ccm_encrypt_limits(Protection protection, size_t tag_length, bool counter_present) {
  const size_t both = std::min(kDocumentedCcmBytes, max_command_payload(protection, 1) - kCcmFixedBytes);
  const size_t back = max_response_payload(protection) - tag_length - 1 - (counter_present ? kCcmCounterBytes : 0);
  return CcmEncryptLimits{both, std::min(both, back)};
}
// Decrypt: AAD + ciphertext (the tag travels too) in the command; the plaintext comes back after
// the result byte.
struct CcmDecryptLimits {
  size_t aad_and_ciphertext = 0;  // 16-byte tag: 714 plain, 712 with C-MAC, 700 with C-MAC and C-ENC
  size_t ciphertext = 0;          // at most aad_and_ciphertext
};
constexpr CcmDecryptLimits ccm_decrypt_limits(Protection protection, size_t tag_length) {
  const size_t both = std::min(kDocumentedCcmBytes, max_command_payload(protection, 1) - kCcmFixedBytes) - tag_length;
  return CcmDecryptLimits{both, std::min(both, max_response_payload(protection) - 1)};
}
// ECB data, in whole blocks: 736 plain or with C-MAC, 720 with C-ENC or R-ENC.
constexpr size_t ecb_limit(Protection protection) {
  const size_t fits =
      std::min({kDocumentedEcbBytes, max_command_payload(protection, 1) - 2, max_response_payload(protection)});
  return fits / 16 * 16;
}

// GCM one-shot limits for an IV of iv_length bytes: AAD + message (+ tag when decrypting) within
// 741 - IV and the frame; the message (or plaintext) also has to come back with the tag (or the
// result byte). 0 when the IV alone leaves no room.
struct GcmLimits {
  size_t aad_and_data = 0;  // 16-byte tag, 12-byte IV, encrypt: 729 plain, 727 C-MAC, 715 C-MAC + C-ENC
  size_t data = 0;          // at most aad_and_data
};
namespace detail {
constexpr size_t less(size_t a, size_t b) {
  return a > b ? a - b : 0;
}
}  // namespace detail
constexpr GcmLimits gcm_encrypt_limits(Protection protection, size_t iv_length, size_t tag_length) {
  const size_t both = detail::less(
      std::min(kDocumentedGcmBytes, detail::less(max_command_payload(protection, 1), kGcmFixedBytes)), iv_length);
  return GcmLimits{both, std::min(both, detail::less(max_response_payload(protection), tag_length))};
}
constexpr GcmLimits gcm_decrypt_limits(Protection protection, size_t iv_length, size_t tag_length) {
  const size_t both = detail::less(gcm_encrypt_limits(protection, iv_length, 0).aad_and_data, tag_length);
  return GcmLimits{both, std::min(both, max_response_payload(protection) - 1)};
}

// `key` is the slot's record in the key table (query 0x23). Refused locally with nothing sent:
// an empty slot or a key of another mode → kKeyModeMismatch; tag.size() not the key's tag length →
// kTagLengthMismatch (detail: the key's); a nonce not 13 bytes or `ciphertext` not as long as
// `plaintext` → kInvalidArgument; AAD + message, or the message alone, over ccm_encrypt_limits()
// → kFrameLimit (detail: that limit). The answer must have exactly the shape of the key: message
// length + tag length + presence byte (+ 4 counter bytes for a key with a counter), else
// kResponseTruncated (short) or kResponseMalformed (long, or a presence byte that is not the
// key's). The counter is what a key with a counter reports.
Result<CcmCounter> aes_ccm_encrypt(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                                   std::span<const uint8_t> nonce, std::span<const uint8_t> aad,
                                   std::span<const uint8_t> plaintext, std::span<uint8_t> ciphertext,
                                   std::span<uint8_t> tag);
// true when the tag verified, with the plaintext in `plaintext` (as long as `ciphertext`, else
// kInvalidArgument). The same key checks as encryption (a tag of another length would make the
// chip split ciphertext and tag elsewhere and fail the check), limits from ccm_decrypt_limits().
// Whenever it does not return true — a failed tag, a refusal, an error — `plaintext` is all zero:
// a failed check releases nothing.
Result<bool> aes_ccm_decrypt(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                             std::span<const uint8_t> nonce, std::span<const uint8_t> aad,
                             std::span<const uint8_t> ciphertext, std::span<const uint8_t> tag,
                             std::span<uint8_t> plaintext);
// `in` whole 16-byte blocks, at least one, and `out` as long, else kInvalidArgument; more than
// ecb_limit() → kFrameLimit.
Status aes_ecb_encrypt(CommandChannel& channel, uint8_t slot, std::span<const uint8_t> in, std::span<uint8_t> out);
Status aes_ecb_decrypt(CommandChannel& channel, uint8_t slot, std::span<const uint8_t> in, std::span<uint8_t> out);

// AES-GCM with a GCM slot (`key` its key table record; GMAC: an empty plaintext). Refused locally
// with nothing sent: not a GCM key → kKeyModeMismatch; tag.size() not the key's tag length →
// kTagLengthMismatch (detail: the key's); an empty IV or `ciphertext` not as long as `plaintext`
// → kInvalidArgument; over gcm_encrypt_limits() → kFrameLimit (detail: that limit). The answer
// must be exactly ciphertext | tag: shorter → kResponseTruncated, longer → kResponseMalformed.
Status aes_gcm_encrypt(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                       std::span<const uint8_t> iv, std::span<const uint8_t> aad, std::span<const uint8_t> plaintext,
                       std::span<uint8_t> ciphertext, std::span<uint8_t> tag);
// true when the tag verified, the plaintext in `plaintext` (as long as `ciphertext`). The same
// local checks with gcm_decrypt_limits(); whenever it does not return true, `plaintext` is all zero.
Result<bool> aes_gcm_decrypt(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                             std::span<const uint8_t> iv, std::span<const uint8_t> aad,
                             std::span<const uint8_t> ciphertext, std::span<const uint8_t> tag,
                             std::span<uint8_t> plaintext);

}  // namespace kb::core::stsafe::commands
