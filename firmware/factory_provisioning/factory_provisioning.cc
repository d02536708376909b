#include "firmware/factory_provisioning/factory_provisioning.h"

#include <mbedtls/pk.h>
#include <mbedtls/x509_csr.h>
#include <psa/crypto.h>

#include <cstring>
#include <string_view>

#include "core/atecc/atecc.h"
#include "core/psa/psa_platform.h"
#include "core/psa_se/atecc608a/atecc608a_se.h"
#include "core/psa_se/stsafe_a120/stsafe_a120_se.h"
#include "core/stsafe/stsafe.h"

namespace kb::fw {

namespace {

namespace atecc_se = core::psa_se::atecc608a;
namespace stsafe_se = core::psa_se::stsafe_a120;

// The reference's psa_rng_for_mbedtls, with its assert the right way round (A4.6 item 1): a
// failure is returned to Mbed TLS instead of asserted away.
int psa_rng_for_mbedtls(void* p_rng, unsigned char* output, size_t output_len) {
  (void)p_rng;
  return psa_generate_random(output, output_len) == PSA_SUCCESS ? 0 : -1;
}

class Run {
 public:
  Run(hal::Platform& platform, const FactoryProvisioningOptions& options)
      : p_(platform),
        options_(options),
        se_(secure_element_driver(options.se)),
        atecc_(platform.i2c, platform.clock, transport(options)),
        stsafe_(platform.i2c, platform.clock, options.stsafe_address7) {}
  ~Run() {
    mbedtls_psa_crypto_free();
    atecc_se::attach(nullptr);
    stsafe_se::attach(nullptr, nullptr);
    core::psa::set_its_store(nullptr);
    core::psa::set_random_source(nullptr);
  }

  core::Status run();

 private:
  static core::atecc::TransportOptions transport(const FactoryProvisioningOptions& o) {
    core::atecc::TransportOptions t;
    t.address7 = o.address7;
    return t;
  }
  // "failed with status=%ld" (the reference's text) and, when the chip refused, its status.
  core::Status failed(psa_status_t status, const char* prefix = "");
  // After a failed print or CSR: the driver's reason on its own line, when it kept one.
  core::Status chip_refusal();
  core::Status print_public_key(uint64_t id);
  core::Status print_csr(uint64_t id);
  // The key's attributes, or DOES_NOT_EXIST; a key of another lifetime, type or slot is refused.
  psa_status_t existing(uint64_t id, uint8_t slot, bool* present);
  void set_attributes(psa_key_attributes_t* a, uint64_t id, uint8_t slot) const;
  // The drivers this run registers: the chosen chip's, and the other's with register_both.
  bool registers(FactorySecureElement se) const { return se == options_.se || options_.register_both; }
  // The chip status behind the last failure: the key chip's driver first, then the other's.
  const SecureElementDriver* driver_with_error() const;

  hal::Platform& p_;
  const FactoryProvisioningOptions& options_;
  const SecureElementDriver& se_;
  core::atecc::Atecc atecc_;
  core::stsafe::Stsafe stsafe_;
};

const SecureElementDriver* Run::driver_with_error() const {
  if (!se_.last_error().ok()) return &se_;
  for (FactorySecureElement other : {FactorySecureElement::kAtecc608a, FactorySecureElement::kStsafeA120}) {
    const SecureElementDriver& d = secure_element_driver(other);
    if (registers(other) && !d.last_error().ok()) return &d;
  }
  return nullptr;
}

core::Status Run::failed(psa_status_t status, const char* prefix) {
  p_.console.print("%sfailed with status=%ld\n", prefix, static_cast<long>(status));
  if (const SecureElementDriver* d = driver_with_error()) {
    char why[192];
    p_.console.print("\t\t(%s; %s)\n", d->describe_last_error(why, sizeof why), core::psa::psa_status_name(status));
    return d->last_error();
  }
  p_.console.print("\t\t(%s)\n", core::psa::psa_status_name(status));
  return core::Code::kRefused;
}

core::Status Run::chip_refusal() {
  const core::Status chip = se_.last_error();
  if (chip.ok()) return core::Code::kRefused;
  char why[192];
  p_.console.print("\t\t(%s)\n", se_.describe_last_error(why, sizeof why));
  return chip;
}

void Run::set_attributes(psa_key_attributes_t* a, uint64_t id, uint8_t slot) const {
  set_factory_key_attributes(a, options_.se, id, slot);
}

psa_status_t Run::existing(uint64_t id, uint8_t slot, bool* present) {
  *present = false;
  psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
  psa_status_t s = psa_get_key_attributes(static_cast<psa_key_id_t>(id), &a);
  if (s == PSA_ERROR_DOES_NOT_EXIST || s == PSA_ERROR_INVALID_HANDLE) return PSA_SUCCESS;
  if (s != PSA_SUCCESS) return s;
  psa_key_slot_number_t stored = 0;
  const bool same = psa_get_key_lifetime(&a) == se_.lifetime &&
                    psa_get_key_type(&a) == PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1) &&
                    psa_get_key_slot_number(&a, &stored) == PSA_SUCCESS && stored == slot;
  psa_reset_key_attributes(&a);
  if (!same) return PSA_ERROR_ALREADY_EXISTS;
  *present = true;
  return PSA_SUCCESS;
}

core::Status Run::print_public_key(uint64_t id) {
  p_.console.print("\tKey ID %lu:\n", static_cast<unsigned long>(id));
  mbedtls_pk_context pk;
  mbedtls_pk_init(&pk);
  int ret = mbedtls_pk_setup_opaque(&pk, static_cast<psa_key_id_t>(id));
  if (ret != 0) {
    p_.console.print("Failed to setup PK with ret=%d\n", ret);
    mbedtls_pk_free(&pk);
    return core::Code::kRefused;
  }
  unsigned char pem[256] = {};
  ret = mbedtls_pk_write_pubkey_pem(&pk, pem, sizeof pem);
  mbedtls_pk_free(&pk);
  if (ret != 0) {
    p_.console.print("Failed to print pubkey with ret=%d\n", ret);
    return chip_refusal();
  }
  p_.console.write(reinterpret_cast<const char*>(pem));
  p_.console.write("\n");
  return core::Code::kOk;
}

core::Status Run::print_csr(uint64_t id) {
  mbedtls_pk_context pk;
  mbedtls_pk_init(&pk);
  mbedtls_x509write_csr req;
  mbedtls_x509write_csr_init(&req);
  core::Status result = core::Code::kOk;
  static unsigned char pem[2048];
  std::memset(pem, 0, sizeof pem);
  int ret = mbedtls_pk_setup_opaque(&pk, static_cast<psa_key_id_t>(id));
  if (ret != 0) {
    p_.console.print("Failed to setup PK with ret=%d\n", ret);
    result = core::Code::kRefused;
  } else {
    mbedtls_x509write_csr_set_md_alg(&req, MBEDTLS_MD_SHA256);
    (void)mbedtls_x509write_csr_set_key_usage(&req, MBEDTLS_X509_KU_DIGITAL_SIGNATURE);
    (void)mbedtls_x509write_csr_set_ns_cert_type(&req, MBEDTLS_X509_NS_CERT_TYPE_SSL_CLIENT);
    ret = mbedtls_x509write_csr_set_subject_name(&req, kCsrSubject);
    if (ret != 0) {
      p_.console.print("Failed to set subject name with ret=%d\n", ret);
      result = core::Code::kRefused;
    } else {
      mbedtls_x509write_csr_set_key(&req, &pk);
      ret = mbedtls_x509write_csr_pem(&req, pem, sizeof pem, psa_rng_for_mbedtls, nullptr);
      if (ret != 0) {
        p_.console.print("Failed to make CSR with ret=%d\n", ret);
        result = chip_refusal();
      }
    }
  }
  mbedtls_x509write_csr_free(&req);
  mbedtls_pk_free(&pk);
  if (!result.ok()) return result;
  // The Key ID line comes after the CSR is built, as in the reference.
  p_.console.print("\tKey ID %lu:\n", static_cast<unsigned long>(id));
  p_.console.write(reinterpret_cast<const char*>(pem));
  p_.console.write("\n");
  return core::Code::kOk;
}

core::Status Run::run() {
  core::its::ItsStore& its = *options_.its;
  core::psa::set_its_store(&its);
  core::psa::set_random_source(&p_.crypto);
  if (registers(FactorySecureElement::kAtecc608a)) atecc_se::attach(&atecc_);
  if (registers(FactorySecureElement::kStsafeA120)) stsafe_se::attach(&stsafe_, &p_.crypto);

  p_.console.print("Provisioning device...\n");
  // A store holding both key files and no unfinished transaction is a device this application
  // provisioned before: keep it (the reference erased it and regenerated key 18).
  core::its::ItsInfo info;
  const bool provisioned = its.get_info(kFactoryKeyId, &info) == core::its::ItsStatus::kOk &&
                           its.get_info(kGeneratedKeyId, &info) == core::its::ItsStatus::kOk &&
                           its.get_info(core::psa::kTransactionUid, &info) == core::its::ItsStatus::kDoesNotExist;
  if (provisioned) {
    p_.console.print("\tSecure storage holds keys %lu and %lu: kept.\n", static_cast<unsigned long>(kFactoryKeyId),
                     static_cast<unsigned long>(kGeneratedKeyId));
  } else {
    p_.console.print("\tErasing secure storage... ");
    core::its::ItsStatus s = its.erase_all();
    if (s != core::its::ItsStatus::kOk) return failed(core::psa::to_psa_status(s));
    p_.console.print("done.\n");
  }

  p_.console.print("\tRegistering drivers... ");
  psa_status_t status = PSA_SUCCESS;
  for (FactorySecureElement se : {FactorySecureElement::kAtecc608a, FactorySecureElement::kStsafeA120}) {
    if (!registers(se)) continue;
    const SecureElementDriver& d = secure_element_driver(se);
    status = psa_register_se_driver(d.location, d.methods);
    if (status != PSA_SUCCESS) return failed(status);
  }
  p_.console.print("done.\n");

  p_.console.print("\tInitializing PSA Crypto... ");
  status = psa_crypto_init();
  if (status != PSA_SUCCESS) return failed(status);
  p_.console.print("done.\n");

  p_.console.print("\tRegistering factory-created keys... ");
  bool present = false;
  status = existing(kFactoryKeyId, kFactoryKeySlot, &present);
  if (status != PSA_SUCCESS) return failed(status);
  if (present) {
    p_.console.print("already registered (slot %u).\n", kFactoryKeySlot);
  } else {
    psa_key_attributes_t a;
    set_attributes(&a, kFactoryKeyId, kFactoryKeySlot);
    status = mbedtls_psa_register_se_key(&a);
    psa_reset_key_attributes(&a);
    if (status != PSA_SUCCESS) return failed(status);
    p_.console.print("done.\n");
  }

  p_.console.print("\tGenerating keys within the secure element... ");
  status = existing(kGeneratedKeyId, kGeneratedKeySlot, &present);
  if (status != PSA_SUCCESS) return failed(status, "\n\t\t");
  if (present) {
    p_.console.print("already present (slot %u).\n", kGeneratedKeySlot);
  } else {
    psa_key_attributes_t a;
    set_attributes(&a, kGeneratedKeyId, kGeneratedKeySlot);
    psa_key_id_t key = 0;
    status = psa_generate_key(&a, &key);
    psa_reset_key_attributes(&a);
    if (status != PSA_SUCCESS) return failed(status, "\n\t\t");
    p_.console.print("done.\n");
  }

  p_.console.print("Device provisioned\n");
  p_.console.print("\n%s\n\n", "---------------------------------------------------------------------");
  p_.console.print("Device public keys:\n");
  core::Status result = core::Code::kOk;
  for (uint64_t id : {kFactoryKeyId, kGeneratedKeyId}) {
    core::Status s = print_public_key(id);
    if (result.ok() && !s.ok()) result = s;
  }
  p_.console.print("Device-generated CSRs:\n");
  for (uint64_t id : {kFactoryKeyId, kGeneratedKeyId}) {
    core::Status s = print_csr(id);
    if (result.ok() && !s.ok()) result = s;
  }
  return result;
}

}  // namespace

void set_factory_key_attributes(psa_key_attributes_t* a, FactorySecureElement se, uint64_t id, uint8_t slot) {
  *a = PSA_KEY_ATTRIBUTES_INIT;
  psa_set_key_id(a, static_cast<psa_key_id_t>(id));
  psa_set_key_lifetime(a, secure_element_driver(se).lifetime);
  psa_set_key_slot_number(a, slot);
  psa_set_key_type(a, PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1));
  psa_set_key_bits(a, 256);
  psa_set_key_algorithm(a, PSA_ALG_ECDSA(PSA_ALG_SHA_256));
  psa_set_key_usage_flags(a, PSA_KEY_USAGE_SIGN_HASH);
}

core::Status run_factory_provisioning(hal::Platform& platform, const FactoryProvisioningOptions& options) {
  if (options.its == nullptr) return core::Code::kInvalidArgument;
  Run run(platform, options);
  return run.run();
}

}  // namespace kb::fw
