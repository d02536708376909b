#pragma once
// Start / process / finish hash (1F 00 / 1F 01 / 1F 02; layouts of ST's stsafea_hash.c, algorithm
// identifiers fact sheet 2.4): the chip digests a message sent in pieces.
//   1F 00 → hash algorithm id (11) | message      ← none
//   1F 01 → message                               ← none
//   1F 02 → message (may be empty)                ← digest length (2, BE) | digest
// The chip holds one hash context in RAM; a reset or a power cycle loses it (and a hibernation).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/hash_algorithms.h"

namespace kb::core::stsafe::commands {

// What ST's stse_compute_hash puts in one frame (fact sheet 1.7): 752 − 2 − 1 = 749 message bytes
// per Process Hash, 11 fewer in Start Hash because of the algorithm id.
inline constexpr size_t kHashChunkBytes = 749;
inline constexpr size_t kFirstHashChunkBytes = kHashChunkBytes - kHashAlgorithmIdBytes;

// The most message bytes one command carries under `protection` (CommandChannel::protection() of
// the command): ST's chunk sizes above, lowered where a C-MAC or C-ENC padding takes room.
constexpr size_t start_hash_message_limit(Protection protection) {
  return std::min(kFirstHashChunkBytes, max_command_payload(protection, 2) - kHashAlgorithmIdBytes);
}
constexpr size_t process_hash_message_limit(Protection protection) {
  return std::min(kHashChunkBytes, max_command_payload(protection, 2));
}

// Refused locally, nothing sent: an algorithm value outside the enum or an empty message →
// kInvalidArgument (ST's library refuses an empty start or process too); a message over the
// command's limit → kFrameLimit (detail: the limit).
Status start_hash(CommandChannel& channel, HashAlgorithm algorithm, std::span<const uint8_t> message);
Status process_hash(CommandChannel& channel, std::span<const uint8_t> message);
// `algorithm` is the one Start Hash named (the answer's size depends on it); the digest lands in
// digest[0, digest_bytes(algorithm)). `message` may be empty. digest shorter than the algorithm's
// → kBufferTooSmall; an answer whose length field is not the algorithm's digest length, or of
// another size → kResponseMalformed / kResponseTruncated.
Status finish_hash(CommandChannel& channel, HashAlgorithm algorithm, std::span<const uint8_t> message,
                   std::span<uint8_t> digest);

// The whole message through the chip as ST's stse_compute_hash sends it: Start Hash with the
// first chunk, Process Hash per further chunk, then an empty Finish Hash. Empty message →
// kInvalidArgument. The first failure stops the sequence and is returned.
Status compute_hash(CommandChannel& channel, HashAlgorithm algorithm, std::span<const uint8_t> message,
                    std::span<uint8_t> digest);

}  // namespace kb::core::stsafe::commands
