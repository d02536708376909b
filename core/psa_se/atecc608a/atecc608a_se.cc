#include "core/psa_se/atecc608a/atecc608a_se.h"

#include <array>
#include <cstdio>
#include <cstring>
#include <span>

#include "core/atecc/commands/genkey.h"
#include "core/atecc/commands/nonce.h"
#include "core/atecc/commands/read.h"
#include "core/atecc/commands/sign.h"
#include "core/atecc/commands/verify.h"
#include "core/atecc/commands/write.h"
#include "core/atecc/config_zone.h"
#include "core/atecc/device_status.h"
#include "core/atecc/zones.h"
#include "core/psa_se/driver_error.h"

namespace kb::core::psa_se::atecc608a {

namespace {

using atecc::ConfigZone;
namespace cmd = atecc::commands;

constexpr psa_key_type_t kKeyPair = PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1);
constexpr psa_key_type_t kPublicKey = PSA_KEY_TYPE_ECC_PUBLIC_KEY(PSA_ECC_FAMILY_SECP_R1);
constexpr size_t kPsaPublicKeyBytes = 65;  // 0x04 ‖ X ‖ Y
constexpr uint8_t kFirstPublicSlot = 8;
constexpr uint8_t kSlots = 16;

// KeyConfig / SlotConfig fields (fact sheet B7.3).
constexpr uint16_t kKeyConfigPrivate = 0x0001;
constexpr uint16_t kKeyConfigKeyTypeMask = 0x001C;
constexpr uint16_t kKeyConfigKeyTypeP256 = 4 << 2;
constexpr uint16_t kSlotConfigExternalSign = 0x0001;
constexpr uint16_t kSlotConfigGenKey = 0x2000;  // WriteConfig bit 13
constexpr uint16_t kSlotConfigIsSecret = 0x0080;

struct Driver {
  atecc::Atecc* chip = nullptr;
  Options options;
  ConfigZone config{};
  bool config_read = false;
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
bool in_use(const void* data, uint8_t slot) {
  return (load(data).used_slots >> slot) & 1u;
}
void mark(void* data, uint8_t slot, bool used) {
  PersistentData p = load(data);
  p.magic = kPersistentMagic;
  if (used) {
    p.used_slots = static_cast<uint16_t>(p.used_slots | (1u << slot));
  } else {
    p.used_slots = static_cast<uint16_t>(p.used_slots & ~(1u << slot));
  }
  store(data, p);
}
bool reserved(uint8_t slot) {
  return (g.options.reserved_slots >> slot) & 1u;
}

psa_status_t ensure_config() {
  if (g.chip == nullptr) return refuse(PSA_ERROR_BAD_STATE);
  if (g.config_read) return PSA_SUCCESS;
  Status s = atecc::read_config_zone(*g.chip, g.config);
  if (!s.ok()) return fail(s, "Read (config zone)");
  g.config_read = true;
  return PSA_SUCCESS;
}

bool p256_slot(uint8_t slot, bool private_key) {
  const uint16_t kc = atecc::key_config(g.config, slot);
  return (kc & kKeyConfigKeyTypeMask) == kKeyConfigKeyTypeP256 && ((kc & kKeyConfigPrivate) != 0) == private_key;
}
bool data_locked() {
  return atecc::data_zone_locked(g.config);
}
// GenKey may create a key here: a private P-256 slot whose WriteConfig allows it (any private
// slot before the data lock), not locked by Lock mode 2.
bool generatable(uint8_t slot) {
  if (!p256_slot(slot, true) || atecc::slot_locked(g.config, slot)) return false;
  return !data_locked() || (atecc::slot_config(g.config, slot) & kSlotConfigGenKey) != 0;
}
bool importable(uint8_t slot) {
  return slot >= kFirstPublicSlot && slot < kSlots && p256_slot(slot, false) && !atecc::slot_locked(g.config, slot);
}

psa_status_t check_type_and_bits(const psa_key_attributes_t* attributes) {
  const psa_key_type_t type = psa_get_key_type(attributes);
  if (type != kKeyPair && type != kPublicKey) return refuse(PSA_ERROR_NOT_SUPPORTED);
  const size_t bits = psa_get_key_bits(attributes);
  if (bits != 0 && bits != 256) return refuse(PSA_ERROR_NOT_SUPPORTED);
  return PSA_SUCCESS;
}

bool ecdsa_sha256(psa_algorithm_t alg) {
  return alg == PSA_ALG_ECDSA(PSA_ALG_SHA_256) || alg == PSA_ALG_ECDSA_ANY;
}

psa_status_t p_init(psa_drv_se_context_t* ctx, void* persistent_data, psa_key_location_t location) {
  (void)ctx;
  (void)location;
  g.config_read = false;
  if (psa_status_t s = ensure_config(); s != PSA_SUCCESS) return s;
  PersistentData p = load(persistent_data);
  if (p.magic != kPersistentMagic) {
    // Fresh (all-zero) data: nothing in use yet.
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
  if (key_slot >= kSlots) return refuse(PSA_ERROR_INVALID_ARGUMENT);
  if (psa_status_t s = ensure_config(); s != PSA_SUCCESS) return s;
  const uint8_t slot = static_cast<uint8_t>(key_slot);
  const bool pair = psa_get_key_type(attributes) == kKeyPair;
  if (pair && !p256_slot(slot, true)) return refuse(PSA_ERROR_INVALID_ARGUMENT);
  if (!pair && (slot < kFirstPublicSlot || !p256_slot(slot, false))) return refuse(PSA_ERROR_INVALID_ARGUMENT);
  if (in_use(persistent_data, slot)) return refuse(PSA_ERROR_ALREADY_EXISTS);
  switch (method) {
    case PSA_KEY_CREATION_REGISTER: {
      // The key is already in the slot: the chip must be able to use it as the attributes say.
      if (!data_locked()) return refuse(PSA_ERROR_DOES_NOT_EXIST);
      const uint16_t sc = atecc::slot_config(g.config, slot);
      if (pair && (psa_get_key_usage_flags(attributes) & PSA_KEY_USAGE_SIGN_HASH) &&
          (sc & kSlotConfigExternalSign) == 0)
        return refuse(PSA_ERROR_NOT_PERMITTED);
      break;
    }
    case PSA_KEY_CREATION_GENERATE:
      if (!pair) return refuse(PSA_ERROR_NOT_SUPPORTED);
      if (reserved(slot)) return refuse(PSA_ERROR_NOT_PERMITTED);
      if (!generatable(slot)) return refuse(PSA_ERROR_NOT_PERMITTED);
      break;
    case PSA_KEY_CREATION_IMPORT:
      if (pair) return refuse(PSA_ERROR_NOT_SUPPORTED);
      if (reserved(slot) || !importable(slot)) return refuse(PSA_ERROR_NOT_PERMITTED);
      break;
    default: return refuse(PSA_ERROR_NOT_SUPPORTED);
  }
  mark(persistent_data, slot, true);
  return ok();
}

psa_status_t p_allocate(psa_drv_se_context_t* ctx, void* persistent_data, const psa_key_attributes_t* attributes,
                        psa_key_creation_method_t method, psa_key_slot_number_t* key_slot) {
  (void)ctx;
  if (psa_status_t s = check_type_and_bits(attributes); s != PSA_SUCCESS) return s;
  if (psa_status_t s = ensure_config(); s != PSA_SUCCESS) return s;
  const bool pair = psa_get_key_type(attributes) == kKeyPair;
  if (pair ? method != PSA_KEY_CREATION_GENERATE : method != PSA_KEY_CREATION_IMPORT)
    return refuse(PSA_ERROR_NOT_SUPPORTED);
  for (uint8_t slot = 0; slot < kSlots; ++slot) {
    if (reserved(slot) || in_use(persistent_data, slot)) continue;
    if (pair ? !generatable(slot) : !importable(slot)) continue;
    *key_slot = slot;
    mark(persistent_data, slot, true);
    return ok();
  }
  return refuse(PSA_ERROR_INSUFFICIENT_STORAGE);
}

psa_status_t p_generate(psa_drv_se_context_t* ctx, psa_key_slot_number_t key_slot,
                        const psa_key_attributes_t* attributes, uint8_t* pubkey, size_t pubkey_size,
                        size_t* pubkey_length) {
  (void)ctx;
  if (psa_get_key_type(attributes) != kKeyPair || psa_get_key_bits(attributes) != 256)
    return refuse(PSA_ERROR_NOT_SUPPORTED);
  if (pubkey != nullptr && pubkey_size < kPsaPublicKeyBytes) return refuse(PSA_ERROR_BUFFER_TOO_SMALL);
  if (g.chip == nullptr) return refuse(PSA_ERROR_BAD_STATE);
  if (key_slot >= kSlots || reserved(static_cast<uint8_t>(key_slot))) return refuse(PSA_ERROR_NOT_PERMITTED);
  std::array<uint8_t, cmd::kPublicKeyBytes> pub{};
  Status s = cmd::genkey_private(*g.chip, static_cast<uint16_t>(key_slot), pub);
  if (!s.ok()) return fail(s, "GenKey");
  if (pubkey != nullptr) {
    pubkey[0] = 0x04;
    std::memcpy(pubkey + 1, pub.data(), pub.size());
  }
  if (pubkey_length != nullptr) *pubkey_length = pubkey != nullptr ? kPsaPublicKeyBytes : 0;
  return ok();
}

psa_status_t write_public_key(uint8_t slot, const uint8_t* xy) {
  // Padded layout (B7.4): 4 pad, X, 4 pad, Y — 72 bytes, written as 3 blocks.
  std::array<uint8_t, 96> padded{};
  std::memcpy(&padded[4], xy, 32);
  std::memcpy(&padded[40], xy + 32, 32);
  for (uint8_t block = 0; block < 3; ++block) {
    Result<uint16_t> address = atecc::zone_address(atecc::Zone::kData, slot, block);
    if (!address.ok()) return fail(address.status(), "Write");
    Status s = cmd::write(*g.chip, atecc::Zone::kData, *address,
                          std::span<const uint8_t>(padded).subspan(block * atecc::kBlockBytes, atecc::kBlockBytes));
    if (!s.ok()) return fail(s, "Write");
  }
  return PSA_SUCCESS;
}

psa_status_t p_import(psa_drv_se_context_t* ctx, psa_key_slot_number_t key_slot, const psa_key_attributes_t* attributes,
                      const uint8_t* data, size_t data_length, size_t* bits) {
  (void)ctx;
  if (psa_get_key_type(attributes) != kPublicKey) return refuse(PSA_ERROR_NOT_SUPPORTED);
  if (!ecdsa_sha256(psa_get_key_algorithm(attributes))) return refuse(PSA_ERROR_NOT_SUPPORTED);
  if (key_slot < kFirstPublicSlot || key_slot >= kSlots) return refuse(PSA_ERROR_INVALID_ARGUMENT);
  if (data_length != kPsaPublicKeyBytes || data[0] != 0x04) return refuse(PSA_ERROR_INVALID_ARGUMENT);
  if (g.chip == nullptr) return refuse(PSA_ERROR_BAD_STATE);
  if (psa_status_t s = write_public_key(static_cast<uint8_t>(key_slot), data + 1); s != PSA_SUCCESS) return s;
  *bits = 256;
  return ok();
}

psa_status_t p_destroy(psa_drv_se_context_t* ctx, void* persistent_data, psa_key_slot_number_t key_slot) {
  (void)ctx;
  if (key_slot >= kSlots) return refuse(PSA_ERROR_INVALID_ARGUMENT);
  const uint8_t slot = static_cast<uint8_t>(key_slot);
  mark(persistent_data, slot, false);
  if (reserved(slot)) return ok();  // the factory key stays on the chip; PSA only forgets it
  if (psa_status_t s = ensure_config(); s != PSA_SUCCESS) return s;
  // Best-effort wipe: a key pair GenKey may rewrite is replaced by a fresh key nobody knows.
  if (generatable(slot) && data_locked()) {
    std::array<uint8_t, cmd::kPublicKeyBytes> discarded{};
    Status s = cmd::genkey_private(*g.chip, slot, discarded);
    if (!s.ok()) return fail(s, "GenKey (wipe)");
  }
  return ok();
}

psa_status_t read_public_slot(uint8_t slot, uint8_t* xy) {
  std::array<uint8_t, 96> padded{};
  for (uint8_t block = 0; block < 3; ++block) {
    Result<uint16_t> address = atecc::zone_address(atecc::Zone::kData, slot, block);
    if (!address.ok()) return fail(address.status(), "Read");
    Status s = cmd::read(*g.chip, atecc::Zone::kData, *address,
                         std::span<uint8_t>(padded).subspan(block * atecc::kBlockBytes, atecc::kBlockBytes));
    if (!s.ok()) return fail(s, "Read");
  }
  std::memcpy(xy, &padded[4], 32);
  std::memcpy(xy + 32, &padded[40], 32);
  return PSA_SUCCESS;
}

psa_status_t p_export_public(psa_drv_se_context_t* ctx, psa_key_slot_number_t key_slot, uint8_t* p_data,
                             size_t data_size, size_t* p_data_length) {
  (void)ctx;
  if (data_size < kPsaPublicKeyBytes) return refuse(PSA_ERROR_BUFFER_TOO_SMALL);
  if (key_slot >= kSlots) return refuse(PSA_ERROR_INVALID_ARGUMENT);
  if (psa_status_t s = ensure_config(); s != PSA_SUCCESS) return s;
  const uint8_t slot = static_cast<uint8_t>(key_slot);
  std::array<uint8_t, cmd::kPublicKeyBytes> pub{};
  if (p256_slot(slot, true)) {
    Status s = cmd::genkey_public(*g.chip, slot, pub);
    if (!s.ok()) return fail(s, "GenKey (public)");
  } else if (slot >= kFirstPublicSlot && (atecc::slot_config(g.config, slot) & kSlotConfigIsSecret) == 0) {
    if (psa_status_t s = read_public_slot(slot, pub.data()); s != PSA_SUCCESS) return s;
  } else {
    return refuse(PSA_ERROR_NOT_SUPPORTED);
  }
  p_data[0] = 0x04;
  std::memcpy(p_data + 1, pub.data(), pub.size());
  *p_data_length = kPsaPublicKeyBytes;
  return ok();
}

psa_status_t p_sign(psa_drv_se_context_t* ctx, psa_key_slot_number_t key_slot, psa_algorithm_t alg,
                    const uint8_t* p_hash, size_t hash_length, uint8_t* p_signature, size_t signature_size,
                    size_t* p_signature_length) {
  (void)ctx;
  if (!ecdsa_sha256(alg) || hash_length != cmd::kDigestBytes) return refuse(PSA_ERROR_NOT_SUPPORTED);
  if (signature_size < cmd::kSignatureBytes) return refuse(PSA_ERROR_BUFFER_TOO_SMALL);
  if (key_slot >= kSlots) return refuse(PSA_ERROR_INVALID_ARGUMENT);
  if (g.chip == nullptr) return refuse(PSA_ERROR_BAD_STATE);
  std::array<uint8_t, cmd::kSignatureBytes> sig{};
  Status s = cmd::sign_digest(*g.chip, static_cast<uint16_t>(key_slot),
                              std::span<const uint8_t, cmd::kDigestBytes>(p_hash, cmd::kDigestBytes), sig);
  if (!s.ok()) return fail(s, "Sign");
  std::memcpy(p_signature, sig.data(), sig.size());
  *p_signature_length = sig.size();
  return ok();
}

psa_status_t p_verify(psa_drv_se_context_t* ctx, psa_key_slot_number_t key_slot, psa_algorithm_t alg,
                      const uint8_t* p_hash, size_t hash_length, const uint8_t* p_signature, size_t signature_length) {
  (void)ctx;
  if (!ecdsa_sha256(alg) || hash_length != cmd::kDigestBytes) return refuse(PSA_ERROR_NOT_SUPPORTED);
  if (signature_length != cmd::kVerifySignatureBytes) return refuse(PSA_ERROR_INVALID_SIGNATURE);
  if (key_slot >= kSlots) return refuse(PSA_ERROR_INVALID_ARGUMENT);
  if (psa_status_t s = ensure_config(); s != PSA_SUCCESS) return s;
  const uint8_t slot = static_cast<uint8_t>(key_slot);
  const std::span<const uint8_t> signature(p_signature, signature_length);
  const std::span<const uint8_t> digest(p_hash, hash_length);
  Result<bool> verified = false;
  if (p256_slot(slot, true)) {
    // A key pair: its public key from GenKey, then Verify external.
    std::array<uint8_t, cmd::kPublicKeyBytes> pub{};
    Status s = cmd::genkey_public(*g.chip, slot, pub);
    if (!s.ok()) return fail(s, "GenKey (public)");
    s = cmd::nonce_load(*g.chip, cmd::NonceTarget::kMessageDigestBuffer, digest);
    if (!s.ok()) return fail(s, "Nonce");
    verified = cmd::verify_external(*g.chip, atecc::MessageSource::kMessageDigestBuffer, signature, pub);
  } else if (slot >= kFirstPublicSlot) {
    Status s = cmd::nonce_load(*g.chip, cmd::NonceTarget::kMessageDigestBuffer, digest);
    if (!s.ok()) return fail(s, "Nonce");
    verified = cmd::verify_stored(*g.chip, atecc::MessageSource::kMessageDigestBuffer, slot, signature);
  } else {
    return refuse(PSA_ERROR_INVALID_ARGUMENT);
  }
  if (!verified.ok()) return fail(verified.status(), "Verify");
  if (!*verified) {
    g.last_error = atecc::device_error(static_cast<uint8_t>(atecc::DeviceStatus::kMiscompare));
    g.last_command = "Verify";
    return PSA_ERROR_INVALID_SIGNATURE;
  }
  return ok();
}

const psa_drv_se_key_management_t kKeyManagement = {
    p_allocate, p_validate_slot_number, p_import, p_generate, p_destroy, nullptr, p_export_public,
};
const psa_drv_se_asymmetric_t kAsymmetric = {p_sign, p_verify, nullptr, nullptr};

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
    case Code::kBusArbitrationLost:
    case Code::kResponseCrc:
    case Code::kResponseTruncated:
    case Code::kResponseOversize:
    case Code::kResponseMalformed:
    case Code::kDeviceTimeout: return PSA_ERROR_COMMUNICATION_FAILURE;
    case Code::kDeviceStatus:
      // The chip's own "bad CRC or count" is cryptoauthlib's ATCA_STATUS_CRC: a link problem.
      if (atecc::is_device_status(status, atecc::DeviceStatus::kCommunicationError))
        return PSA_ERROR_COMMUNICATION_FAILURE;
      return PSA_ERROR_HARDWARE_FAILURE;
    default: return PSA_ERROR_HARDWARE_FAILURE;
  }
}

void attach(atecc::Atecc* chip, const Options& options) {
  g = Driver{};
  g.chip = chip;
  g.options = options;
}

const psa_drv_se_t& driver() {
  return kb_atecc608a_se_driver;
}

Status last_error() {
  return g.last_error;
}
const char* last_command() {
  return g.last_command;
}

const char* describe_last_error(char* out, size_t out_len) {
  return describe_driver_error("ATECC608A", g.last_command, g.last_error, out, out_len);
}

}  // namespace kb::core::psa_se::atecc608a

extern "C" const psa_drv_se_t kb_atecc608a_se_driver = {
    PSA_DRV_SE_HAL_VERSION,
    sizeof(kb::core::psa_se::atecc608a::PersistentData),
    kb::core::psa_se::atecc608a::p_init,
    &kb::core::psa_se::atecc608a::kKeyManagement,
    nullptr,
    nullptr,
    nullptr,
    &kb::core::psa_se::atecc608a::kAsymmetric,
    nullptr,
};
