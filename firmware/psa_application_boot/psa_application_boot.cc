#include "firmware/psa_application_boot/psa_application_boot.h"

#include <span>
#include <string_view>

#include "core/psa/psa_platform.h"
#include "firmware/factory_provisioning/factory_provisioning.h"
#include "firmware/psa_application_boot/psa_session.h"

namespace kb::fw {

namespace {

constexpr psa_algorithm_t kAlg = PSA_ALG_ECDSA(PSA_ALG_SHA_256);
constexpr std::string_view kMessage = "keybench application boot: key check";

PsaKeyCheck check_key(hal::Platform& p, psa_key_id_t id) {
  PsaKeyCheck k;
  k.id = id;
  psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
  const psa_status_t s = psa_get_key_attributes(id, &a);
  psa_reset_key_attributes(&a);
  if (s == PSA_ERROR_DOES_NOT_EXIST || s == PSA_ERROR_INVALID_HANDLE) return k;
  k.exists = true;
  if (s != PSA_SUCCESS) {
    k.failed_call = "psa_get_key_attributes";
    k.status = s;
    return k;
  }
  // The digest covers the key id, so a signature of one key never passes for another's.
  std::array<uint8_t, 32> digest{};
  std::array<uint8_t, kMessage.size() + 1> message{};
  for (size_t i = 0; i < kMessage.size(); ++i) message[i] = static_cast<uint8_t>(kMessage[i]);
  message[kMessage.size()] = static_cast<uint8_t>(id);
  if (p.crypto.sha256(message, digest) != hal::CryptoResult::kOk) {
    k.failed_call = "host SHA-256";
    k.status = PSA_ERROR_HARDWARE_FAILURE;
    return k;
  }
  std::array<uint8_t, 64> signature{};
  size_t length = 0;
  k.status = psa_sign_hash(id, kAlg, digest.data(), digest.size(), signature.data(), signature.size(), &length);
  if (k.status != PSA_SUCCESS || length != signature.size()) {
    k.failed_call = "psa_sign_hash";
    if (k.status == PSA_SUCCESS) k.status = PSA_ERROR_CORRUPTION_DETECTED;
    return k;
  }
  std::array<uint8_t, 65> public_key{};
  k.status = psa_export_public_key(id, public_key.data(), public_key.size(), &length);
  if (k.status != PSA_SUCCESS || length != public_key.size() || public_key[0] != 0x04) {
    k.failed_call = "psa_export_public_key";
    if (k.status == PSA_SUCCESS) k.status = PSA_ERROR_CORRUPTION_DETECTED;
    return k;
  }
  k.public_key = public_key;
  if (p.crypto.p256_verify_digest(std::span<const uint8_t>(public_key).subspan(1), digest, signature) !=
      hal::CryptoResult::kOk) {
    k.failed_call = "host verification";
    k.status = PSA_ERROR_INVALID_SIGNATURE;
    return k;
  }
  k.verified = true;
  return k;
}

void print_key(hal::Platform& p, const PsaKeyCheck& k) {
  const unsigned long id = k.id;
  if (!k.exists) {
    p.console.print("\tKey ID %lu: absent.\n", id);
  } else if (k.verified) {
    p.console.print("\tKey ID %lu: signed on the chip, verified on the host.\n", id);
  } else {
    p.console.print("\tKey ID %lu: %s failed with status=%ld (%s)\n", id, k.failed_call, static_cast<long>(k.status),
                    core::psa::psa_status_name(k.status));
  }
}

// Runs kb_psa_recover with the session's driver and prints what it did; false when it failed.
bool recover(hal::Console& out, const PsaSession& session, PsaApplicationBoot& r) {
  out.print("\tRecovering the key store... ");
  r.recover_ran = true;
  const kb_psa_recover_driver_t drivers[] = {{session.driver().location, session.driver().methods}};
  r.recover_status = kb_psa_recover(drivers, 1, &r.recovery);
  if (r.recover_status != PSA_SUCCESS) {
    print_psa_failure(out, r.recover_status);
    return false;
  }
  if (r.recovery.action == KB_PSA_RECOVERY_CREATE_ROLLED_BACK) {
    out.print("creation of key %lu (slot %lu) rolled back.\n", static_cast<unsigned long>(r.recovery.key_id),
              static_cast<unsigned long>(r.recovery.slot));
  } else if (r.recovery.action == KB_PSA_RECOVERY_DESTROY_FINISHED) {
    out.print("destruction of key %lu (slot %lu) finished.\n", static_cast<unsigned long>(r.recovery.key_id),
              static_cast<unsigned long>(r.recovery.slot));
  } else {
    out.print("nothing to recover.\n");
  }
  return true;
}

// mbedtls_psa_register_se_key of key 16 in its slot, with the factory application's attributes,
// when the store holds no key 16.
void reregister_factory_key(hal::Console& out, const PsaApplicationBootOptions& options, PsaApplicationBoot& r) {
  psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
  const psa_status_t s = psa_get_key_attributes(static_cast<psa_key_id_t>(kFactoryKeyId), &a);
  psa_reset_key_attributes(&a);
  if (s == PSA_SUCCESS) return;
  out.print("\tRegistering the factory key again... ");
  r.reregistered = true;
  set_factory_key_attributes(&a, options.se, kFactoryKeyId, kFactoryKeySlot);
  r.reregister_status = mbedtls_psa_register_se_key(&a);
  psa_reset_key_attributes(&a);
  if (r.reregister_status == PSA_SUCCESS) {
    out.print("done (slot %u).\n", kFactoryKeySlot);
  } else {
    print_psa_failure(out, r.reregister_status);
  }
}

PsaApplicationBoot with_ids() {
  PsaApplicationBoot r;
  r.keys[0].id = static_cast<psa_key_id_t>(kFactoryKeyId);
  r.keys[1].id = static_cast<psa_key_id_t>(kGeneratedKeyId);
  return r;
}

}  // namespace

bool PsaApplicationBoot::passed() const {
  if (recover_ran && recover_status != PSA_SUCCESS) return false;
  if (!init_ran || init_status != PSA_SUCCESS) return false;
  if (reregistered && reregister_status != PSA_SUCCESS) return false;
  for (const auto& k : keys) {
    if (k.exists && !k.verified) return false;
  }
  return true;
}

PsaApplicationBoot recover_psa_key_store(hal::Platform& platform, const PsaDevice& device) {
  PsaApplicationBoot r = with_ids();
  if (device.its == nullptr) {
    r.recover_ran = true;
    r.recover_status = PSA_ERROR_INVALID_ARGUMENT;
    return r;
  }
  PsaSession session(platform, device);
  platform.console.print("Recovering the key store before an application boot...\n");
  recover(platform.console, session, r);
  return r;
}

PsaApplicationBoot boot_psa_application(hal::Platform& platform, const PsaApplicationBootOptions& options) {
  PsaApplicationBoot r = with_ids();
  if (options.its == nullptr) {
    r.register_status = PSA_ERROR_INVALID_ARGUMENT;
    return r;
  }
  PsaSession session(platform, options);
  hal::Console& out = platform.console;
  out.print("Booting application...\n");

  if (!options.recover || recover(out, session, r)) {
    const PsaStart start = session.start(out);
    r.register_status = start.register_status;
    r.init_ran = start.init_ran;
    r.init_status = start.init_status;
  }
  if (r.init_ran && r.init_status == PSA_SUCCESS) {
    if (options.register_factory_key) reregister_factory_key(out, options, r);
    out.print("\tChecking the keys...\n");
    for (auto& k : r.keys) {
      k = check_key(platform, k.id);
      print_key(platform, k);
    }
  }
  out.print(r.passed() ? "Application ready\n" : "Application cannot start\n");
  return r;
}

}  // namespace kb::fw
