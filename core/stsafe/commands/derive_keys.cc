#include "core/stsafe/commands/derive_keys.h"

#include <algorithm>
#include <array>

#include "core/stsafe/command_codes.h"
#include "core/stsafe/payload_writer.h"
#include "core/stsafe/wipe.h"

namespace kb::core::stsafe::commands {

namespace {
constexpr uint8_t kFromCommand = 0x00;
constexpr uint8_t kToResponse = 0x01;
constexpr uint8_t kSlot = 0x02;
constexpr uint8_t kExpand = 0x01;
constexpr uint8_t kExtract = 0x02;
constexpr std::array<uint8_t, 11> kSha256AlgorithmId = {0x00, 0x09, 0x60, 0x86, 0x48, 0x01,
                                                        0x65, 0x03, 0x04, 0x02, 0x01};
constexpr uint8_t kReturnedDescriptorBytes = 3;  // destination | key length (2)

// The input key field; a command-borne key must be [min, max] bytes.
Status write_input_key(PayloadWriter& w, const HkdfSecret& key, size_t min, size_t max) {
  if (key.in_slot) {
    w.byte(kSlot).byte(key.slot);
    return Code::kOk;
  }
  if (key.bytes.size() < min || key.bytes.size() > max) return Code::kInvalidArgument;
  w.byte(kFromCommand)
      .byte(static_cast<uint8_t>(ModeOfOperation::kHkdf))
      .be16(static_cast<uint16_t>(key.bytes.size()))
      .bytes(key.bytes);
  return Code::kOk;
}

Status write_salt(PayloadWriter& w, const HkdfSecret& salt) {
  if (salt.in_slot) {
    w.byte(kSlot).byte(salt.slot);
    return Code::kOk;
  }
  if (salt.bytes.size() > 0xFFFF) return Code::kInvalidArgument;
  w.byte(kFromCommand).be16(static_cast<uint16_t>(salt.bytes.size())).bytes(salt.bytes);
  return Code::kOk;
}

// Checks the requests against the results and writes info and descriptors; returns the response
// length the requests give.
Result<size_t> write_expand(PayloadWriter& w, std::span<const uint8_t> info,
                            std::span<const DerivedKeyRequest> requests, std::span<DerivedKey> results) {
  if (requests.empty() || requests.size() > kMaxDerivedKeys || results.size() != requests.size())
    return Code::kInvalidArgument;
  if (info.size() > 0xFFFF) return Code::kInvalidArgument;
  size_t okm = 0, response = 0;
  for (size_t i = 0; i < requests.size(); ++i) {
    const DerivedKeyRequest& r = requests[i];
    if (r.to_slot) {
      if (!r.info.valid()) return Code::kInvalidArgument;
      response += 1;
    } else {
      if (r.length == 0 || results[i].key.size() != r.length) return Code::kInvalidArgument;
      response += r.length;
    }
    okm += r.okm_length();
  }
  if (okm > kMaxHkdfOutputBytes) return Code::kInvalidArgument;
  w.be16(static_cast<uint16_t>(info.size())).bytes(info);
  for (const DerivedKeyRequest& r : requests) {
    if (!r.to_slot) {
      w.be16(kReturnedDescriptorBytes).byte(kToResponse).be16(r.length);
      continue;
    }
    std::array<uint8_t, kMaxKeyInfoBytes> encoded{};
    const size_t n = r.info.encode(encoded);
    // The key info without its slot byte (offset 1): the chip chooses the slot.
    w.be16(static_cast<uint16_t>(n)).byte(kSlot).byte(encoded[0]);
    w.bytes(std::span<const uint8_t>(encoded).subspan(2, n - 2));
  }
  return response;
}

Status send(CommandChannel& channel, const PayloadWriter& w, size_t response_length,
            std::span<const DerivedKeyRequest> requests, std::span<DerivedKey> results, uint8_t* prk_slot) {
  const CommandHeader header = CommandHeader::extended(extended_code::kDeriveKeys);
  const Protection protection = channel.protection(header);
  const size_t command_limit = max_command_payload(protection, 2);
  if (w.size() > command_limit) return Status::with_detail(Code::kFrameLimit, static_cast<uint16_t>(command_limit));
  const size_t response_limit = max_response_payload(protection);
  if (response_length > response_limit)
    return Status::with_detail(Code::kFrameLimit, static_cast<uint16_t>(response_limit));
  auto payload = w.finish();
  if (!payload.ok()) return payload.status();
  auto response = channel.exchange(header, *payload, expect_precisely(static_cast<uint16_t>(response_length)));
  if (!response.ok()) return response.status();
  std::span<const uint8_t> in = response->payload;
  if (prk_slot != nullptr) {
    *prk_slot = in[0];
    return Code::kOk;
  }
  // Check every slot number before handing anything out.
  std::array<bool, 256> seen{};
  size_t at = 0;
  for (const DerivedKeyRequest& r : requests) {
    if (r.to_slot) {
      if (seen[in[at]]) return Code::kResponseMalformed;
      seen[in[at]] = true;
      at += 1;
    } else {
      at += r.length;
    }
  }
  at = 0;
  for (size_t i = 0; i < requests.size(); ++i) {
    if (requests[i].to_slot) {
      results[i].slot = in[at++];
    } else {
      std::copy_n(in.begin() + static_cast<std::ptrdiff_t>(at), requests[i].length, results[i].key.begin());
      at += requests[i].length;
    }
  }
  return Code::kOk;
}

PayloadWriter& write_steps(PayloadWriter& w, uint8_t steps) {
  return w.byte(steps).bytes(kSha256AlgorithmId);
}

// A payload refused before its exchange still holds the input key: clear it.
Status cleared_on_error(CommandChannel& channel, Status s) {
  if (!s.ok()) wipe(channel.payload_buffer());
  return s;
}

Status extract(CommandChannel& channel, const HkdfSecret& ikm, const HkdfSecret& salt, uint8_t& slot) {
  PayloadWriter w(channel.payload_buffer());
  KB_TRY(write_input_key(w, ikm, kMinHkdfInputKeyBytes, kMaxHkdfInputKeyBytes));
  write_steps(w, kExtract);
  KB_TRY(write_salt(w, salt));
  return send(channel, w, 1, {}, {}, &slot);
}

Status expand(CommandChannel& channel, const HkdfSecret& prk, std::span<const uint8_t> info,
              std::span<const DerivedKeyRequest> requests, std::span<DerivedKey> results) {
  PayloadWriter w(channel.payload_buffer());
  KB_TRY(write_input_key(w, prk, kHkdfPrkBytes, kHkdfPrkBytes));
  write_steps(w, kExpand);
  auto response_length = write_expand(w, info, requests, results);
  if (!response_length.ok()) return response_length.status();
  return send(channel, w, *response_length, requests, results, nullptr);
}

Status derive(CommandChannel& channel, const HkdfSecret& ikm, const HkdfSecret& salt, std::span<const uint8_t> info,
              std::span<const DerivedKeyRequest> requests, std::span<DerivedKey> results) {
  PayloadWriter w(channel.payload_buffer());
  KB_TRY(write_input_key(w, ikm, kMinHkdfInputKeyBytes, kMaxHkdfInputKeyBytes));
  write_steps(w, kExtract | kExpand);
  KB_TRY(write_salt(w, salt));
  auto response_length = write_expand(w, info, requests, results);
  if (!response_length.ok()) return response_length.status();
  return send(channel, w, *response_length, requests, results, nullptr);
}
}  // namespace

Result<uint8_t> hkdf_extract(CommandChannel& channel, const HkdfSecret& ikm, const HkdfSecret& salt) {
  uint8_t slot = 0;
  KB_TRY(cleared_on_error(channel, extract(channel, ikm, salt, slot)));
  return slot;
}

Status hkdf_expand(CommandChannel& channel, const HkdfSecret& prk, std::span<const uint8_t> info,
                   std::span<const DerivedKeyRequest> requests, std::span<DerivedKey> results) {
  return cleared_on_error(channel, expand(channel, prk, info, requests, results));
}

Status hkdf_derive(CommandChannel& channel, const HkdfSecret& ikm, const HkdfSecret& salt,
                   std::span<const uint8_t> info, std::span<const DerivedKeyRequest> requests,
                   std::span<DerivedKey> results) {
  return cleared_on_error(channel, derive(channel, ikm, salt, info, requests, results));
}

}  // namespace kb::core::stsafe::commands
