#include "tools/keybench/flow_registry.h"

#include <array>
#include <stdexcept>
#include <vector>

#ifndef KEYBENCH_HAVE_PSA
#define KEYBENCH_HAVE_PSA 0
#endif

#include "firmware/atecc_configure_and_lock/atecc_configure_and_lock.h"
#include "firmware/derive_keys/derive_keys.h"
#include "firmware/device_authentication/device_authentication.h"
#include "firmware/ecdh/ecdh.h"
#include "firmware/host_key_provisioning/host_key_provisioning.h"
#include "firmware/host_key_provisioning_wrapped/host_key_provisioning_wrapped.h"
#include "firmware/identity_key_generation/identity_key_generation.h"
#include "firmware/key_pair_generation/ecc_steps.h"
#include "firmware/key_pair_generation/key_pair_generation.h"
#include "firmware/key_wrapping/key_wrapping.h"
#include "firmware/provisioning_image/provisioning_image.h"
#include "firmware/secure_data_storage/secure_data_storage.h"
#include "firmware/wrapped_ccm/wrapped_ccm.h"
#include "firmware/wrapped_cmac/wrapped_cmac.h"
#include "firmware/wrapped_gcm/wrapped_gcm.h"
#include "hal/crypto_openssl/openssl_certificates.h"
#include "tools/keybench/atecc_profile.h"
#include "tools/keybench/bench_ca.h"
#if KEYBENCH_HAVE_PSA
#include <cstdlib>
#include <memory>
#include <stdexcept>

#include "core/its/flash_its.h"
#include "firmware/factory_provisioning/factory_provisioning.h"
#include "hal/host/file_its.h"
#include "hal/sim/sim_flash_region.h"
#include "simulator/bench/bench.h"
#include "simulator/mcu/mcu_flash.h"
#endif

namespace kb::tools {

namespace {

core::Status run_host_key_provisioning(hal::host::HostTarget& target, const FlowOptions& options) {
  fw::HostKeyProvisioningOptions o;
  o.address7 = target.stsafe_address();
  o.wait_for_key = options.wait_for_key;
  return fw::run_host_key_provisioning(target.platform(), o);
}

core::Status run_host_key_provisioning_wrapped(hal::host::HostTarget& target, const FlowOptions&) {
  fw::HostKeyProvisioningWrappedOptions o;
  o.address7 = target.stsafe_address();
  return fw::run_host_key_provisioning_wrapped(target.platform(), o);
}

core::Status run_wrapped_cmac(hal::host::HostTarget& target, const FlowOptions&) {
  fw::WrappedCmacOptions o;
  o.address7 = target.stsafe_address();
  return fw::run_wrapped_cmac(target.platform(), o);
}

core::Status run_wrapped_ccm(hal::host::HostTarget& target, const FlowOptions&) {
  fw::WrappedCcmOptions o;
  o.address7 = target.stsafe_address();
  return fw::run_wrapped_ccm(target.platform(), o);
}

core::Status run_wrapped_gcm(hal::host::HostTarget& target, const FlowOptions&) {
  fw::WrappedGcmOptions o;
  o.address7 = target.stsafe_address();
  return fw::run_wrapped_gcm(target.platform(), o);
}

core::Status run_key_wrapping(hal::host::HostTarget& target, const FlowOptions&) {
  fw::KeyWrappingOptions o;
  o.address7 = target.stsafe_address();
  return fw::run_key_wrapping(target.platform(), o);
}

core::Status run_identity_key_generation(hal::host::HostTarget& target, const FlowOptions& options) {
  fw::IdentityKeyGenerationOptions o;
  o.resume = options.resume;
  return fw::run_identity_key_generation(target.platform(), o);
}

core::Status run_provisioning_image(hal::host::HostTarget& target, const FlowOptions& options) {
  fw::ProvisioningImageOptions o;
  o.resume = options.resume;
  return fw::run_provisioning_image(target.platform(), o);
}

core::Status run_atecc_configure_and_lock(hal::host::HostTarget& target, const FlowOptions& options) {
  const std::string path = options.atecc_profile.empty() ? default_atecc_profile() : options.atecc_profile;
  fw::AteccConfigureAndLockOptions o;
  o.address7 = target.atecc_address();
  o.profile = load_atecc_profile(path);
  o.profile_name = path.c_str();
  return fw::run_atecc_configure_and_lock(target.platform(), o);
}

// run_command checked the name; an unknown one here is the default's P-256.
core::stsafe::EccCurve curve_option(const FlowOptions& options) {
  return fw::ecc::curve_from_option(options.curve).value_or(core::stsafe::EccCurve::kNistP256);
}

core::Status run_key_pair_generation(hal::host::HostTarget& target, const FlowOptions& options) {
  fw::KeyPairGenerationOptions o;
  o.address7 = target.stsafe_address();
  o.curve = curve_option(options);
  if (options.slot) o.slot = *options.slot;
  return fw::run_key_pair_generation(target.platform(), o);
}

core::Status run_ecdh(hal::host::HostTarget& target, const FlowOptions& options) {
  fw::EcdhOptions o;
  o.address7 = target.stsafe_address();
  o.curve = curve_option(options);
  if (options.slot) o.slot = *options.slot;
  return fw::run_ecdh(target.platform(), o);
}

core::Status run_derive_keys(hal::host::HostTarget& target, const FlowOptions&) {
  fw::DeriveKeysOptions o;
  o.address7 = target.stsafe_address();
  return fw::run_derive_keys(target.platform(), o);
}

core::Status run_secure_data_storage(hal::host::HostTarget& target, const FlowOptions&) {
  fw::SecureDataStorageOptions o;
  o.address7 = target.stsafe_address();
  return fw::run_secure_data_storage(target.platform(), o);
}

// The trust anchor: --ca FILE, else the simulated bench's CA; on hardware --ca is required.
std::vector<uint8_t> trusted_ca(hal::host::HostTarget& target, const FlowOptions& options) {
  if (!options.ca_certificate.empty()) return load_ca_file(options.ca_certificate);
  if (sim::Bench* bench = target.bench()) return bench_ca_certificate(*bench);
  if (auto served = target.served_bench_ca()) return *served;
  throw std::runtime_error("device authentication on a real chip needs --ca FILE (the CA that issued its certificate)");
}

core::Status run_device_authentication(hal::host::HostTarget& target, const FlowOptions& options, bool multistep) {
  const std::vector<uint8_t> ca = trusted_ca(target, options);
  hal::openssl::OpensslCertificates x509;
  fw::DeviceAuthenticationOptions o;
  o.address7 = target.stsafe_address();
  o.ca_certificate = ca;
  o.certificates = &x509;
  o.multistep = multistep;
  return fw::run_device_authentication(target.platform(), o);
}

#if KEYBENCH_HAVE_PSA
bool bench_has(const sim::Bench& bench, std::string_view kind) {
  for (const auto& d : bench.devices()) {
    if (d.device->kind() == kind) return true;
  }
  return false;
}

// The PSA key store's ITS: the bench's MCU flash on a simulated target, files in
// $KEYBENCH_ITS_DIR (default ./keybench-its) on hardware. The keys go to --se's chip, else to the
// bench's ATECC608A, else its STSAFE-A120; a bench with both registers both drivers.
core::Status run_factory_provisioning(hal::host::HostTarget& target, const FlowOptions& options) {
  sim::Bench* bench = target.bench();
  const bool atecc = bench == nullptr || bench_has(*bench, "atecc608a");
  const bool stsafe = bench != nullptr && bench_has(*bench, "stsafe-a120");
  fw::FactoryProvisioningOptions o;
  const bool on_stsafe = options.se == "stsafe-a120" || (options.se.empty() && !atecc && stsafe);
  o.se = on_stsafe ? fw::FactorySecureElement::kStsafeA120 : fw::FactorySecureElement::kAtecc608a;
  o.register_both = atecc && stsafe;
  o.address7 = target.atecc_address();
  o.stsafe_address7 = target.stsafe_address();
  std::unique_ptr<hal::sim::SimFlashRegion> region;
  std::unique_ptr<core::its::ItsStore> its;
  if (bench != nullptr) {
    auto* flash = bench->first<sim::mcu::McuFlash>();
    if (flash == nullptr) {
      throw std::runtime_error(
          "the bench has no \"mcu-flash\" device for the PSA internal trusted storage (see "
          "fixtures/benches/atecc608a-psa-factory.json or stsafe-psa-factory.json)");
    }
    region = std::make_unique<hal::sim::SimFlashRegion>(flash->nvm(), &bench->scheduler());
    auto flash_its = std::make_unique<core::its::FlashIts>(*region);
    if (flash_its->mount() != core::its::ItsStatus::kOk) throw std::runtime_error("cannot mount the MCU flash ITS");
    its = std::move(flash_its);
  } else {
    const char* dir = std::getenv("KEYBENCH_ITS_DIR");
    its = std::make_unique<hal::host::FileIts>(dir != nullptr && *dir != '\0' ? dir : "keybench-its");
  }
  o.its = its.get();
  return fw::run_factory_provisioning(target.platform(), o);
}
#endif

const std::array<Flow, 15 + KEYBENCH_HAVE_PSA> kFlows = {{
    {"host-key-provisioning", "STSAFE-A120: write the host MAC and cipher keys in plaintext (reference example 7.1)",
     run_host_key_provisioning, ""},
    {"host-key-provisioning-wrapped",
     "STSAFE-A120: host keys wrapped under a volatile KEK session, then plaintext provisioning forbidden",
     run_host_key_provisioning_wrapped, ""},
    {"wrapped-cmac", "STSAFE-A120: wrapped AES-128 key into slot 3, CMAC on the chip checked by the host (example 7.2)",
     run_wrapped_cmac, ""},
    {"wrapped-ccm", "STSAFE-A120: wrapped AES-256 key into slot 5, CCM* encrypt and decrypt on the chip (example 7.3)",
     run_wrapped_ccm, ""},
    {"wrapped-gcm",
     "STSAFE-A120: wrapped AES-256 key into slot 8, GCM encrypt and decrypt on the chip, a tampered tag refused",
     run_wrapped_gcm, ""},
    {"key-wrapping",
     "STSAFE-A120: local envelope round trip: wrap key generated if absent, 16 bytes wrapped and unwrapped on the chip",
     run_key_wrapping, ""},
    {"identity-key-generation",
     "nRF5340: ASSEMBLY -> PROVISIONING, random HUKs, secp256r1 identity key in the KMU (NCS identity_key_generation)",
     run_identity_key_generation, "nrf5340-assembly.json", true},
    {"provisioning-image",
     "nRF5340: the TF-M provisioning image: lifecycle, HUKs, identity key, implementation ID (NCS provisioning_image)",
     run_provisioning_image, "nrf5340-assembly.json", true},
    {"atecc-configure-and-lock",
     "ATECC608A: write a configuration profile, verify it, lock config (CRC), generate keys, lock data",
     run_atecc_configure_and_lock, "atecc608a-factory.json", false, true},
    {"key-pair-generation",
     "STSAFE-A120: key pair in private slot 1 (--curve, --slot), chip signature verified by chip and host (X25519: "
     "ECDH check)",
     run_key_pair_generation, "", false, false, true},
    {"ecdh",
     "STSAFE-A120: key pair in private slot 2, Establish key (ECDH) against a host ephemeral key, secrets "
     "compared (--curve, --slot)",
     run_ecdh, "", false, false, true},
    {"secure-data-storage",
     "STSAFE-A120: data zone 1 read/update/read back, counter zone 5 read/decrement/read back (zone and counter "
     "access)",
     run_secure_data_storage, ""},
    {"derive-keys",
     "STSAFE-A120: HKDF-SHA-256 on the chip (Derive keys 1F 10): a key returned and checked, a CMAC key kept in a "
     "slot and checked by its CMAC",
     run_derive_keys, ""},
    {"device-authentication",
     "STSAFE-A120: zone-0 certificate checked against the CA, slot-0 signature of a random challenge verified",
     [](hal::host::HostTarget& t, const FlowOptions& o) { return run_device_authentication(t, o, false); }, "", false,
     false, false, true},
    {"device-authentication-multistep",
     "STSAFE-A120: device authentication with the challenge hashed by the chip (Start/Finish Hash), digest signed",
     [](hal::host::HostTarget& t, const FlowOptions& o) { return run_device_authentication(t, o, true); }, "", false,
     false, false, true},
#if KEYBENCH_HAVE_PSA
    {"factory-provisioning",
     "PSA Crypto (Mbed TLS 2.28) + ATECC608A or STSAFE-A120 (--se) SE driver: register factory key, generate a key, "
     "public keys and CSRs (Mbed Crypto example)",
     run_factory_provisioning, "atecc608a-psa-factory.json", false, false, false, false, true, false, true,
     "stsafe-psa-factory.json"},
#endif
}};

}  // namespace

std::string default_atecc_profile() {
  return std::string(KEYBENCH_ATECC_PROFILES_DIR) + "/mbed-crypto-example.json";
}

std::span<const Flow> flows() {
  return kFlows;
}

const Flow* find_flow(std::string_view name) {
  for (const auto& f : kFlows) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

}  // namespace kb::tools
