#include "core/psa_se/stsafe_a120/stsafe_a120_se.h"

#include <array>
#include <cstdio>
#include <cstring>
#include <span>

#include "core/psa/psa_platform.h"
#include "core/psa_se/driver_error.h"
#include "core/psa_se/stsafe_a120/certificate_key.h"
#include "core/stsafe/device_status.h"
#include "core/stsafe/ecc_fields.h"

namespace kb::core::psa_se::stsafe_a120 {

namespace {

using stsafe::EccCurve;
using stsafe::PrivateKeySlotInfo;

constexpr psa_key_type_t kKeyPair = PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1);
constexpr size_t kPsaPublicKeyBytes = 1 + stsafe::kP256PublicKeyBytes;  // 0x04 ‖ X ‖ Y
constexpr size_t kSignatureBytes = 2 * stsafe::kP256CoordinateBytes;
constexpr size_t kDigestBytes = 32;
// The longest digest Generate signature takes (SHA-512's, docs/fidelity.md).
constexpr size_t kMaxDigestBytes = 64;
// Generate key pair's usage limit: none (the model's reading of 0, docs/fidelity.md).
constexpr uint16_t kNoUsageLimit = 0;

using PublicKey = std::array<uint8_t, stsafe::kP256PublicKeyBytes>;

struct Driver {
  stsafe::Stsafe* chip = nullptr;
  hal::Crypto* crypto = nullptr;
  Options options;
  bool chip_ready = false;
  stsafe::PrivateKeyTable table{};
  bool table_read = false;
  Status last_error;
  const char* last_command = "";
};
Driver g;

psa_status_t fail(Status s, const char* command) {
  g.last_error = s;
  g.last_command = command;
  return to_psa_status(s);
}
psa_status_t refuse(psa_status_t s) {
  g.last_error = Status();
  g.last_command = "";
  return s;
}
psa_status_t ok() {
  g.last_error = Status();
  g.last_command = "";
  return PSA_SUCCESS;
}

PersistentData load(const void* data) {
  PersistentData p{};
  if (data != nullptr) std::memcpy(&p, data, sizeof p);
  return p;
}
void store(void* data, const PersistentData& p) {
  std::memcpy(data, &p, sizeof p);
}
bool bit(uint16_t bits, uint8_t slot) {
  return (bits >> slot) & 1u;
}
uint16_t with(uint16_t bits, uint8_t slot, bool set) {
  return static_cast<uint16_t>(set ? bits | (1u << slot) : bits & ~(1u << slot));
}
void mark(void* data, uint8_t slot, bool used, bool wiped) {
  PersistentData p = load(data);
  p.magic = kPersistentMagic;
  p.used_slots = with(p.used_slots, slot, used);
  p.wiped_slots = with(p.wiped_slots, slot, wiped);
  store(data, p);
}
bool reserved(uint8_t slot) {
  return bit(g.options.reserved_slots, slot);
}

// The chip's init and its private key table, once per attach (p_init, or the first entry point
// of a boot that skips it, such as kb_psa_recover before psa_crypto_init).
psa_status_t ensure_table() {
  if (g.chip == nullptr) return refuse(PSA_ERROR_BAD_STATE);
  if (!g.chip_ready) {
    Status s = g.chip->init();
    if (!s.ok()) return fail(s, "init");
    g.chip_ready = true;
  }
  if (g.table_read) return PSA_SUCCESS;
  Result<stsafe::PrivateKeyTable> t = g.chip->query_private_key_table();
  if (!t.ok()) return fail(t.status(), "Query (private key table)");
  g.table = *t;
  g.table_read = true;
  return PSA_SUCCESS;
}

// The slot's record, or null for a slot the chip's table does not have (or beyond kMaxSlots).
const PrivateKeySlotInfo* record(psa_key_slot_number_t slot) {
  if (slot >= kMaxSlots) return nullptr;
  return g.table.find(static_cast<uint8_t>(slot));
}

// The usages the slot's mode of operation lets the chip serve.
bool mode_allows(const stsafe::PrivateKeyMode& mode, psa_key_usage_t usage) {
  if ((usage & (PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_SIGN_MESSAGE)) != 0 && !mode.external_signature) return false;
  if ((usage & PSA_KEY_USAGE_DERIVE) != 0 && !mode.key_establishment) return false;
  return true;
}
bool host_may_generate(const PrivateKeySlotInfo& r) {
  return r.mode.generate_key_access == static_cast<uint8_t>(stsafe::AccessCondition::kFree);
}

psa_status_t check_type_and_bits(const psa_key_attributes_t* attributes) {
  // Key pairs only: the chip cannot take a private key from outside, and its generic public key
  // slots authenticate entities rather than hold PSA keys.
  if (psa_get_key_type(attributes) != kKeyPair) return refuse(PSA_ERROR_NOT_SUPPORTED);
  const size_t bits = psa_get_key_bits(attributes);
  if (bits != 0 && bits != 256) return refuse(PSA_ERROR_NOT_SUPPORTED);
  return PSA_SUCCESS;
}

// ECDSA with SHA-256 or on a digest as given; a digest the algorithm (or the chip) cannot take
// is INVALID_ARGUMENT.
psa_status_t check_ecdsa(psa_algorithm_t alg, size_t hash_length) {
  if (alg == PSA_ALG_ECDSA(PSA_ALG_SHA_256))
    return hash_length == kDigestBytes ? PSA_SUCCESS : refuse(PSA_ERROR_INVALID_ARGUMENT);
  if (alg != PSA_ALG_ECDSA_ANY) return refuse(PSA_ERROR_NOT_SUPPORTED);
  return hash_length > 0 && hash_length <= kMaxDigestBytes ? PSA_SUCCESS : refuse(PSA_ERROR_INVALID_ARGUMENT);
}

// The public keys the driver keeps, one ITS entry per slot.
psa_status_t save_public_key(uint8_t slot, const PublicKey& xy) {
  its::ItsStore* its = psa::its_store();
  if (its == nullptr) return refuse(PSA_ERROR_STORAGE_FAILURE);
  its::ItsStatus s = its->set(public_key_uid(slot), xy, 0);
  return s == its::ItsStatus::kOk ? PSA_SUCCESS : refuse(psa::to_psa_status(s));
}
psa_status_t forget_public_key(uint8_t slot) {
  its::ItsStore* its = psa::its_store();
  if (its == nullptr) return refuse(PSA_ERROR_STORAGE_FAILURE);
  its::ItsStatus s = its->remove(public_key_uid(slot));
  return s == its::ItsStatus::kOk || s == its::ItsStatus::kDoesNotExist ? PSA_SUCCESS : refuse(psa::to_psa_status(s));
}
// DOES_NOT_EXIST when the driver never learnt the slot's public key.
psa_status_t load_public_key(uint8_t slot, PublicKey& xy) {
  its::ItsStore* its = psa::its_store();
  if (its == nullptr) return refuse(PSA_ERROR_STORAGE_FAILURE);
  size_t copied = 0;
  its::ItsStatus s = its->get(public_key_uid(slot), 0, xy, &copied);
  return s == its::ItsStatus::kOk ? PSA_SUCCESS : refuse(psa::to_psa_status(s));
}

// NOT_SUPPORTED, and the reason kept for the application to name.
psa_status_t unknown_public_key() {
  g.last_error = Code::kNotProvisioned;
  g.last_command = "public key of the slot (the chip cannot read it back and no certificate covers it)";
  return PSA_ERROR_NOT_SUPPORTED;
}

// A registered key's public key: the device certificate's, when it is the slot's key. A slot the
// certificate does not cover is registered without one (export_public then NOT_SUPPORTED).
psa_status_t learn_registered_public_key(uint8_t slot, const PrivateKeySlotInfo& r) {
  if (psa_status_t s = forget_public_key(slot); s != PSA_SUCCESS) return s;
  if (!r.mode.external_signature) return PSA_SUCCESS;
  PublicKey xy{};
  const char* command = "";
  Status s = certified_public_key(*g.chip, *g.crypto, g.options.certificate_zone, slot, xy, &command);
  if (s.code() == Code::kNotProvisioned) return PSA_SUCCESS;
  if (!s.ok()) return fail(s, command);
  return save_public_key(slot, xy);
}

psa_status_t p_init(psa_drv_se_context_t* ctx, void* persistent_data, psa_key_location_t location) {
  (void)ctx;
  (void)location;
  g.chip_ready = false;
  g.table_read = false;
  if (psa_status_t s = ensure_table(); s != PSA_SUCCESS) return s;
  PersistentData p = load(persistent_data);
  if (p.magic != kPersistentMagic) {
    // Fresh (all-zero) data: nothing in use, nothing wiped.
    p = PersistentData{kPersistentMagic, 0, 0};
    store(persistent_data, p);
  }
  return ok();
}

psa_status_t p_validate_slot_number(psa_drv_se_context_t* ctx, void* persistent_data,
                                    const psa_key_attributes_t* attributes, psa_key_creation_method_t method,
                                    psa_key_slot_number_t key_slot) {
  (void)ctx;
  if (psa_status_t s = check_type_and_bits(attributes); s != PSA_SUCCESS) return s;
  if (psa_status_t s = ensure_table(); s != PSA_SUCCESS) return s;
  const PrivateKeySlotInfo* r = record(key_slot);
  if (r == nullptr) return refuse(PSA_ERROR_INVALID_ARGUMENT);
  const uint8_t slot = static_cast<uint8_t>(key_slot);
  if (bit(load(persistent_data).used_slots, slot)) return refuse(PSA_ERROR_ALREADY_EXISTS);
  const psa_key_usage_t usage = psa_get_key_usage_flags(attributes);
  switch (method) {
    case PSA_KEY_CREATION_REGISTER:
      // The key is already in the slot: the chip must hold one of the type and serve the usage.
      if (!r->present) return refuse(PSA_ERROR_DOES_NOT_EXIST);
      if (r->curve != EccCurve::kNistP256) return refuse(PSA_ERROR_INVALID_ARGUMENT);
      if (!mode_allows(r->mode, usage)) return refuse(PSA_ERROR_NOT_PERMITTED);
      if (psa_status_t s = learn_registered_public_key(slot, *r); s != PSA_SUCCESS) return s;
      break;
    case PSA_KEY_CREATION_GENERATE:
      // The caller named the slot: whatever key it holds is replaced, if the chip lets the host.
      if (reserved(slot) || !host_may_generate(*r) || !mode_allows(r->mode, usage))
        return refuse(PSA_ERROR_NOT_PERMITTED);
      break;
    default: return refuse(PSA_ERROR_NOT_SUPPORTED);
  }
  mark(persistent_data, slot, true, false);
  return ok();
}

psa_status_t p_allocate(psa_drv_se_context_t* ctx, void* persistent_data, const psa_key_attributes_t* attributes,
                        psa_key_creation_method_t method, psa_key_slot_number_t* key_slot) {
  (void)ctx;
  if (psa_status_t s = check_type_and_bits(attributes); s != PSA_SUCCESS) return s;
  if (method != PSA_KEY_CREATION_GENERATE) return refuse(PSA_ERROR_NOT_SUPPORTED);
  if (psa_status_t s = ensure_table(); s != PSA_SUCCESS) return s;
  const PersistentData p = load(persistent_data);
  const psa_key_usage_t usage = psa_get_key_usage_flags(attributes);
  for (uint8_t i = 0; i < g.table.count; ++i) {
    const PrivateKeySlotInfo& r = g.table.slots[i];
    if (r.slot >= kMaxSlots || reserved(r.slot) || bit(p.used_slots, r.slot)) continue;
    // A key the driver did not wipe belongs to someone (a factory key, another application's).
    if (r.present && !bit(p.wiped_slots, r.slot)) continue;
    if (!host_may_generate(r) || !mode_allows(r.mode, usage)) continue;
    *key_slot = r.slot;
    mark(persistent_data, r.slot, true, false);
    return ok();
  }
  return refuse(PSA_ERROR_INSUFFICIENT_STORAGE);
}

// Generate key pair into the slot; the table view and the kept public key follow the chip.
psa_status_t generate_into(uint8_t slot, PublicKey& xy, const char* command) {
  Status s = g.chip->generate_key_pair(slot, EccCurve::kNistP256, kNoUsageLimit, xy);
  if (!s.ok()) {
    // The slot may or may not hold a new key now: read the table again next time.
    g.table_read = false;
    return fail(s, command);
  }
  for (uint8_t i = 0; i < g.table.count; ++i) {
    if (g.table.slots[i].slot != slot) continue;
    g.table.slots[i].present = true;
    g.table.slots[i].curve = EccCurve::kNistP256;
  }
  return PSA_SUCCESS;
}

psa_status_t p_generate(psa_drv_se_context_t* ctx, psa_key_slot_number_t key_slot,
                        const psa_key_attributes_t* attributes, uint8_t* pubkey, size_t pubkey_size,
                        size_t* pubkey_length) {
  (void)ctx;
  if (psa_get_key_type(attributes) != kKeyPair || psa_get_key_bits(attributes) != 256)
    return refuse(PSA_ERROR_NOT_SUPPORTED);
  if (pubkey != nullptr && pubkey_size < kPsaPublicKeyBytes) return refuse(PSA_ERROR_BUFFER_TOO_SMALL);
  if (psa_status_t s = ensure_table(); s != PSA_SUCCESS) return s;
  if (record(key_slot) == nullptr) return refuse(PSA_ERROR_INVALID_ARGUMENT);
  const uint8_t slot = static_cast<uint8_t>(key_slot);
  if (reserved(slot)) return refuse(PSA_ERROR_NOT_PERMITTED);
  PublicKey xy{};
  if (psa_status_t s = generate_into(slot, xy, "Generate key pair"); s != PSA_SUCCESS) return s;
  if (psa_status_t s = save_public_key(slot, xy); s != PSA_SUCCESS) return s;
  if (pubkey != nullptr) {
    pubkey[0] = 0x04;
    std::memcpy(pubkey + 1, xy.data(), xy.size());
  }
  if (pubkey_length != nullptr) *pubkey_length = pubkey != nullptr ? kPsaPublicKeyBytes : 0;
  return ok();
}

psa_status_t p_destroy(psa_drv_se_context_t* ctx, void* persistent_data, psa_key_slot_number_t key_slot) {
  (void)ctx;
  if (key_slot >= kMaxSlots) return refuse(PSA_ERROR_INVALID_ARGUMENT);
  const uint8_t slot = static_cast<uint8_t>(key_slot);
  mark(persistent_data, slot, false, bit(load(persistent_data).wiped_slots, slot));
  // The factory key stays on the chip, and so does what is known of it: PSA only forgets the key.
  if (reserved(slot)) return ok();
  if (psa_status_t s = forget_public_key(slot); s != PSA_SUCCESS) return s;
  if (psa_status_t s = ensure_table(); s != PSA_SUCCESS) return s;
  const PrivateKeySlotInfo* r = record(slot);
  // The chip has no command that erases a private key. Where the host may regenerate the slot,
  // a fresh key nobody keeps replaces the old one; elsewhere the key stays, and PSA forgets it.
  if (r == nullptr || !r->present || !host_may_generate(*r)) return ok();
  PublicKey discarded{};
  if (psa_status_t s = generate_into(slot, discarded, "Generate key pair (wipe)"); s != PSA_SUCCESS) return s;
  mark(persistent_data, slot, false, true);
  return ok();
}

psa_status_t p_export_public(psa_drv_se_context_t* ctx, psa_key_slot_number_t key_slot, uint8_t* p_data,
                             size_t data_size, size_t* p_data_length) {
  (void)ctx;
  if (data_size < kPsaPublicKeyBytes) return refuse(PSA_ERROR_BUFFER_TOO_SMALL);
  if (key_slot >= kMaxSlots) return refuse(PSA_ERROR_INVALID_ARGUMENT);
  PublicKey xy{};
  psa_status_t s = load_public_key(static_cast<uint8_t>(key_slot), xy);
  if (s == PSA_ERROR_DOES_NOT_EXIST) return unknown_public_key();
  if (s != PSA_SUCCESS) return s;
  p_data[0] = 0x04;
  std::memcpy(p_data + 1, xy.data(), xy.size());
  *p_data_length = kPsaPublicKeyBytes;
  return ok();
}

psa_status_t p_sign(psa_drv_se_context_t* ctx, psa_key_slot_number_t key_slot, psa_algorithm_t alg,
                    const uint8_t* p_hash, size_t hash_length, uint8_t* p_signature, size_t signature_size,
                    size_t* p_signature_length) {
  (void)ctx;
  if (psa_status_t s = check_ecdsa(alg, hash_length); s != PSA_SUCCESS) return s;
  if (signature_size < kSignatureBytes) return refuse(PSA_ERROR_BUFFER_TOO_SMALL);
  if (key_slot >= kMaxSlots) return refuse(PSA_ERROR_INVALID_ARGUMENT);
  if (g.chip == nullptr) return refuse(PSA_ERROR_BAD_STATE);
  std::array<uint8_t, kSignatureBytes> sig{};
  Status s = g.chip->generate_signature(static_cast<uint8_t>(key_slot), EccCurve::kNistP256,
                                        std::span<const uint8_t>(p_hash, hash_length), sig);
  if (!s.ok()) return fail(s, "Generate signature");
  std::memcpy(p_signature, sig.data(), sig.size());
  *p_signature_length = sig.size();
  return ok();
}

psa_status_t p_verify(psa_drv_se_context_t* ctx, psa_key_slot_number_t key_slot, psa_algorithm_t alg,
                      const uint8_t* p_hash, size_t hash_length, const uint8_t* p_signature, size_t signature_length) {
  (void)ctx;
  if (psa_status_t s = check_ecdsa(alg, hash_length); s != PSA_SUCCESS) return s;
  if (signature_length != kSignatureBytes) return refuse(PSA_ERROR_INVALID_SIGNATURE);
  if (key_slot >= kMaxSlots) return refuse(PSA_ERROR_INVALID_ARGUMENT);
  if (g.chip == nullptr) return refuse(PSA_ERROR_BAD_STATE);
  PublicKey xy{};
  psa_status_t s = load_public_key(static_cast<uint8_t>(key_slot), xy);
  if (s == PSA_ERROR_DOES_NOT_EXIST) return unknown_public_key();
  if (s != PSA_SUCCESS) return s;
  Result<bool> valid =
      g.chip->verify_signature(EccCurve::kNistP256, xy, std::span<const uint8_t>(p_signature, signature_length),
                               std::span<const uint8_t>(p_hash, hash_length));
  if (!valid.ok()) return fail(valid.status(), "Verify signature");
  // The chip answers an invalid signature with validity 00 and status OK: no chip error to keep.
  return *valid ? ok() : refuse(PSA_ERROR_INVALID_SIGNATURE);
}

const psa_drv_se_key_management_t kKeyManagement = {
    p_allocate, p_validate_slot_number, nullptr, p_generate, p_destroy, nullptr, p_export_public,
};
const psa_drv_se_asymmetric_t kAsymmetric = {p_sign, p_verify, nullptr, nullptr};

psa_status_t chip_status_to_psa(uint8_t status) {
  namespace ds = stsafe::device_status;
  switch (status) {
    case ds::kCommunicationError:
    case 0x08:  // too many messages lost
      return PSA_ERROR_COMMUNICATION_FAILURE;
    case ds::kInconsistentCommandData:
    case ds::kValueOutOfRange:
    case ds::kBufferLengthExceeded:
    case ds::kWrongKeyType:
    case ds::kWrongModeOfOperation:
    case ds::kInvalidPublicKey: return PSA_ERROR_INVALID_ARGUMENT;
    case ds::kCommandCodeNotSupported: return PSA_ERROR_NOT_SUPPORTED;
    case ds::kKeyNotFound:
    case ds::kEntryNotFound: return PSA_ERROR_DOES_NOT_EXIST;
    case 0x0B:  // key blocked
    case 0x0F:  // invalid life cycle state
    case ds::kAccessConditionNotSatisfied:
    case ds::kCounterLimitExceeded:
    case ds::kWrongKeyUsage:
    case ds::kCommandNotAuthorized: return PSA_ERROR_NOT_PERMITTED;
    default: return PSA_ERROR_HARDWARE_FAILURE;
  }
}

}  // namespace

psa_status_t to_psa_status(Status status) {
  switch (status.code()) {
    case Code::kOk: return PSA_SUCCESS;
    case Code::kInvalidArgument: return PSA_ERROR_INVALID_ARGUMENT;
    case Code::kBufferTooSmall: return PSA_ERROR_BUFFER_TOO_SMALL;
    case Code::kUnsupported: return PSA_ERROR_NOT_SUPPORTED;
    case Code::kBusAddressNack:
    case Code::kBusDataNack:
    case Code::kBusError:
    case Code::kBusTimeout:
    case Code::kResponseCrc:
    case Code::kResponseTruncated:
    case Code::kResponseOversize:
    case Code::kResponseMalformed:
    case Code::kResponseMac:
    case Code::kDeviceTimeout: return PSA_ERROR_COMMUNICATION_FAILURE;
    case Code::kDeviceStatus: return chip_status_to_psa(status.device_status());
    default: return PSA_ERROR_HARDWARE_FAILURE;
  }
}

void attach(stsafe::Stsafe* chip, hal::Crypto* crypto, const Options& options) {
  g = Driver{};
  // Half an attachment is none: every entry point checks the chip.
  g.chip = crypto != nullptr ? chip : nullptr;
  g.crypto = crypto;
  g.options = options;
}

const psa_drv_se_t& driver() {
  return kb_stsafe_a120_se_driver;
}

Status last_error() {
  return g.last_error;
}
const char* last_command() {
  return g.last_command;
}

const char* describe_last_error(char* out, size_t out_len) {
  return describe_driver_error("STSAFE-A120", g.last_command, g.last_error, out, out_len);
}

}  // namespace kb::core::psa_se::stsafe_a120

extern "C" const psa_drv_se_t kb_stsafe_a120_se_driver = {
    PSA_DRV_SE_HAL_VERSION,
    sizeof(kb::core::psa_se::stsafe_a120::PersistentData),
    kb::core::psa_se::stsafe_a120::p_init,
    &kb::core::psa_se::stsafe_a120::kKeyManagement,
    nullptr,
    nullptr,
    nullptr,
    &kb::core::psa_se::stsafe_a120::kAsymmetric,
    nullptr,
};
