#include "core/stsafe/commands/aes.h"

#include <algorithm>

#include "core/stsafe/command_codes.h"
#include "core/stsafe/payload_writer.h"
#include "core/stsafe/wipe.h"

namespace kb::core::stsafe::commands {

namespace {

constexpr uint8_t kAesSubCommand = 0x02;
constexpr uint8_t kCounterAbsent = 0x00;
constexpr uint8_t kCounterPresent = 0x01;
constexpr uint8_t kTagVerified = 0x01;
constexpr uint8_t kTagFailed = 0x00;

Status frame_limit(size_t limit) {
  return Status::with_detail(Code::kFrameLimit, static_cast<uint16_t>(limit));
}

// The key checks both CCM* directions share.
Status check_ccm_key(const SymmetricKeySlotInfo& key, size_t tag_length) {
  if (!key.present || key.mode != ModeOfOperation::kCcm) return Code::kKeyModeMismatch;
  if (tag_length != key.tag_length) return Status::with_detail(Code::kTagLengthMismatch, key.tag_length);
  return Code::kOk;
}

Status ecb(CommandChannel& channel, uint8_t code, uint8_t slot, std::span<const uint8_t> in, std::span<uint8_t> out) {
  if (in.empty() || in.size() % 16 != 0 || out.size() != in.size()) return Code::kInvalidArgument;
  const CommandHeader header = CommandHeader::standard(code);
  const size_t limit = ecb_limit(channel.protection(header));
  if (in.size() > limit) return frame_limit(limit);
  auto payload = PayloadWriter(channel.payload_buffer()).byte(kAesSubCommand).byte(slot).bytes(in).finish();
  if (!payload.ok()) return payload.status();
  auto response = channel.exchange(header, *payload, expect_exactly(static_cast<uint16_t>(in.size())));
  if (!response.ok()) return response.status();
  std::copy(response->payload.begin(), response->payload.end(), out.begin());
  return Code::kOk;
}

Result<bool> ccm_decrypt(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                         std::span<const uint8_t> nonce, std::span<const uint8_t> aad,
                         std::span<const uint8_t> ciphertext, std::span<const uint8_t> tag,
                         std::span<uint8_t> plaintext) {
  KB_TRY(check_ccm_key(key, tag.size()));
  if (nonce.size() != kCcmNonceBytes || plaintext.size() != ciphertext.size()) return Code::kInvalidArgument;
  const CommandHeader header = CommandHeader::standard(command_code::kDecrypt);
  const CcmDecryptLimits limits = ccm_decrypt_limits(channel.protection(header), tag.size());
  if (aad.size() + ciphertext.size() > limits.aad_and_ciphertext) return frame_limit(limits.aad_and_ciphertext);
  if (ciphertext.size() > limits.ciphertext) return frame_limit(limits.ciphertext);
  auto payload = PayloadWriter(channel.payload_buffer())
                     .byte(kAesSubCommand)
                     .byte(slot)
                     .bytes(nonce)
                     .be16(static_cast<uint16_t>(aad.size()))
                     .bytes(aad)
                     .be16(static_cast<uint16_t>(ciphertext.size() + tag.size()))
                     .bytes(ciphertext)
                     .bytes(tag)
                     .finish();
  if (!payload.ok()) return payload.status();
  // At least the result byte: what follows a failed check is not defined (fact sheet 8 #9).
  auto response = channel.exchange(header, *payload, expect_at_least(1));
  if (!response.ok()) return response.status();
  const std::span<const uint8_t> answer = response->payload;
  if (answer[0] == kTagFailed) return false;
  if (answer[0] != kTagVerified) return Code::kResponseMalformed;
  if (answer.size() < 1 + plaintext.size()) return Code::kResponseTruncated;
  std::copy_n(answer.begin() + 1, plaintext.size(), plaintext.begin());
  return true;
}

Status check_gcm_key(const SymmetricKeySlotInfo& key, size_t tag_length) {
  if (!key.present || key.mode != ModeOfOperation::kGcm) return Code::kKeyModeMismatch;
  if (tag_length != key.tag_length) return Status::with_detail(Code::kTagLengthMismatch, key.tag_length);
  return Code::kOk;
}

Status check_gcm_limits(const GcmLimits& limits, std::span<const uint8_t> aad, std::span<const uint8_t> data) {
  if (aad.size() + data.size() > limits.aad_and_data) return frame_limit(limits.aad_and_data);
  if (data.size() > limits.data) return frame_limit(limits.data);
  return Code::kOk;
}

// One-shot GCM, both directions: IV, AAD and data each with its length; decrypt appends the tag.
auto gcm_payload(CommandChannel& channel, uint8_t slot, std::span<const uint8_t> iv, std::span<const uint8_t> aad,
                 std::span<const uint8_t> data, std::span<const uint8_t> trailing_tag) {
  return PayloadWriter(channel.payload_buffer())
      .byte(kAesSubCommand)
      .byte(slot)
      .be16(static_cast<uint16_t>(iv.size()))
      .bytes(iv)
      .be16(static_cast<uint16_t>(aad.size()))
      .bytes(aad)
      .be16(static_cast<uint16_t>(data.size()))
      .bytes(data)
      .bytes(trailing_tag)
      .finish();
}

Result<bool> gcm_decrypt(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                         std::span<const uint8_t> iv, std::span<const uint8_t> aad, std::span<const uint8_t> ciphertext,
                         std::span<const uint8_t> tag, std::span<uint8_t> plaintext) {
  KB_TRY(check_gcm_key(key, tag.size()));
  if (iv.empty() || plaintext.size() != ciphertext.size()) return Code::kInvalidArgument;
  const CommandHeader header = CommandHeader::standard(command_code::kDecrypt);
  const GcmLimits limits = gcm_decrypt_limits(channel.protection(header), iv.size(), tag.size());
  KB_TRY(check_gcm_limits(limits, aad, ciphertext));
  auto payload = gcm_payload(channel, slot, iv, aad, ciphertext, tag);
  if (!payload.ok()) return payload.status();
  auto response = channel.exchange(header, *payload, expect_at_least(1));
  if (!response.ok()) return response.status();
  const std::span<const uint8_t> answer = response->payload;
  if (answer[0] == kTagFailed) return false;
  if (answer[0] != kTagVerified) return Code::kResponseMalformed;
  if (answer.size() < 1 + plaintext.size()) return Code::kResponseTruncated;
  if (answer.size() > 1 + plaintext.size()) return Code::kResponseMalformed;
  std::copy_n(answer.begin() + 1, plaintext.size(), plaintext.begin());
  return true;
}

}  // namespace

Status aes_gcm_encrypt(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                       std::span<const uint8_t> iv, std::span<const uint8_t> aad, std::span<const uint8_t> plaintext,
                       std::span<uint8_t> ciphertext, std::span<uint8_t> tag) {
  KB_TRY(check_gcm_key(key, tag.size()));
  if (iv.empty() || ciphertext.size() != plaintext.size()) return Code::kInvalidArgument;
  const CommandHeader header = CommandHeader::standard(command_code::kEncrypt);
  const GcmLimits limits = gcm_encrypt_limits(channel.protection(header), iv.size(), tag.size());
  KB_TRY(check_gcm_limits(limits, aad, plaintext));
  auto payload = gcm_payload(channel, slot, iv, aad, plaintext, {});
  if (!payload.ok()) return payload.status();
  auto response =
      channel.exchange(header, *payload, expect_precisely(static_cast<uint16_t>(plaintext.size() + tag.size())));
  if (!response.ok()) return response.status();
  const std::span<const uint8_t> answer = response->payload;
  std::copy_n(answer.begin(), plaintext.size(), ciphertext.begin());
  std::copy_n(answer.begin() + static_cast<std::ptrdiff_t>(plaintext.size()), tag.size(), tag.begin());
  return Code::kOk;
}

Result<bool> aes_gcm_decrypt(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                             std::span<const uint8_t> iv, std::span<const uint8_t> aad,
                             std::span<const uint8_t> ciphertext, std::span<const uint8_t> tag,
                             std::span<uint8_t> plaintext) {
  Result<bool> result = gcm_decrypt(channel, slot, key, iv, aad, ciphertext, tag, plaintext);
  if (!result.ok() || !*result) wipe(plaintext);
  return result;
}

Result<CcmCounter> aes_ccm_encrypt(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                                   std::span<const uint8_t> nonce, std::span<const uint8_t> aad,
                                   std::span<const uint8_t> plaintext, std::span<uint8_t> ciphertext,
                                   std::span<uint8_t> tag) {
  KB_TRY(check_ccm_key(key, tag.size()));
  if (nonce.size() != kCcmNonceBytes || ciphertext.size() != plaintext.size()) return Code::kInvalidArgument;
  const CommandHeader header = CommandHeader::standard(command_code::kEncrypt);
  const CcmEncryptLimits limits = ccm_encrypt_limits(channel.protection(header), tag.size(), key.counter_present);
  if (aad.size() + plaintext.size() > limits.aad_and_message) return frame_limit(limits.aad_and_message);
  if (plaintext.size() > limits.message) return frame_limit(limits.message);
  auto payload = PayloadWriter(channel.payload_buffer())
                     .byte(kAesSubCommand)
                     .byte(slot)
                     .bytes(nonce)
                     .be16(static_cast<uint16_t>(aad.size()))
                     .bytes(aad)
                     .be16(static_cast<uint16_t>(plaintext.size()))
                     .bytes(plaintext)
                     .finish();
  if (!payload.ok()) return payload.status();
  // Exactly the key's shape: ciphertext | tag | presence | [counter]. A byte more or less means the
  // slot is not what `key` says, and the fields cannot be placed.
  const size_t fixed = plaintext.size() + tag.size();
  const size_t shape = fixed + 1 + (key.counter_present ? kCcmCounterBytes : 0);
  auto response = channel.exchange(header, *payload, expect_precisely(static_cast<uint16_t>(shape)));
  if (!response.ok()) return response.status();
  const std::span<const uint8_t> answer = response->payload;
  CcmCounter counter;
  const uint8_t presence = answer[fixed];
  if (presence != (key.counter_present ? kCounterPresent : kCounterAbsent)) return Code::kResponseMalformed;
  if (key.counter_present) {
    counter.present = true;
    counter.value = (uint32_t{answer[fixed + 1]} << 24) | (uint32_t{answer[fixed + 2]} << 16) |
                    (uint32_t{answer[fixed + 3]} << 8) | uint32_t{answer[fixed + 4]};
  }
  std::copy_n(answer.begin(), plaintext.size(), ciphertext.begin());
  std::copy_n(answer.begin() + static_cast<std::ptrdiff_t>(plaintext.size()), tag.size(), tag.begin());
  return counter;
}

Result<bool> aes_ccm_decrypt(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                             std::span<const uint8_t> nonce, std::span<const uint8_t> aad,
                             std::span<const uint8_t> ciphertext, std::span<const uint8_t> tag,
                             std::span<uint8_t> plaintext) {
  Result<bool> result = ccm_decrypt(channel, slot, key, nonce, aad, ciphertext, tag, plaintext);
  if (!result.ok() || !*result) wipe(plaintext);
  return result;
}

Status aes_ecb_encrypt(CommandChannel& channel, uint8_t slot, std::span<const uint8_t> in, std::span<uint8_t> out) {
  return ecb(channel, command_code::kEncrypt, slot, in, out);
}

Status aes_ecb_decrypt(CommandChannel& channel, uint8_t slot, std::span<const uint8_t> in, std::span<uint8_t> out) {
  return ecb(channel, command_code::kDecrypt, slot, in, out);
}

}  // namespace kb::core::stsafe::commands
