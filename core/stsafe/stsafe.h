#pragma once
// The STSAFE-A120 as the provisioning applications see it: one object per device, every command
// a method, every failure a Status. Queries, puts and reset always go unprotected; every other
// command goes plain or through the host session as the command access table says (fact sheet
// 3.1), so a protected command needs open_host_session() first.
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/commands/derive_keys.h"
#include "core/stsafe/commands/public_key_slots.h"
#include "core/stsafe/commands/signed_ecdhe.h"
#include "core/stsafe/data_partitions.h"
#include "core/stsafe/envelope_password_types.h"
#include "core/stsafe/hash_algorithms.h"
#include "core/stsafe/host_session.h"
#include "core/stsafe/transport.h"
#include "core/stsafe/types.h"
#include "hal/clock.h"
#include "hal/crypto.h"
#include "hal/i2c_initiator.h"

namespace kb::core::stsafe {

class Stsafe {
 public:
  // Without a Crypto the host session, KEK sessions and ECDHE are unavailable: their methods
  // answer kUnsupported without bus traffic.
  Stsafe(hal::I2cInitiator& i2c, hal::Clock& clock, uint8_t address7 = kDefaultAddress7, PollingPolicy policy = {});
  Stsafe(hal::I2cInitiator& i2c, hal::Clock& clock, hal::Crypto& crypto, uint8_t address7 = kDefaultAddress7,
         PollingPolicy policy = {});
  Stsafe(const Stsafe&) = delete;
  Stsafe& operator=(const Stsafe&) = delete;

  // What ST's stse_init does on the bus (fact sheet 6.2): wait the boot time, query the product
  // data (checked to be an A120), then query the command authorization table twice — once for
  // the record count, once for the records. The answers are kept (product_data(),
  // command_access_table()).
  Status init();

  Status echo(std::span<const uint8_t> in, std::span<uint8_t> out);
  Status reset();
  Status generate_random(std::span<uint8_t> out);

  Result<ProductData> query_product_data();
  Result<LifeCycleState> query_life_cycle();
  Result<CommandAccessTable> query_command_access_table();
  Result<HostKeySlot> query_host_key_slot();
  // The V1 form of the host key slot (tag 0x17): presence and a 24-bit counter.
  Result<HostKeySlotV1> query_host_key_slot_v1();
  Result<HostKeyControlFields> query_host_key_control_fields();
  Status put_host_key_control_fields(const HostKeyControlFields& fields);
  Result<SymmetricKeyTable> query_symmetric_key_table();
  Result<SymmetricSlotControlFields> query_symmetric_slot_control_fields(uint8_t slot);
  Status put_symmetric_slot_control_fields(uint8_t slot, const SymmetricSlotControlFields& fields);

  // --- Data partition (fact sheet 2.5) ---
  // Query 0x12. Zone commands: see commands/read.h, update.h, decrement.h for their errors; a zone
  // whose access condition is HOST needs ZoneProtection::kHostMac and an open host session.
  Result<DataPartitionTable> query_data_partitions();
  Status read_data_zone(uint8_t zone, uint16_t offset, std::span<uint8_t> out, const ZoneReadOptions& options = {});
  Result<uint32_t> read_counter_zone(uint8_t zone, uint16_t offset, std::span<uint8_t> associated_data,
                                     const ZoneReadOptions& options = {});
  Status update_data_zone(uint8_t zone, uint16_t offset, std::span<const uint8_t> data,
                          const ZoneUpdateOptions& options = {});
  Result<uint32_t> decrement_counter_zone(uint8_t zone, uint32_t amount, uint16_t offset, std::span<const uint8_t> data,
                                          const ZoneDecrementOptions& options = {});

  // --- Host secure session (fact sheet 3) ---
  // Query 0x47, then C-MAC/R-MAC/encryption with these keys for every command the access table
  // protects. See HostSession::open for the errors.
  Status open_host_session(std::span<const uint8_t> mac_key, std::span<const uint8_t> cipher_key);
  void close_host_session();
  const HostSession& host_session() const { return session_; }

  // --- Host keys ---
  // Wrong key lengths → kInvalidArgument, nothing sent.
  Status write_host_key_plaintext(HostKeyType type, std::span<const uint8_t> mac_key,
                                  std::span<const uint8_t> cipher_key);
  // One volatile KEK session (1F 0B, 1F 03), the wrapped envelope (1F 08), stop (1F 06) — stopped
  // also when the write fails, whose status is then the one returned. Bad keys → kInvalidArgument,
  // nothing sent.
  Status write_host_key_wrapped(HostKeyType type, std::span<const uint8_t> mac_key,
                                std::span<const uint8_t> cipher_key);
  // 1F 0B then 1F 18; the derived keys (fact sheet 4.4) land in mac_key / cipher_key, each
  // host_key_length(type) bytes (else kInvalidArgument, nothing sent).
  Status establish_host_key(HostKeyType type, std::span<uint8_t> mac_key, std::span<uint8_t> cipher_key);
  // After any successful host key write the open host session is closed: the chip now uses the new
  // keys and a counter of 0 (fact sheet 8 #6), so the caller opens a new one.

  // --- Symmetric keys ---
  // Invalid info or key not info.key_length() bytes → kInvalidArgument, nothing sent.
  Status write_symmetric_key_plaintext(const SymmetricKeyInfo& info, std::span<const uint8_t> key);
  // As write_host_key_wrapped, with the envelope of fact sheet 4.3 and 1F 09.
  Status write_symmetric_key_wrapped(const SymmetricKeyInfo& info, std::span<const uint8_t> key);
  // 1F 0B, 1F 04, 1F 05; `keys` gets the host's copy, in the order of `infos`.
  Status establish_symmetric_keys(std::span<const SymmetricKeyInfo> infos, std::span<uint8_t> keys);
  // The same, 1F 04 signed by the entity key in generic public key slot signer.slot
  // (commands/establish_symmetric_key.h).
  Status establish_symmetric_keys(std::span<const SymmetricKeyInfo> infos, std::span<uint8_t> keys,
                                  const commands::EcdheSigningKey& signer);
  Status establish_symmetric_keys(std::span<const SymmetricKeyInfo> infos, std::span<uint8_t> keys,
                                  commands::EcdheSigner& signer);
  Status erase_symmetric_key(uint8_t slot);
  // Derive keys (1F 10; requests, results and local checks in commands/derive_keys.h). A key the
  // chip stored is learnt with the slot it reports; the slot of an extract-only PRK is forgotten,
  // so its next use asks the chip.
  Result<uint8_t> hkdf_extract(const commands::HkdfSecret& ikm, const commands::HkdfSecret& salt);
  Status hkdf_expand(const commands::HkdfSecret& prk, std::span<const uint8_t> info,
                     std::span<const commands::DerivedKeyRequest> requests, std::span<commands::DerivedKey> results);
  Status hkdf_derive(const commands::HkdfSecret& ikm, const commands::HkdfSecret& salt, std::span<const uint8_t> info,
                     std::span<const commands::DerivedKeyRequest> requests, std::span<commands::DerivedKey> results);

  // --- Using symmetric keys ---
  // The slot's record in the key table as this object knows it: what query_symmetric_key_table()
  // last reported, updated by this object's own successful writes, establishments and erases of
  // the slot; queried (0x23, unprotected) when the slot is not known yet. The MAC and CCM* methods
  // below hold both the caller and the chip to it (commands/mac.h, commands/aes.h): the tag and
  // MAC lengths are the key's, not only the caller's. A slot changed behind this object's back
  // (another host) leaves the view stale until the next query_symmetric_key_table(); an answer
  // that does not fit the view, or a chip refusing the key, drops the slot's record so the next
  // call asks again. A slot beyond the chip's table → kInvalidArgument.
  Result<SymmetricKeySlotInfo> symmetric_key_slot(uint8_t slot);
  // MAC length = mac.size(); see commands/mac.h for the local checks.
  Status generate_mac(uint8_t slot, std::span<const uint8_t> message, std::span<uint8_t> mac);
  Result<bool> verify_mac(uint8_t slot, std::span<const uint8_t> mac, std::span<const uint8_t> message);
  // Tag length = tag.size(), which must be the slot key's; see commands/aes.h. A failed decryption
  // leaves `plaintext` zeroed.
  Result<CcmCounter> aes_ccm_encrypt(uint8_t slot, std::span<const uint8_t> nonce, std::span<const uint8_t> aad,
                                     std::span<const uint8_t> plaintext, std::span<uint8_t> ciphertext,
                                     std::span<uint8_t> tag);
  Result<bool> aes_ccm_decrypt(uint8_t slot, std::span<const uint8_t> nonce, std::span<const uint8_t> aad,
                               std::span<const uint8_t> ciphertext, std::span<const uint8_t> tag,
                               std::span<uint8_t> plaintext);
  Status aes_ecb_encrypt(uint8_t slot, std::span<const uint8_t> in, std::span<uint8_t> out);
  Status aes_ecb_decrypt(uint8_t slot, std::span<const uint8_t> in, std::span<uint8_t> out);
  // GCM / GMAC (empty plaintext), tag.size() the slot key's; see commands/aes.h. The chunked
  // forms: commands::ChunkedAes (commands/aes_chunked.h) with channel() and symmetric_key_slot().
  Status aes_gcm_encrypt(uint8_t slot, std::span<const uint8_t> iv, std::span<const uint8_t> aad,
                         std::span<const uint8_t> plaintext, std::span<uint8_t> ciphertext, std::span<uint8_t> tag);
  Result<bool> aes_gcm_decrypt(uint8_t slot, std::span<const uint8_t> iv, std::span<const uint8_t> aad,
                               std::span<const uint8_t> ciphertext, std::span<const uint8_t> tag,
                               std::span<uint8_t> plaintext);

  // --- Private keys (fact sheet 2.5; commands/generate_key_pair.h, generate_signature.h,
  // verify_signature.h, establish_key.h) ---
  Result<PrivateKeyTable> query_private_key_table();
  // `public_key` gets the raw key, public_key_bytes(curve) long.
  Status generate_key_pair(uint8_t slot, EccCurve curve, uint16_t usage_limit, std::span<uint8_t> public_key);
  // `curve` is the slot key's curve; `signature` gets R||S. ECDSA signs `message` as the digest.
  Status generate_signature(uint8_t slot, EccCurve curve, std::span<const uint8_t> message,
                            std::span<uint8_t> signature);
  Result<bool> verify_signature(EccCurve curve, std::span<const uint8_t> public_key, std::span<const uint8_t> signature,
                                std::span<const uint8_t> message);
  // ECDH of the slot's key with `peer_public`; the x-coordinate lands in `shared_secret`.
  Status establish_key(uint8_t slot, EccCurve curve, std::span<const uint8_t> peer_public,
                       std::span<uint8_t> shared_secret);
  // 1F 0B on any curve but Ed25519 (the chip keeps the private half).
  Status generate_ecdhe(EccCurve curve, std::span<uint8_t> chip_public);

  // --- Generic public key slots and entity authentication (commands/public_key_slots.h,
  // entity_authentication.h, decompress_public_key.h, verify_signature.h) ---
  Result<PublicKeyTable> query_public_key_table();
  Result<PublicKeySlotValue> query_public_key_slot(uint8_t slot);
  Status put_public_key_flags(uint8_t slot, const PublicKeyFlags& flags);
  Status write_public_key(uint8_t slot, EccCurve curve, std::span<const uint8_t> public_key);
  // Verify signature (0x17) with the key of generic public key slot `slot` (its curve `curve`).
  Result<bool> verify_signature_with_slot(uint8_t slot, EccCurve curve, std::span<const uint8_t> signature,
                                          std::span<const uint8_t> message);
  Status generate_challenge(std::span<uint8_t, 16> challenge);
  Result<bool> verify_entity_signature(uint8_t slot, EccCurve curve, std::span<const uint8_t> signature);
  // Y of the point with X `x` and the parity `representation` (02 / 03) on a NIST or Brainpool curve.
  Status decompress_public_key(EccCurve curve, uint8_t representation, std::span<const uint8_t> x,
                               std::span<uint8_t> y);
  // --- Local envelopes (commands/local_envelope.h; generate wrap key in generate_key_pair.h) ---
  Result<LocalEnvelopeKeyTable> query_local_envelope_key_table();
  Status generate_wrap_unwrap_key(uint8_t slot, LocalEnvelopeKeyType type);
  // `envelope` is payload + 8 bytes.
  Status wrap_local_envelope(uint8_t slot, std::span<const uint8_t> payload, std::span<uint8_t> envelope);
  Status unwrap_local_envelope(uint8_t slot, std::span<const uint8_t> envelope, std::span<uint8_t> payload);

  // --- Password, life cycle, low power (commands/password.h, put_attribute.h, hibernate.h) ---
  Result<PasswordSlotInfo> query_password_slot();
  Result<PasswordVerification> verify_password(std::span<const uint8_t> password);
  Status delete_password();
  Status put_life_cycle(LifeCycleState state);
  // ST's lock / unlock: verify the password, then put life cycle 0x83 (lock) or 0x03 (unlock). A
  // wrong password → kRefused with the tries left as detail(), and no put.
  Status lock(std::span<const uint8_t> password);
  Status unlock(std::span<const uint8_t> password);
  // ST's API refuses hibernate for an A120 (0x0406) without sending anything: kUnsupported, always.
  // commands::hibernate is the direct service call.
  Status enter_hibernate(HibernateWakeMode mode);
  // --- Hash (1F 00 / 1F 01 / 1F 02; commands/hash.h) ---
  Status start_hash(HashAlgorithm algorithm, std::span<const uint8_t> message);
  Status process_hash(std::span<const uint8_t> message);
  // `digest` gets digest_bytes(algorithm) bytes.
  Status finish_hash(HashAlgorithm algorithm, std::span<const uint8_t> message, std::span<uint8_t> digest);
  // Start, process and finish in ST's chunk sizes.
  Status compute_hash(HashAlgorithm algorithm, std::span<const uint8_t> message, std::span<uint8_t> digest);

  // Valid after a successful init(); default values before.
  const ProductData& product_data() const { return product_data_; }
  const CommandAccessTable& command_access_table() const { return command_access_table_; }
  // For a host that knows the table without querying it (ST's static personalisation), and for
  // tests. It decides protection from the next command on.
  void set_command_access_table(const CommandAccessTable& table) { command_access_table_ = table; }
  // The same for the symmetric key table (symmetric_key_slot()): every slot of `table` is known.
  void set_symmetric_key_table(const SymmetricKeyTable& table);

  Transport& transport() { return transport_; }
  CommandChannel& channel() { return channel_; }

 private:
  void learn(const SymmetricKeyInfo& info);
  void forget_slot_after(uint8_t slot, const Status& outcome);
  void learn_derived(const commands::HkdfSecret& input, const Status& outcome,
                     std::span<const commands::DerivedKeyRequest> requests,
                     std::span<const commands::DerivedKey> results);

  Transport transport_;
  hal::Crypto* crypto_ = nullptr;
  ProductData product_data_{};
  CommandAccessTable command_access_table_{};
  SymmetricKeyTable key_table_{};
  uint32_t known_slots_ = 0;     // bit i: key_table_.slots[i] is known (kMaxSymmetricKeySlots == 32)
  bool key_table_read_ = false;  // key_table_.count is the chip's
  HostSession session_;
  CommandChannel channel_;
};

}  // namespace kb::core::stsafe
