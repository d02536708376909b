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
constexpr size_t kCounterBytes = 4;
constexpr uint8_t kTagVerified = 0x01;
constexpr uint8_t kTagFailed = 0x00;

Status ecb(CommandChannel& channel, uint8_t code, uint8_t slot, std::span<const uint8_t> in, std::span<uint8_t> out) {
  if (in.empty() || in.size() % 16 != 0 || in.size() > kMaxEcbBytes || out.size() != in.size()) {
    return Code::kInvalidArgument;
  }
  auto payload = PayloadWriter(channel.payload_buffer()).byte(kAesSubCommand).byte(slot).bytes(in).finish();
  if (!payload.ok()) return payload.status();
  auto response =
      channel.exchange(CommandHeader::standard(code), *payload, expect_exactly(static_cast<uint16_t>(in.size())));
  if (!response.ok()) return response.status();
  std::copy(response->payload.begin(), response->payload.end(), out.begin());
  return Code::kOk;
}

Result<bool> ccm_decrypt(CommandChannel& channel, uint8_t slot, std::span<const uint8_t> nonce,
                         std::span<const uint8_t> aad, std::span<const uint8_t> ciphertext,
                         std::span<const uint8_t> tag, std::span<uint8_t> plaintext) {
  if (nonce.size() != kCcmNonceBytes || !valid_ccm_tag_length(tag.size()) ||
      aad.size() + ciphertext.size() + tag.size() > kMaxCcmBytes || plaintext.size() != ciphertext.size()) {
    return Code::kInvalidArgument;
  }
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
  auto response = channel.exchange(CommandHeader::standard(command_code::kDecrypt), *payload, expect_at_least(1));
  if (!response.ok()) return response.status();
  const std::span<const uint8_t> answer = response->payload;
  if (answer[0] == kTagFailed) return false;
  if (answer[0] != kTagVerified) return Code::kResponseMalformed;
  if (answer.size() < 1 + plaintext.size()) return Code::kResponseTruncated;
  std::copy_n(answer.begin() + 1, plaintext.size(), plaintext.begin());
  return true;
}

}  // namespace

Result<CcmCounter> aes_ccm_encrypt(CommandChannel& channel, uint8_t slot, std::span<const uint8_t> nonce,
                                   std::span<const uint8_t> aad, std::span<const uint8_t> plaintext,
                                   std::span<uint8_t> ciphertext, std::span<uint8_t> tag) {
  if (nonce.size() != kCcmNonceBytes || !valid_ccm_tag_length(tag.size()) ||
      aad.size() + plaintext.size() > kMaxCcmBytes || ciphertext.size() != plaintext.size()) {
    return Code::kInvalidArgument;
  }
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
  const size_t fixed = plaintext.size() + tag.size();
  auto response = channel.exchange(CommandHeader::standard(command_code::kEncrypt), *payload,
                                   expect_at_least(static_cast<uint16_t>(fixed + 1)));
  if (!response.ok()) return response.status();
  const std::span<const uint8_t> answer = response->payload;
  CcmCounter counter;
  const uint8_t presence = answer[fixed];
  if (presence == kCounterPresent) {
    if (answer.size() < fixed + 1 + kCounterBytes) return Code::kResponseTruncated;
    counter.present = true;
    counter.value = (uint32_t{answer[fixed + 1]} << 24) | (uint32_t{answer[fixed + 2]} << 16) |
                    (uint32_t{answer[fixed + 3]} << 8) | uint32_t{answer[fixed + 4]};
  } else if (presence != kCounterAbsent) {
    return Code::kResponseMalformed;
  }
  std::copy_n(answer.begin(), plaintext.size(), ciphertext.begin());
  std::copy_n(answer.begin() + static_cast<std::ptrdiff_t>(plaintext.size()), tag.size(), tag.begin());
  return counter;
}

Result<bool> aes_ccm_decrypt(CommandChannel& channel, uint8_t slot, std::span<const uint8_t> nonce,
                             std::span<const uint8_t> aad, std::span<const uint8_t> ciphertext,
                             std::span<const uint8_t> tag, std::span<uint8_t> plaintext) {
  Result<bool> result = ccm_decrypt(channel, slot, nonce, aad, ciphertext, tag, plaintext);
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
