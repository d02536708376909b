#pragma once
// Chunked CCM* and GCM (fact sheet 2.2, 2.5): start, process and finish encrypt (1F 11..1F 13)
// and decrypt (1F 14..1F 16), for messages that do not fit one frame.
//   CCM* start → slot | nonce len (2) | nonce (13) | total AAD len (2) | total message len (4)
//                | AAD chunk len (2) | AAD | chunk len (2) | chunk
//              ← chunk [| counter presence (1) | counter (4, only for a key with a counter), encrypt]
//   GCM start  → slot | IV len (2) | IV | AAD chunk len (2) | AAD | chunk len (2) | chunk   ← chunk
//   process    → AAD chunk len (2) | AAD | chunk len (2) | chunk                           ← chunk
//   finish     → the same; decrypt appends the tag      ← encrypt: chunk | tag; decrypt: result | chunk
// All the AAD goes before the first message byte (GCM: no AAD once a message byte went; CCM*:
// the AAD total is reached before the message starts). The result equals the one-shot command's
// (commands/aes.h) for the same inputs.
//
// The chip holds one chunked operation in RAM; a reset or power loss ends it, and so does any
// error. ChunkedAes is the host's record of it: the key's mode and tag length from the key table
// (so the answers' shapes are checked exactly), the direction and the CCM* totals.
//
// Decryption releases each chunk's plaintext before the tag is checked at the finish: nothing of
// it may be trusted until finish_decrypt() returns true.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/commands/aes.h"
#include "core/stsafe/types.h"

namespace kb::core::stsafe::commands {

// ST's documented A120 chunk limits (fact sheet 1.7): start 735 - nonce - AAD, process / finish
// 744 - AAD.
inline constexpr size_t kDocumentedChunkStartBytes = 735;
inline constexpr size_t kDocumentedChunkBytes = 744;
// Start: slot, nonce/IV length, AAD and chunk lengths, and CCM*'s two totals.
inline constexpr size_t kChunkStartFixedBytes = 1 + 2 + 2 + 2;
inline constexpr size_t kCcmTotalsBytes = 2 + 4;
// Process / finish: the AAD and chunk lengths.
inline constexpr size_t kChunkFixedBytes = 2 + 2;
// CCM* with a 13-byte nonce has a 2-byte length field.
inline constexpr size_t kMaxCcmChunkedMessage = 0xFFFF;

// What one frame carries under `protection`, the documented figure lowered where the C-MAC, the
// R-MAC and the padding take room (fact sheet 1.7, 3.3-3.5): AAD + data chunk in the command, and
// the data chunk alone also has to come back with what the answer adds.
struct ChunkLimits {
  size_t aad_and_data = 0;
  size_t data = 0;  // at most aad_and_data
};
// A start with a nonce/IV of nonce_length bytes. CCM* encryption answers the counter presence byte
// (+ 4 counter bytes for a key with a counter). CCM*, 13-byte nonce: 722 plain, 720 with C-MAC,
// 709 with C-MAC and C-ENC.
constexpr ChunkLimits chunk_start_limits(Protection protection, bool ccm, size_t nonce_length, bool encrypt,
                                         bool counter_present) {
  const size_t fixed = kChunkStartFixedBytes + (ccm ? kCcmTotalsBytes : 0) + nonce_length;
  const size_t both = std::min(detail::less(kDocumentedChunkStartBytes, nonce_length),
                               detail::less(max_command_payload(protection, 2), fixed));
  const size_t added = ccm && encrypt ? 1 + (counter_present ? 4 : 0) : 0;
  return ChunkLimits{both, std::min(both, detail::less(max_response_payload(protection), added))};
}
// Process (finish = false) or finish. Finishing a decryption sends the tag; finishing an
// encryption answers it; a decryption finish answers the result byte. Process: 744 plain, 742
// with C-MAC, 731 with C-MAC and C-ENC.
constexpr ChunkLimits chunk_limits(Protection protection, bool encrypt, bool finish, size_t tag_length) {
  const size_t sent = finish && !encrypt ? tag_length : 0;
  const size_t both = detail::less(
      std::min(kDocumentedChunkBytes, detail::less(max_command_payload(protection, 2), kChunkFixedBytes)), sent);
  const size_t added = !finish ? 0 : encrypt ? tag_length : 1;
  return ChunkLimits{both, std::min(both, detail::less(max_response_payload(protection), added))};
}

class ChunkedAes {
 public:
  // Every start first ends the record of the operation before it (the chip's own operation ends
  // when a start reaches it, also a refused one). `key` is the slot's record in the key table.
  // Refused locally, nothing sent: a key of another mode → kKeyModeMismatch; a CCM* nonce not 13
  // bytes, an empty GCM IV (or one over 255 bytes), output not as long as input, a CCM* total
  // message over 65535, or chunks beyond the totals or out of order → kInvalidArgument; over
  // chunk_start_limits() → kFrameLimit (detail: the limit). Answers of any other shape than the
  // key's → kResponseTruncated / kResponseMalformed. The counter is what a key with a counter reports.
  Result<CcmCounter> start_ccm_encrypt(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                                       std::span<const uint8_t> nonce, size_t total_aad, size_t total_message,
                                       std::span<const uint8_t> aad, std::span<const uint8_t> plaintext,
                                       std::span<uint8_t> ciphertext);
  Status start_ccm_decrypt(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                           std::span<const uint8_t> nonce, size_t total_aad, size_t total_ciphertext,
                           std::span<const uint8_t> aad, std::span<const uint8_t> ciphertext,
                           std::span<uint8_t> plaintext);
  Status start_gcm_encrypt(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                           std::span<const uint8_t> iv, std::span<const uint8_t> aad,
                           std::span<const uint8_t> plaintext, std::span<uint8_t> ciphertext);
  Status start_gcm_decrypt(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                           std::span<const uint8_t> iv, std::span<const uint8_t> aad,
                           std::span<const uint8_t> ciphertext, std::span<uint8_t> plaintext);

  // One more chunk of the running operation (either direction). No operation → kInvalidArgument,
  // nothing sent; limits from chunk_limits().
  Status process(CommandChannel& channel, std::span<const uint8_t> aad, std::span<const uint8_t> in,
                 std::span<uint8_t> out);
  // The last chunk and the tag (tag.size() the key's, else kTagLengthMismatch). A CCM* operation
  // must reach its totals exactly with it (else kInvalidArgument, nothing sent).
  Status finish_encrypt(CommandChannel& channel, std::span<const uint8_t> aad, std::span<const uint8_t> plaintext,
                        std::span<uint8_t> ciphertext, std::span<uint8_t> tag);
  // true when the tag verified. Whenever it does not return true, `plaintext` (this last chunk) is
  // all zero.
  Result<bool> finish_decrypt(CommandChannel& channel, std::span<const uint8_t> aad,
                              std::span<const uint8_t> ciphertext, std::span<const uint8_t> tag,
                              std::span<uint8_t> plaintext);

  bool running() const { return running_; }
  bool encrypting() const { return encrypt_; }
  // After a reset or power cycle of the chip: its operation is gone.
  void forget() { running_ = false; }

 private:
  Status start_gcm(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key, std::span<const uint8_t> iv,
                   std::span<const uint8_t> aad, std::span<const uint8_t> in, std::span<uint8_t> out, bool encrypt);
  Status begin(const SymmetricKeySlotInfo& key, ModeOfOperation mode, bool encrypt, size_t total_aad,
               size_t total_message);
  // Local order and totals check of a chunk, then the counts.
  Status account(std::span<const uint8_t> aad, std::span<const uint8_t> data);
  Result<ResponseFrame> send(CommandChannel& channel, uint8_t ext_code, std::span<const uint8_t> head,
                             std::span<const uint8_t> aad, std::span<const uint8_t> data, std::span<const uint8_t> tag,
                             ExpectedPayload expected);

  bool running_ = false;
  bool encrypt_ = true;
  bool ccm_ = false;
  uint8_t tag_length_ = 0;
  size_t total_aad_ = 0;
  size_t total_message_ = 0;
  size_t aad_seen_ = 0;
  size_t message_seen_ = 0;
};

}  // namespace kb::core::stsafe::commands
