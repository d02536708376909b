#include "core/stsafe/commands/hash.h"

#include "core/stsafe/command_codes.h"
#include "core/stsafe/payload_writer.h"

namespace kb::core::stsafe::commands {

namespace {
constexpr CommandHeader kStart = CommandHeader::extended(extended_code::kStartHash);
constexpr CommandHeader kProcess = CommandHeader::extended(extended_code::kProcessHash);
constexpr CommandHeader kFinish = CommandHeader::extended(extended_code::kFinishHash);
constexpr size_t kDigestLengthBytes = 2;
}  // namespace

Status start_hash(CommandChannel& channel, HashAlgorithm algorithm, std::span<const uint8_t> message) {
  if (digest_bytes(algorithm) == 0 || message.empty()) return Code::kInvalidArgument;
  const size_t limit = start_hash_message_limit(channel.protection(kStart));
  if (message.size() > limit) return Status::with_detail(Code::kFrameLimit, static_cast<uint16_t>(limit));
  const auto id = hash_algorithm_id(algorithm);
  auto payload = PayloadWriter(channel.payload_buffer()).bytes(id).bytes(message).finish();
  if (!payload.ok()) return payload.status();
  auto response = channel.exchange(kStart, *payload, expect_exactly(0));
  return response.status();
}

Status process_hash(CommandChannel& channel, std::span<const uint8_t> message) {
  if (message.empty()) return Code::kInvalidArgument;
  const size_t limit = process_hash_message_limit(channel.protection(kProcess));
  if (message.size() > limit) return Status::with_detail(Code::kFrameLimit, static_cast<uint16_t>(limit));
  auto response = channel.exchange(kProcess, message, expect_exactly(0));
  return response.status();
}

Status finish_hash(CommandChannel& channel, HashAlgorithm algorithm, std::span<const uint8_t> message,
                   std::span<uint8_t> digest) {
  const size_t n = digest_bytes(algorithm);
  if (n == 0) return Code::kInvalidArgument;
  if (digest.size() < n) return Code::kBufferTooSmall;
  const size_t limit = process_hash_message_limit(channel.protection(kFinish));
  if (message.size() > limit) return Status::with_detail(Code::kFrameLimit, static_cast<uint16_t>(limit));
  auto response = channel.exchange(kFinish, message, expect_precisely(static_cast<uint16_t>(kDigestLengthBytes + n)));
  if (!response.ok()) return response.status();
  const std::span<const uint8_t> answer = response->payload;
  if (answer.size() != kDigestLengthBytes + n) return Code::kResponseMalformed;
  if (static_cast<size_t>(answer[0] << 8 | answer[1]) != n) return Code::kResponseMalformed;
  std::copy(answer.begin() + kDigestLengthBytes, answer.end(), digest.begin());
  return Code::kOk;
}

Status compute_hash(CommandChannel& channel, HashAlgorithm algorithm, std::span<const uint8_t> message,
                    std::span<uint8_t> digest) {
  if (digest_bytes(algorithm) == 0 || message.empty()) return Code::kInvalidArgument;
  if (digest.size() < digest_bytes(algorithm)) return Code::kBufferTooSmall;
  const size_t first = std::min(message.size(), start_hash_message_limit(channel.protection(kStart)));
  Status status = start_hash(channel, algorithm, message.first(first));
  if (!status.ok()) return status;
  const size_t chunk = process_hash_message_limit(channel.protection(kProcess));
  for (size_t at = first; at < message.size(); at += chunk) {
    status = process_hash(channel, message.subspan(at, std::min(chunk, message.size() - at)));
    if (!status.ok()) return status;
  }
  return finish_hash(channel, algorithm, {}, digest);
}

}  // namespace kb::core::stsafe::commands
