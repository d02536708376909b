#include "core/stsafe/commands/aes_chunked.h"

#include <algorithm>
#include <array>

#include "core/stsafe/command_codes.h"
#include "core/stsafe/payload_writer.h"
#include "core/stsafe/wipe.h"

namespace kb::core::stsafe::commands {

namespace {

constexpr uint8_t kStartEncrypt = 0x11;
constexpr uint8_t kProcessEncrypt = 0x12;
constexpr uint8_t kFinishEncrypt = 0x13;
constexpr uint8_t kStartDecrypt = 0x14;
constexpr uint8_t kProcessDecrypt = 0x15;
constexpr uint8_t kFinishDecrypt = 0x16;
constexpr uint8_t kCounterAbsent = 0x00;
constexpr uint8_t kCounterPresent = 0x01;
constexpr uint8_t kTagVerified = 0x01;
constexpr uint8_t kTagFailed = 0x00;
constexpr size_t kCounterBytes = 4;
// The start fields in front of the chunks: slot | nonce length | nonce | [CCM* totals].
constexpr size_t kMaxHeadBytes = 1 + 2 + 255 + kCcmTotalsBytes;

Status frame_limit(size_t limit) {
  return Status::with_detail(Code::kFrameLimit, static_cast<uint16_t>(limit));
}

Status check_limits(const ChunkLimits& limits, size_t aad, size_t data) {
  if (aad + data > limits.aad_and_data) return frame_limit(limits.aad_and_data);
  if (data > limits.data) return frame_limit(limits.data);
  return Code::kOk;
}

// slot | nonce length (2) | nonce [| total AAD (2) | total message (4)] into `out`.
size_t write_head(std::span<uint8_t> out, uint8_t slot, std::span<const uint8_t> nonce, bool ccm, size_t total_aad,
                  size_t total_message) {
  size_t n = 0;
  auto put = [&](uint8_t b) { out[n++] = b; };
  put(slot);
  put(static_cast<uint8_t>(nonce.size() >> 8));
  put(static_cast<uint8_t>(nonce.size()));
  for (uint8_t b : nonce) put(b);
  if (ccm) {
    put(static_cast<uint8_t>(total_aad >> 8));
    put(static_cast<uint8_t>(total_aad));
    for (int shift = 24; shift >= 0; shift -= 8) put(static_cast<uint8_t>(total_message >> shift));
  }
  return n;
}

}  // namespace

Status ChunkedAes::begin(const SymmetricKeySlotInfo& key, ModeOfOperation mode, bool encrypt, size_t total_aad,
                         size_t total_message) {
  running_ = false;
  if (!key.present || key.mode != mode) return Code::kKeyModeMismatch;
  encrypt_ = encrypt;
  ccm_ = mode == ModeOfOperation::kCcm;
  tag_length_ = key.tag_length;
  total_aad_ = total_aad;
  total_message_ = total_message;
  aad_seen_ = 0;
  message_seen_ = 0;
  return Code::kOk;
}

Status ChunkedAes::account(std::span<const uint8_t> aad, std::span<const uint8_t> data) {
  if (!aad.empty()) {
    if (message_seen_ > 0) return Code::kInvalidArgument;  // AAD after message bytes
    if (ccm_ && aad_seen_ + aad.size() > total_aad_) return Code::kInvalidArgument;
  }
  if (!data.empty() && ccm_) {
    if (aad_seen_ + aad.size() != total_aad_) return Code::kInvalidArgument;
    if (message_seen_ + data.size() > total_message_) return Code::kInvalidArgument;
  }
  aad_seen_ += aad.size();
  message_seen_ += data.size();
  return Code::kOk;
}

Result<ResponseFrame> ChunkedAes::send(CommandChannel& channel, uint8_t ext_code, std::span<const uint8_t> head,
                                       std::span<const uint8_t> aad, std::span<const uint8_t> data,
                                       std::span<const uint8_t> tag, ExpectedPayload expected) {
  auto payload = PayloadWriter(channel.payload_buffer())
                     .bytes(head)
                     .be16(static_cast<uint16_t>(aad.size()))
                     .bytes(aad)
                     .be16(static_cast<uint16_t>(data.size()))
                     .bytes(data)
                     .bytes(tag)
                     .finish();
  if (!payload.ok()) return payload.status();
  return channel.exchange(CommandHeader::extended(ext_code), *payload, expected);
}

Result<CcmCounter> ChunkedAes::start_ccm_encrypt(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                                                 std::span<const uint8_t> nonce, size_t total_aad, size_t total_message,
                                                 std::span<const uint8_t> aad, std::span<const uint8_t> plaintext,
                                                 std::span<uint8_t> ciphertext) {
  KB_TRY(begin(key, ModeOfOperation::kCcm, true, total_aad, total_message));
  if (nonce.size() != kCcmNonceBytes || ciphertext.size() != plaintext.size() || total_aad > 0xFFFF ||
      total_message > kMaxCcmChunkedMessage) {
    return Code::kInvalidArgument;
  }
  KB_TRY(check_limits(chunk_start_limits(channel.protection(CommandHeader::extended(kStartEncrypt)), true, nonce.size(),
                                         true, key.counter_present),
                      aad.size(), plaintext.size()));
  KB_TRY(account(aad, plaintext));
  std::array<uint8_t, kMaxHeadBytes> head{};
  const size_t head_size = write_head(head, slot, nonce, true, total_aad, total_message);
  const size_t shape = plaintext.size() + 1 + (key.counter_present ? kCounterBytes : 0);
  auto response = send(channel, kStartEncrypt, std::span(head).first(head_size), aad, plaintext, {},
                       expect_precisely(static_cast<uint16_t>(shape)));
  if (!response.ok()) return response.status();
  const std::span<const uint8_t> answer = response->payload;
  const size_t at = plaintext.size();
  if (answer[at] != (key.counter_present ? kCounterPresent : kCounterAbsent)) return Code::kResponseMalformed;
  CcmCounter counter;
  if (key.counter_present) {
    counter.present = true;
    counter.value = (uint32_t{answer[at + 1]} << 24) | (uint32_t{answer[at + 2]} << 16) |
                    (uint32_t{answer[at + 3]} << 8) | uint32_t{answer[at + 4]};
  }
  std::copy_n(answer.begin(), plaintext.size(), ciphertext.begin());
  running_ = true;
  return counter;
}

Status ChunkedAes::start_ccm_decrypt(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                                     std::span<const uint8_t> nonce, size_t total_aad, size_t total_ciphertext,
                                     std::span<const uint8_t> aad, std::span<const uint8_t> ciphertext,
                                     std::span<uint8_t> plaintext) {
  KB_TRY(begin(key, ModeOfOperation::kCcm, false, total_aad, total_ciphertext));
  if (nonce.size() != kCcmNonceBytes || ciphertext.size() != plaintext.size() || total_aad > 0xFFFF ||
      total_ciphertext > kMaxCcmChunkedMessage) {
    return Code::kInvalidArgument;
  }
  KB_TRY(check_limits(
      chunk_start_limits(channel.protection(CommandHeader::extended(kStartDecrypt)), true, nonce.size(), false, false),
      aad.size(), ciphertext.size()));
  KB_TRY(account(aad, ciphertext));
  std::array<uint8_t, kMaxHeadBytes> head{};
  const size_t head_size = write_head(head, slot, nonce, true, total_aad, total_ciphertext);
  auto response = send(channel, kStartDecrypt, std::span(head).first(head_size), aad, ciphertext, {},
                       expect_precisely(static_cast<uint16_t>(ciphertext.size())));
  if (!response.ok()) return response.status();
  std::copy(response->payload.begin(), response->payload.end(), plaintext.begin());
  running_ = true;
  return Code::kOk;
}

Status ChunkedAes::start_gcm_encrypt(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                                     std::span<const uint8_t> iv, std::span<const uint8_t> aad,
                                     std::span<const uint8_t> plaintext, std::span<uint8_t> ciphertext) {
  return start_gcm(channel, slot, key, iv, aad, plaintext, ciphertext, true);
}

Status ChunkedAes::start_gcm_decrypt(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                                     std::span<const uint8_t> iv, std::span<const uint8_t> aad,
                                     std::span<const uint8_t> ciphertext, std::span<uint8_t> plaintext) {
  return start_gcm(channel, slot, key, iv, aad, ciphertext, plaintext, false);
}

// GCM starts carry no totals, so both directions send the same frame under their own code.
Status ChunkedAes::start_gcm(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                             std::span<const uint8_t> iv, std::span<const uint8_t> aad, std::span<const uint8_t> in,
                             std::span<uint8_t> out, bool encrypt) {
  KB_TRY(begin(key, ModeOfOperation::kGcm, encrypt, 0, 0));
  if (iv.empty() || iv.size() > 255 || out.size() != in.size()) return Code::kInvalidArgument;
  const uint8_t code = encrypt ? kStartEncrypt : kStartDecrypt;
  KB_TRY(check_limits(
      chunk_start_limits(channel.protection(CommandHeader::extended(code)), false, iv.size(), encrypt, false),
      aad.size(), in.size()));
  KB_TRY(account(aad, in));
  std::array<uint8_t, kMaxHeadBytes> head{};
  const size_t head_size = write_head(head, slot, iv, false, 0, 0);
  auto response = send(channel, code, std::span(head).first(head_size), aad, in, {},
                       expect_precisely(static_cast<uint16_t>(in.size())));
  if (!response.ok()) return response.status();
  std::copy(response->payload.begin(), response->payload.end(), out.begin());
  running_ = true;
  return Code::kOk;
}

Status ChunkedAes::process(CommandChannel& channel, std::span<const uint8_t> aad, std::span<const uint8_t> in,
                           std::span<uint8_t> out) {
  if (!running_ || out.size() != in.size()) return Code::kInvalidArgument;
  const uint8_t code = encrypt_ ? kProcessEncrypt : kProcessDecrypt;
  KB_TRY(check_limits(chunk_limits(channel.protection(CommandHeader::extended(code)), encrypt_, false, tag_length_),
                      aad.size(), in.size()));
  KB_TRY(account(aad, in));
  running_ = false;  // until the chip has answered
  auto response = send(channel, code, {}, aad, in, {}, expect_precisely(static_cast<uint16_t>(in.size())));
  if (!response.ok()) return response.status();
  std::copy(response->payload.begin(), response->payload.end(), out.begin());
  running_ = true;
  return Code::kOk;
}

Status ChunkedAes::finish_encrypt(CommandChannel& channel, std::span<const uint8_t> aad,
                                  std::span<const uint8_t> plaintext, std::span<uint8_t> ciphertext,
                                  std::span<uint8_t> tag) {
  if (!running_ || !encrypt_ || ciphertext.size() != plaintext.size()) return Code::kInvalidArgument;
  if (tag.size() != tag_length_) return Status::with_detail(Code::kTagLengthMismatch, tag_length_);
  KB_TRY(
      check_limits(chunk_limits(channel.protection(CommandHeader::extended(kFinishEncrypt)), true, true, tag_length_),
                   aad.size(), plaintext.size()));
  if (ccm_ && (aad_seen_ + aad.size() != total_aad_ || message_seen_ + plaintext.size() != total_message_))
    return Code::kInvalidArgument;
  KB_TRY(account(aad, plaintext));
  running_ = false;
  auto response = send(channel, kFinishEncrypt, {}, aad, plaintext, {},
                       expect_precisely(static_cast<uint16_t>(plaintext.size() + tag.size())));
  if (!response.ok()) return response.status();
  const std::span<const uint8_t> answer = response->payload;
  std::copy_n(answer.begin(), plaintext.size(), ciphertext.begin());
  std::copy_n(answer.begin() + static_cast<std::ptrdiff_t>(plaintext.size()), tag.size(), tag.begin());
  return Code::kOk;
}

Result<bool> ChunkedAes::finish_decrypt(CommandChannel& channel, std::span<const uint8_t> aad,
                                        std::span<const uint8_t> ciphertext, std::span<const uint8_t> tag,
                                        std::span<uint8_t> plaintext) {
  auto run = [&]() -> Result<bool> {
    if (!running_ || encrypt_ || plaintext.size() != ciphertext.size()) return Code::kInvalidArgument;
    if (tag.size() != tag_length_) return Status::with_detail(Code::kTagLengthMismatch, tag_length_);
    KB_TRY(check_limits(
        chunk_limits(channel.protection(CommandHeader::extended(kFinishDecrypt)), false, true, tag_length_), aad.size(),
        ciphertext.size()));
    if (ccm_ && (aad_seen_ + aad.size() != total_aad_ || message_seen_ + ciphertext.size() != total_message_))
      return Code::kInvalidArgument;
    KB_TRY(account(aad, ciphertext));
    running_ = false;
    // At least the result byte: what follows a failed check is not defined (fact sheet 8 #9).
    auto response = send(channel, kFinishDecrypt, {}, aad, ciphertext, tag, expect_at_least(1));
    if (!response.ok()) return response.status();
    const std::span<const uint8_t> answer = response->payload;
    if (answer[0] == kTagFailed) return false;
    if (answer[0] != kTagVerified) return Code::kResponseMalformed;
    if (answer.size() < 1 + plaintext.size()) return Code::kResponseTruncated;
    if (answer.size() > 1 + plaintext.size()) return Code::kResponseMalformed;
    std::copy_n(answer.begin() + 1, plaintext.size(), plaintext.begin());
    return true;
  };
  Result<bool> result = run();
  if (!result.ok() || !*result) wipe(plaintext);
  return result;
}

}  // namespace kb::core::stsafe::commands
