#include "core/stsafe/stsafe.h"

#include "core/stsafe/commands/aes.h"
#include "core/stsafe/commands/decompress_public_key.h"
#include "core/stsafe/commands/decrement.h"
#include "core/stsafe/commands/echo.h"
#include "core/stsafe/commands/entity_authentication.h"
#include "core/stsafe/commands/erase_symmetric_key.h"
#include "core/stsafe/commands/establish_key.h"
#include "core/stsafe/commands/establish_symmetric_key.h"
#include "core/stsafe/commands/generate_key_pair.h"
#include "core/stsafe/commands/generate_random.h"
#include "core/stsafe/commands/generate_signature.h"
#include "core/stsafe/commands/hash.h"
#include "core/stsafe/commands/kek_session.h"
#include "core/stsafe/commands/local_envelope.h"
#include "core/stsafe/commands/mac.h"
#include "core/stsafe/commands/password.h"
#include "core/stsafe/commands/put_attribute.h"
#include "core/stsafe/commands/query.h"
#include "core/stsafe/commands/read.h"
#include "core/stsafe/commands/reset.h"
#include "core/stsafe/commands/update.h"
#include "core/stsafe/commands/verify_signature.h"
#include "core/stsafe/commands/write_host_key.h"
#include "core/stsafe/commands/write_symmetric_key.h"
#include "core/stsafe/timing.h"
#include "core/stsafe/wipe.h"

namespace kb::core::stsafe {

Stsafe::Stsafe(hal::I2cInitiator& i2c, hal::Clock& clock, uint8_t address7, PollingPolicy policy)
    : transport_(i2c, clock, address7, policy), channel_(transport_, command_access_table_, session_) {}

Stsafe::Stsafe(hal::I2cInitiator& i2c, hal::Clock& clock, hal::Crypto& crypto, uint8_t address7, PollingPolicy policy)
    : transport_(i2c, clock, address7, policy),
      crypto_(&crypto),
      channel_(transport_, command_access_table_, session_) {}

Status Stsafe::init() {
  transport_.clock().sleep_ms(kBootTimeMs);
  auto product = commands::query_product_data(transport_);
  if (!product.ok()) return product.status();
  product_data_ = *product;
  // The count query looks redundant, since the table query carries the count too; it is kept so
  // the bus traffic matches ST's library, which sizes its buffer from the first answer.
  auto count = commands::query_command_count(transport_);
  if (!count.ok()) return count.status();
  auto table = commands::query_command_access_table(transport_);
  if (!table.ok()) return table.status();
  command_access_table_ = *table;
  return Code::kOk;
}

Status Stsafe::echo(std::span<const uint8_t> in, std::span<uint8_t> out) {
  return commands::echo(channel_, in, out);
}

Status Stsafe::reset() {
  return commands::reset(transport_);
}

Status Stsafe::generate_random(std::span<uint8_t> out) {
  return commands::generate_random(channel_, out);
}

Result<ProductData> Stsafe::query_product_data() {
  return commands::query_product_data(transport_);
}

Result<LifeCycleState> Stsafe::query_life_cycle() {
  return commands::query_life_cycle(transport_);
}

Result<CommandAccessTable> Stsafe::query_command_access_table() {
  return commands::query_command_access_table(transport_);
}

Result<HostKeySlot> Stsafe::query_host_key_slot() {
  return commands::query_host_key_slot(transport_);
}

Result<HostKeySlotV1> Stsafe::query_host_key_slot_v1() {
  return commands::query_host_key_slot_v1(transport_);
}

Result<HostKeyControlFields> Stsafe::query_host_key_control_fields() {
  return commands::query_host_key_control_fields(transport_);
}

Status Stsafe::put_host_key_control_fields(const HostKeyControlFields& fields) {
  return commands::put_host_key_control_fields(transport_, fields);
}

Result<SymmetricKeyTable> Stsafe::query_symmetric_key_table() {
  Result<SymmetricKeyTable> table = commands::query_symmetric_key_table(transport_);
  if (table.ok()) set_symmetric_key_table(*table);
  return table;
}

void Stsafe::set_symmetric_key_table(const SymmetricKeyTable& table) {
  static_assert(kMaxSymmetricKeySlots == 32, "known_slots_ has one bit per slot");
  key_table_ = table;
  key_table_read_ = true;
  known_slots_ = table.count >= 32 ? 0xFFFFFFFFu : (1u << table.count) - 1;
}

Result<SymmetricKeySlotInfo> Stsafe::symmetric_key_slot(uint8_t slot) {
  if (slot < kMaxSymmetricKeySlots && ((known_slots_ >> slot) & 1u) != 0) return key_table_.slots[slot];
  if (key_table_read_ && slot >= key_table_.count) return Code::kInvalidArgument;
  Result<SymmetricKeyTable> table = query_symmetric_key_table();
  if (!table.ok()) return table.status();
  if (slot >= table->count) return Code::kInvalidArgument;
  return table->slots[slot];
}

void Stsafe::learn(const SymmetricKeyInfo& info) {
  if (info.slot >= kMaxSymmetricKeySlots) return;
  SymmetricKeySlotInfo& record = key_table_.slots[info.slot];
  record = SymmetricKeySlotInfo{};
  record.present = true;
  record.lock = info.lock;
  record.key_type = info.key_type;
  record.mode = info.mode;
  record.usage = info.usage;
  record.min_mac_length = info.min_mac_length;
  record.tag_length = info.tag_length;
  record.counter_present = info.counter_present;
  record.counter_offset = info.counter_offset;
  known_slots_ |= 1u << info.slot;
}

void Stsafe::forget_slot_after(uint8_t slot, const Status& outcome) {
  // The chip or its answer disagrees with the record: an answer of another shape, or a refusal
  // of the key (empty slot, mode, usage, MAC length).
  const bool disagrees =
      outcome.code() == Code::kResponseTruncated || outcome.code() == Code::kResponseMalformed ||
      (outcome.code() == Code::kDeviceStatus && (outcome.device_status() == 0x0A || outcome.device_status() == 0x1B ||
                                                 outcome.device_status() == 0x1C || outcome.device_status() == 0x1D));
  if (disagrees && slot < kMaxSymmetricKeySlots) known_slots_ &= ~(1u << slot);
}

Result<SymmetricSlotControlFields> Stsafe::query_symmetric_slot_control_fields(uint8_t slot) {
  return commands::query_symmetric_slot_control_fields(transport_, slot);
}

Status Stsafe::put_symmetric_slot_control_fields(uint8_t slot, const SymmetricSlotControlFields& fields) {
  return commands::put_symmetric_slot_control_fields(transport_, slot, fields);
}

Result<DataPartitionTable> Stsafe::query_data_partitions() {
  return commands::query_data_partitions(transport_);
}

Status Stsafe::read_data_zone(uint8_t zone, uint16_t offset, std::span<uint8_t> out, const ZoneReadOptions& options) {
  return commands::read_data_zone(channel_, zone, offset, out, options);
}

Result<uint32_t> Stsafe::read_counter_zone(uint8_t zone, uint16_t offset, std::span<uint8_t> associated_data,
                                           const ZoneReadOptions& options) {
  return commands::read_counter_zone(channel_, zone, offset, associated_data, options);
}

Status Stsafe::update_data_zone(uint8_t zone, uint16_t offset, std::span<const uint8_t> data,
                                const ZoneUpdateOptions& options) {
  return commands::update_data_zone(channel_, zone, offset, data, options);
}

Result<uint32_t> Stsafe::decrement_counter_zone(uint8_t zone, uint32_t amount, uint16_t offset,
                                                std::span<const uint8_t> data, const ZoneDecrementOptions& options) {
  return commands::decrement_counter_zone(channel_, zone, amount, offset, data, options);
}

Status Stsafe::open_host_session(std::span<const uint8_t> mac_key, std::span<const uint8_t> cipher_key) {
  if (crypto_ == nullptr) return Code::kUnsupported;
  return session_.open(transport_, *crypto_, mac_key, cipher_key);
}

void Stsafe::close_host_session() {
  session_.close();
}

Status Stsafe::write_host_key_plaintext(HostKeyType type, std::span<const uint8_t> mac_key,
                                        std::span<const uint8_t> cipher_key) {
  Status s = commands::write_host_key_plaintext(channel_, type, mac_key, cipher_key);
  if (s.ok()) session_.close();
  return s;
}

Status Stsafe::write_host_key_wrapped(HostKeyType type, std::span<const uint8_t> mac_key,
                                      std::span<const uint8_t> cipher_key) {
  KB_TRY(commands::check_host_keys(type, mac_key, cipher_key));
  if (crypto_ == nullptr) return Code::kUnsupported;
  commands::VolatileKekSession kek(*crypto_);
  KB_TRY(kek.start(channel_));
  const Status written = commands::write_host_key_wrapped(channel_, kek, type, mac_key, cipher_key);
  const Status stopped = kek.stop(channel_);
  if (!written.ok()) return written;
  session_.close();
  return stopped;
}

Status Stsafe::establish_host_key(HostKeyType type, std::span<uint8_t> mac_key, std::span<uint8_t> cipher_key) {
  KB_TRY(commands::check_host_keys(type, mac_key, cipher_key));
  if (crypto_ == nullptr) return Code::kUnsupported;
  Status s = commands::establish_host_key(channel_, *crypto_, type, mac_key, cipher_key);
  if (s.ok()) session_.close();
  return s;
}

Status Stsafe::write_symmetric_key_plaintext(const SymmetricKeyInfo& info, std::span<const uint8_t> key) {
  Status s = commands::write_symmetric_key_plaintext(channel_, info, key);
  if (s.ok()) learn(info);
  return s;
}

Status Stsafe::write_symmetric_key_wrapped(const SymmetricKeyInfo& info, std::span<const uint8_t> key) {
  KB_TRY(commands::check_symmetric_key(info, key));
  if (crypto_ == nullptr) return Code::kUnsupported;
  commands::VolatileKekSession kek(*crypto_);
  KB_TRY(kek.start(channel_));
  const Status written = commands::write_symmetric_key_wrapped(channel_, kek, info, key);
  const Status stopped = kek.stop(channel_);
  if (written.ok()) learn(info);
  return written.ok() ? stopped : written;
}

Status Stsafe::establish_symmetric_keys(std::span<const SymmetricKeyInfo> infos, std::span<uint8_t> keys) {
  if (crypto_ == nullptr) return Code::kUnsupported;
  Status s = commands::establish_symmetric_keys(channel_, *crypto_, infos, keys);
  if (s.ok()) {
    for (const SymmetricKeyInfo& info : infos) learn(info);
  }
  return s;
}

Status Stsafe::establish_symmetric_keys(std::span<const SymmetricKeyInfo> infos, std::span<uint8_t> keys,
                                        const commands::EcdheSigningKey& signer) {
  if (crypto_ == nullptr) return Code::kUnsupported;
  Status s = commands::establish_symmetric_keys(channel_, *crypto_, infos, keys, signer);
  if (s.ok()) {
    for (const SymmetricKeyInfo& info : infos) learn(info);
  }
  return s;
}

Status Stsafe::establish_symmetric_keys(std::span<const SymmetricKeyInfo> infos, std::span<uint8_t> keys,
                                        commands::EcdheSigner& signer) {
  if (crypto_ == nullptr) return Code::kUnsupported;
  Status s = commands::establish_symmetric_keys(channel_, *crypto_, infos, keys, signer);
  if (s.ok()) {
    for (const SymmetricKeyInfo& info : infos) learn(info);
  }
  return s;
}

void Stsafe::learn_derived(const commands::HkdfSecret& input, const Status& outcome,
                           std::span<const commands::DerivedKeyRequest> requests,
                           std::span<const commands::DerivedKey> results) {
  if (input.in_slot) forget_slot_after(input.slot, outcome);
  if (!outcome.ok()) return;
  for (size_t i = 0; i < requests.size(); ++i) {
    if (!requests[i].to_slot) continue;
    SymmetricKeyInfo info = requests[i].info;
    info.slot = results[i].slot;
    learn(info);
  }
}

Result<uint8_t> Stsafe::hkdf_extract(const commands::HkdfSecret& ikm, const commands::HkdfSecret& salt) {
  Result<uint8_t> slot = commands::hkdf_extract(channel_, ikm, salt);
  if (ikm.in_slot) forget_slot_after(ikm.slot, slot.status());
  if (slot.ok() && *slot < kMaxSymmetricKeySlots) known_slots_ &= ~(1u << *slot);
  return slot;
}

Status Stsafe::hkdf_expand(const commands::HkdfSecret& prk, std::span<const uint8_t> info,
                           std::span<const commands::DerivedKeyRequest> requests,
                           std::span<commands::DerivedKey> results) {
  const Status s = commands::hkdf_expand(channel_, prk, info, requests, results);
  learn_derived(prk, s, requests, results);
  return s;
}

Status Stsafe::hkdf_derive(const commands::HkdfSecret& ikm, const commands::HkdfSecret& salt,
                           std::span<const uint8_t> info, std::span<const commands::DerivedKeyRequest> requests,
                           std::span<commands::DerivedKey> results) {
  const Status s = commands::hkdf_derive(channel_, ikm, salt, info, requests, results);
  learn_derived(ikm, s, requests, results);
  return s;
}

Status Stsafe::erase_symmetric_key(uint8_t slot) {
  Status s = commands::erase_symmetric_key(channel_, slot);
  if (s.ok() && slot < kMaxSymmetricKeySlots) {
    key_table_.slots[slot] = SymmetricKeySlotInfo{};
    known_slots_ |= 1u << slot;
  }
  return s;
}

Status Stsafe::generate_mac(uint8_t slot, std::span<const uint8_t> message, std::span<uint8_t> mac) {
  Result<SymmetricKeySlotInfo> key = symmetric_key_slot(slot);
  if (!key.ok()) return key.status();
  Status s = commands::generate_mac(channel_, slot, *key, message, mac);
  forget_slot_after(slot, s);
  return s;
}

Result<bool> Stsafe::verify_mac(uint8_t slot, std::span<const uint8_t> mac, std::span<const uint8_t> message) {
  Result<SymmetricKeySlotInfo> key = symmetric_key_slot(slot);
  if (!key.ok()) return key.status();
  Result<bool> r = commands::verify_mac(channel_, slot, *key, mac, message);
  forget_slot_after(slot, r.status());
  return r;
}

Result<CcmCounter> Stsafe::aes_ccm_encrypt(uint8_t slot, std::span<const uint8_t> nonce, std::span<const uint8_t> aad,
                                           std::span<const uint8_t> plaintext, std::span<uint8_t> ciphertext,
                                           std::span<uint8_t> tag) {
  Result<SymmetricKeySlotInfo> key = symmetric_key_slot(slot);
  if (!key.ok()) return key.status();
  Result<CcmCounter> r = commands::aes_ccm_encrypt(channel_, slot, *key, nonce, aad, plaintext, ciphertext, tag);
  forget_slot_after(slot, r.status());
  return r;
}

Result<bool> Stsafe::aes_ccm_decrypt(uint8_t slot, std::span<const uint8_t> nonce, std::span<const uint8_t> aad,
                                     std::span<const uint8_t> ciphertext, std::span<const uint8_t> tag,
                                     std::span<uint8_t> plaintext) {
  Result<SymmetricKeySlotInfo> key = symmetric_key_slot(slot);
  if (!key.ok()) {
    wipe(plaintext);
    return key.status();
  }
  Result<bool> r = commands::aes_ccm_decrypt(channel_, slot, *key, nonce, aad, ciphertext, tag, plaintext);
  forget_slot_after(slot, r.status());
  return r;
}

Status Stsafe::aes_ecb_encrypt(uint8_t slot, std::span<const uint8_t> in, std::span<uint8_t> out) {
  return commands::aes_ecb_encrypt(channel_, slot, in, out);
}

Status Stsafe::aes_ecb_decrypt(uint8_t slot, std::span<const uint8_t> in, std::span<uint8_t> out) {
  return commands::aes_ecb_decrypt(channel_, slot, in, out);
}

Status Stsafe::aes_gcm_encrypt(uint8_t slot, std::span<const uint8_t> iv, std::span<const uint8_t> aad,
                               std::span<const uint8_t> plaintext, std::span<uint8_t> ciphertext,
                               std::span<uint8_t> tag) {
  Result<SymmetricKeySlotInfo> key = symmetric_key_slot(slot);
  if (!key.ok()) return key.status();
  const Status s = commands::aes_gcm_encrypt(channel_, slot, *key, iv, aad, plaintext, ciphertext, tag);
  forget_slot_after(slot, s);
  return s;
}

Result<bool> Stsafe::aes_gcm_decrypt(uint8_t slot, std::span<const uint8_t> iv, std::span<const uint8_t> aad,
                                     std::span<const uint8_t> ciphertext, std::span<const uint8_t> tag,
                                     std::span<uint8_t> plaintext) {
  Result<SymmetricKeySlotInfo> key = symmetric_key_slot(slot);
  if (!key.ok()) {
    wipe(plaintext);
    return key.status();
  }
  Result<bool> r = commands::aes_gcm_decrypt(channel_, slot, *key, iv, aad, ciphertext, tag, plaintext);
  forget_slot_after(slot, r.status());
  return r;
}

Result<PrivateKeyTable> Stsafe::query_private_key_table() {
  return commands::query_private_key_table(transport_);
}

Status Stsafe::generate_key_pair(uint8_t slot, EccCurve curve, uint16_t usage_limit, std::span<uint8_t> public_key) {
  return commands::generate_key_pair(channel_, slot, curve, usage_limit, public_key);
}

Status Stsafe::generate_signature(uint8_t slot, EccCurve curve, std::span<const uint8_t> message,
                                  std::span<uint8_t> signature) {
  return commands::generate_signature(channel_, slot, curve, message, signature);
}

Status Stsafe::start_hash(HashAlgorithm algorithm, std::span<const uint8_t> message) {
  return commands::start_hash(channel_, algorithm, message);
}

Status Stsafe::process_hash(std::span<const uint8_t> message) {
  return commands::process_hash(channel_, message);
}

Status Stsafe::finish_hash(HashAlgorithm algorithm, std::span<const uint8_t> message, std::span<uint8_t> digest) {
  return commands::finish_hash(channel_, algorithm, message, digest);
}

Status Stsafe::compute_hash(HashAlgorithm algorithm, std::span<const uint8_t> message, std::span<uint8_t> digest) {
  return commands::compute_hash(channel_, algorithm, message, digest);
}

Result<bool> Stsafe::verify_signature(EccCurve curve, std::span<const uint8_t> public_key,
                                      std::span<const uint8_t> signature, std::span<const uint8_t> message) {
  return commands::verify_signature(channel_, curve, public_key, signature, message);
}

Status Stsafe::establish_key(uint8_t slot, EccCurve curve, std::span<const uint8_t> peer_public,
                             std::span<uint8_t> shared_secret) {
  return commands::establish_key(channel_, slot, curve, peer_public, shared_secret);
}

Status Stsafe::generate_ecdhe(EccCurve curve, std::span<uint8_t> chip_public) {
  return commands::generate_ecdhe(channel_, curve, chip_public);
}

Result<PublicKeyTable> Stsafe::query_public_key_table() {
  return commands::query_public_key_table(transport_);
}

Result<PublicKeySlotValue> Stsafe::query_public_key_slot(uint8_t slot) {
  return commands::query_public_key_slot(transport_, slot);
}

Status Stsafe::put_public_key_flags(uint8_t slot, const PublicKeyFlags& flags) {
  return commands::put_public_key_flags(transport_, slot, flags);
}

Status Stsafe::write_public_key(uint8_t slot, EccCurve curve, std::span<const uint8_t> public_key) {
  return commands::write_public_key(channel_, slot, curve, public_key);
}

Result<bool> Stsafe::verify_signature_with_slot(uint8_t slot, EccCurve curve, std::span<const uint8_t> signature,
                                                std::span<const uint8_t> message) {
  return commands::verify_signature_with_slot(channel_, slot, curve, signature, message);
}

Status Stsafe::generate_challenge(std::span<uint8_t, 16> challenge) {
  return commands::generate_challenge(channel_, challenge);
}

Result<bool> Stsafe::verify_entity_signature(uint8_t slot, EccCurve curve, std::span<const uint8_t> signature) {
  return commands::verify_entity_signature(channel_, slot, curve, signature);
}

Status Stsafe::decompress_public_key(EccCurve curve, uint8_t representation, std::span<const uint8_t> x,
                                     std::span<uint8_t> y) {
  return commands::decompress_public_key(channel_, curve, representation, x, y);
}

Result<LocalEnvelopeKeyTable> Stsafe::query_local_envelope_key_table() {
  return commands::query_local_envelope_key_table(transport_);
}

Status Stsafe::generate_wrap_unwrap_key(uint8_t slot, LocalEnvelopeKeyType type) {
  return commands::generate_wrap_unwrap_key(channel_, slot, type);
}

Status Stsafe::wrap_local_envelope(uint8_t slot, std::span<const uint8_t> payload, std::span<uint8_t> envelope) {
  return commands::wrap_local_envelope(channel_, slot, payload, envelope);
}

Status Stsafe::unwrap_local_envelope(uint8_t slot, std::span<const uint8_t> envelope, std::span<uint8_t> payload) {
  return commands::unwrap_local_envelope(channel_, slot, envelope, payload);
}

Result<PasswordSlotInfo> Stsafe::query_password_slot() {
  return commands::query_password_slot(transport_);
}

Result<PasswordVerification> Stsafe::verify_password(std::span<const uint8_t> password) {
  return commands::verify_password(channel_, password);
}

Status Stsafe::delete_password() {
  return commands::delete_password(transport_);
}

Status Stsafe::put_life_cycle(LifeCycleState state) {
  return commands::put_life_cycle(transport_, state);
}

namespace {
Status verify_then_put(Stsafe& se, std::span<const uint8_t> password, LifeCycleState state) {
  auto verdict = se.verify_password(password);
  if (!verdict.ok()) return verdict.status();
  if (!verdict->verified) return Status::with_detail(Code::kRefused, verdict->tries_left);
  return se.put_life_cycle(state);
}
}  // namespace

Status Stsafe::lock(std::span<const uint8_t> password) {
  return verify_then_put(*this, password, LifeCycleState::kOperationalLocked);
}

Status Stsafe::unlock(std::span<const uint8_t> password) {
  return verify_then_put(*this, password, LifeCycleState::kOperational);
}

Status Stsafe::enter_hibernate(HibernateWakeMode /*mode*/) {
  return Code::kUnsupported;
}

}  // namespace kb::core::stsafe
