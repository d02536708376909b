// Encrypt (0x1B) and decrypt (0x1C) with a symmetric slot key (fact sheet 2.5). The slot's mode of
// operation picks the layout; the sub-command is 02 for all of them.
//   CCM* encrypt: 02 | slot | nonce (13) | AAD length (2) | AAD | message length (2) | message
//                 -> ciphertext | tag (the key's tag length) | counter presence | [counter (4)]
//   CCM* decrypt: 02 | slot | nonce (13) | AAD length (2) | AAD | ciphertext + tag length (2) | ciphertext | tag
//                 -> result (1) | plaintext; a failed tag gives result 0 and zero bytes in place
//                 of the plaintext (fact sheet 8.9): nothing decrypted leaves the chip unverified.
//   ECB:          02 | slot | data (whole blocks) -> data
//   GCM encrypt:  02 | slot | IV length (2) | IV | AAD length (2) | AAD | message length (2) | message
//                 -> ciphertext | tag (the key's tag length)
//   GCM decrypt:  02 | slot | IV length (2) | IV | AAD length (2) | AAD | message length (2) | ciphertext | tag
//                 -> result (1) | plaintext, zeros in its place when the tag fails (as CCM*). Unlike
//                 CCM*'s, the length field counts the ciphertext alone (ST's library): the key's tag
//                 length says how many bytes follow it. GMAC is GCM with no message.
// The chunked forms (1F 11..1F 16) are in aes_chunked.cc.
#include <algorithm>

#include "simulator/stsafe_a120/chip_aead.h"
#include "simulator/stsafe_a120/chip_crypto.h"
#include "simulator/stsafe_a120/commands/handlers.h"
#include "simulator/stsafe_a120/symmetric_keys.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint8_t kSubcommand = 0x02;
constexpr size_t kNonceLength = 13;
constexpr size_t kCounterLength = 4;

struct CcmFields {
  std::array<uint8_t, kNonceLength> nonce{};
  std::span<const uint8_t> aad;
  std::span<const uint8_t> data;  // message (encrypt) or ciphertext | tag (decrypt)
};

uint16_t be16(std::span<const uint8_t> b) {
  return static_cast<uint16_t>(b[0] << 8 | b[1]);
}

// nonce | AAD length | AAD | data length | data, with every length exact.
std::optional<CcmFields> parse_ccm(std::span<const uint8_t> fields) {
  CcmFields f;
  if (fields.size() < kNonceLength + 2) return std::nullopt;
  std::copy_n(fields.begin(), kNonceLength, f.nonce.begin());
  std::span<const uint8_t> rest = fields.subspan(kNonceLength);
  const size_t aad_length = be16(rest);
  rest = rest.subspan(2);
  if (rest.size() < aad_length + 2) return std::nullopt;
  f.aad = rest.first(aad_length);
  rest = rest.subspan(aad_length);
  const size_t data_length = be16(rest);
  rest = rest.subspan(2);
  if (rest.size() != data_length) return std::nullopt;
  f.data = rest;
  return f;
}

// The key for an AES command (subcommand | slot | ...): a CCM, ECB or GCM key with the usage bit.
std::variant<const SymmetricKeySlot*, Status> aes_key(const CommandContext& context, std::span<const uint8_t> payload,
                                                      uint8_t usage_bit) {
  if (payload.size() < 2) return Status::kInconsistentCommandData;
  if (payload[0] != kSubcommand) return Status::kValueOutOfRange;
  const uint8_t slot = payload[1];
  if (slot < kSymmetricSlotCount && context.state.symmetric_keys[slot].present) {
    const KeyMode mode = context.state.symmetric_keys[slot].info.mode;
    if (mode == KeyMode::kEcb || mode == KeyMode::kGcm) return key_for_use(context.state, slot, mode, usage_bit);
  }
  return key_for_use(context.state, slot, KeyMode::kCcm, usage_bit);
}

struct GcmFields {
  std::span<const uint8_t> iv;
  std::span<const uint8_t> aad;
  std::span<const uint8_t> data;  // message (encrypt) or ciphertext (decrypt)
  std::span<const uint8_t> tag;   // decrypt: what follows the ciphertext, exactly tag_length bytes
};

// IV length | IV | AAD length | AAD | data length | data | [tag (tag_length)], every length exact.
// INCONSISTENT_COMMAND_DATA when the lengths do not add up, VALUE_OUT_OF_RANGE for an empty IV.
std::variant<GcmFields, Status> parse_gcm(std::span<const uint8_t> fields, size_t tag_length) {
  GcmFields f;
  std::span<const uint8_t> rest = fields;
  std::span<const uint8_t>* parts[] = {&f.iv, &f.aad, &f.data};
  for (std::span<const uint8_t>* part : parts) {
    if (rest.size() < 2) return Status::kInconsistentCommandData;
    const size_t length = be16(rest);
    rest = rest.subspan(2);
    if (rest.size() < length) return Status::kInconsistentCommandData;
    *part = rest.first(length);
    rest = rest.subspan(length);
  }
  if (rest.size() != tag_length) return Status::kInconsistentCommandData;
  if (f.iv.empty()) return Status::kValueOutOfRange;
  f.tag = rest;
  return f;
}

Response gcm_encrypt(const SymmetricKeySlot& key, std::span<const uint8_t> fields) {
  std::variant<GcmFields, Status> f = parse_gcm(fields, 0);
  if (const Status* error = std::get_if<Status>(&f)) return Response::error(*error);
  const GcmFields& g = std::get<GcmFields>(f);
  return Response::ok(chip_aead::gcm_encrypt(key.key, g.iv, g.aad, g.data, key.info.tag_length));
}

Response gcm_decrypt(const SymmetricKeySlot& key, std::span<const uint8_t> fields) {
  std::variant<GcmFields, Status> f = parse_gcm(fields, key.info.tag_length);
  if (const Status* error = std::get_if<Status>(&f)) return Response::error(*error);
  const GcmFields& g = std::get<GcmFields>(f);
  std::optional<std::vector<uint8_t>> plain = chip_aead::gcm_decrypt(key.key, g.iv, g.aad, g.data, g.tag);
  std::vector<uint8_t> out{static_cast<uint8_t>(plain ? 0x01 : 0x00)};
  if (plain) {
    for (uint8_t b : *plain) out.push_back(b);
  } else {
    out.resize(1 + g.data.size(), 0x00);
  }
  return Response::ok(std::move(out));
}

Response ecb(const SymmetricKeySlot& key, std::span<const uint8_t> data, bool encrypt) {
  if (data.empty() || data.size() % chip_crypto::kAesBlock != 0)
    return Response::error(Status::kInconsistentCommandData);
  return Response::ok(encrypt ? chip_crypto::aes_ecb_encrypt(key.key, data)
                              : chip_crypto::aes_ecb_decrypt(key.key, data));
}

Response ccm_encrypt(CommandContext& context, const SymmetricKeySlot& key, std::span<const uint8_t> fields) {
  std::optional<CcmFields> f = parse_ccm(fields);
  if (!f) return Response::error(Status::kInconsistentCommandData);
  const SymmetricKeyInfo& info = key.info;
  std::vector<uint8_t> counter;
  if (info.has_counter) {
    // The counter makes every nonce this key encrypts under distinct, so it is spent (persisted)
    // before the encryption and never used twice, even across a power cut.
    if (key.counter == 0xFFFFFFFF) return Response::error(Status::kCounterLimitExceeded);
    context.store.write_symmetric_key_counter(info.slot, key.counter + 1);
    for (size_t i = 0; i < kCounterLength; ++i) {
      counter.push_back(static_cast<uint8_t>(key.counter >> (8 * (kCounterLength - 1 - i))));
    }
    std::copy(counter.begin(), counter.end(), f->nonce.begin() + info.counter_offset);
  }
  std::vector<uint8_t> out = chip_crypto::ccm_encrypt(key.key, f->nonce, f->aad, f->data, info.tag_length);
  out.push_back(info.has_counter ? 0x01 : 0x00);
  out.insert(out.end(), counter.begin(), counter.end());
  return Response::ok(std::move(out));
}

Response ccm_decrypt(const SymmetricKeySlot& key, std::span<const uint8_t> fields) {
  std::optional<CcmFields> f = parse_ccm(fields);
  if (!f) return Response::error(Status::kInconsistentCommandData);
  const size_t tag_length = key.info.tag_length;
  if (f->data.size() < tag_length) return Response::error(Status::kInconsistentCommandData);
  const size_t message_length = f->data.size() - tag_length;
  std::optional<std::vector<uint8_t>> plain = chip_crypto::ccm_decrypt(
      key.key, f->nonce, f->aad, f->data.first(message_length), f->data.subspan(message_length));
  std::vector<uint8_t> out{static_cast<uint8_t>(plain ? 0x01 : 0x00)};
  if (plain) {
    out.insert(out.end(), plain->begin(), plain->end());
  } else {
    out.resize(1 + message_length, 0x00);
  }
  return Response::ok(std::move(out));
}
}  // namespace

Response run_encrypt(CommandContext& context, std::span<const uint8_t> payload) {
  auto key = aes_key(context, payload, key_usage::kEncryption);
  if (const Status* error = std::get_if<Status>(&key)) return Response::error(*error);
  const SymmetricKeySlot& k = *std::get<const SymmetricKeySlot*>(key);
  if (k.info.mode == KeyMode::kEcb) return ecb(k, payload.subspan(2), true);
  if (k.info.mode == KeyMode::kGcm) return gcm_encrypt(k, payload.subspan(2));
  return ccm_encrypt(context, k, payload.subspan(2));
}

Response run_decrypt(CommandContext& context, std::span<const uint8_t> payload) {
  auto key = aes_key(context, payload, key_usage::kDecryption);
  if (const Status* error = std::get_if<Status>(&key)) return Response::error(*error);
  const SymmetricKeySlot& k = *std::get<const SymmetricKeySlot*>(key);
  if (k.info.mode == KeyMode::kEcb) return ecb(k, payload.subspan(2), false);
  if (k.info.mode == KeyMode::kGcm) return gcm_decrypt(k, payload.subspan(2));
  return ccm_decrypt(k, payload.subspan(2));
}

}  // namespace kb::sim::stsafe_a120
