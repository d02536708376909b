// The STSAFE-A120 secure-element driver under Mbed TLS 2.28's real PSA core, on a simulated
// personalised chip (the factory key in slot 0, its certificate in zone 0) whose slot 3 holds an
// Ed25519 key (RFC 8032 7.1 test 1) and slot 4 a P-256 key the host may not regenerate (RFC 6979
// A.2.5): registration misuse, allocation on a full chip, destroy and re-create, export refusals,
// signatures checked on the host with OpenSSL, public keys checked against the keys the model
// holds, verify mismatches, persistence across a reboot, and the error mapping.
#include <gtest/gtest.h>
#include <psa/crypto.h>

#include <array>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/its/flash_its.h"
#include "core/psa/psa_platform.h"
#include "core/psa_se/atecc608a/atecc608a_se.h"
#include "core/psa_se/stsafe_a120/stsafe_a120_se.h"
#include "core/stsafe/device_status.h"
#include "core/stsafe/stsafe.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "hal/sim/sim_backend.h"
#include "hal/sim/sim_flash_region.h"
#include "simulator/bench/bench.h"
#include "simulator/mcu/mcu_flash.h"
#include "simulator/stsafe_a120/stsafe.h"
#include "tests/forwarding_crypto.h"
#include "tests/test_paths.h"

namespace kb {
namespace {

namespace se = core::psa_se::stsafe_a120;

constexpr psa_key_type_t kPair = PSA_KEY_TYPE_ECC_KEY_PAIR(PSA_ECC_FAMILY_SECP_R1);
constexpr psa_algorithm_t kEcdsa = PSA_ALG_ECDSA(PSA_ALG_SHA_256);

// RFC 6979 A.2.5: the P-256 private key of slot 4 and its public key.
constexpr const char* kRfc6979Private = "C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721";
const std::vector<uint8_t> kRfc6979Public = {
    0x04, 0x60, 0xFE, 0xD4, 0xBA, 0x25, 0x5A, 0x9D, 0x31, 0xC9, 0x61, 0xEB, 0x74, 0xC6, 0x35, 0x6D, 0x68,
    0xC0, 0x49, 0xB8, 0x92, 0x3B, 0x61, 0xFA, 0x6C, 0xE6, 0x69, 0x62, 0x2E, 0x60, 0xF2, 0x9F, 0xB6, 0x79,
    0x03, 0xFE, 0x10, 0x08, 0xB8, 0xBC, 0x99, 0xA4, 0x1A, 0xE9, 0xE9, 0x56, 0x28, 0xBC, 0x64, 0xF2, 0xF1,
    0xB2, 0x0C, 0x2D, 0x7E, 0x9F, 0x51, 0x77, 0xA3, 0xC2, 0x94, 0xD4, 0x46, 0x22, 0x99};

nlohmann::json bench_fixture() {
  std::ifstream in(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/stsafe-psa-factory.json");
  nlohmann::json j = nlohmann::json::parse(in);
  for (auto& d : j["devices"]) {
    if (d["type"] != "stsafe-a120") continue;
    d["state"]["private_keys"] = nlohmann::json::parse(std::string(R"({"slots": [
      {"slot": 3, "curve": "ed25519",
       "private_key": "9D61B19DEFFD5A60BA844AF492EC2CC44449C5697B326919703BAC031CAE7F60"},
      {"slot": 4, "curve": "nist_p256", "private_key": ")") +
                                                       kRfc6979Private + R"(", "mode": {"generate_key": "never"}}]})");
  }
  return j;
}

psa_key_attributes_t attributes(psa_key_id_t id, std::optional<uint64_t> slot,
                                psa_key_usage_t usage = PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_HASH,
                                psa_key_lifetime_t lifetime = se::kLifetime, psa_algorithm_t alg = kEcdsa) {
  psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
  psa_set_key_id(&a, id);
  psa_set_key_lifetime(&a, lifetime);
  if (slot) psa_set_key_slot_number(&a, *slot);
  psa_set_key_type(&a, kPair);
  psa_set_key_bits(&a, 256);
  psa_set_key_algorithm(&a, alg);
  psa_set_key_usage_flags(&a, usage);
  return a;
}

class StsafePsaDriver : public ::testing::Test {
 protected:
  void SetUp() override {
    bench_ = sim::Bench::from_json(bench_fixture(), "stsafe-psa-driver-test");
    i2c_ = std::make_unique<hal::sim::SimI2cInitiator>(*bench_);
    clock_ = std::make_unique<hal::sim::SimClock>(*bench_);
    chip_ = std::make_unique<core::stsafe::Stsafe>(*i2c_, *clock_);
    boot();
  }
  void TearDown() override { shutdown(); }
  // A boot of the application: a new ITS object on the same flash, the driver registered (checking
  // certificates on `crypto`, the test's OpenSSL unless told), init.
  void boot(hal::Crypto* crypto = nullptr) {
    its_ = std::make_unique<core::its::FlashIts>(region_);
    ASSERT_EQ(its_->mount(), core::its::ItsStatus::kOk);
    core::psa::set_its_store(its_.get());
    core::psa::set_random_source(&crypto_);
    se::attach(chip_.get(), crypto != nullptr ? crypto : &crypto_);
    ASSERT_EQ(psa_register_se_driver(se::kLocation, &se::driver()), PSA_SUCCESS);
    ASSERT_EQ(psa_crypto_init(), PSA_SUCCESS);
  }
  void reboot_with(hal::Crypto* crypto) {
    shutdown();
    boot(crypto);
  }
  void shutdown() {
    mbedtls_psa_crypto_free();
    se::attach(nullptr, nullptr);
    core::psa::set_its_store(nullptr);
    core::psa::set_random_source(nullptr);
  }
  psa_status_t register_key(psa_key_id_t id, uint64_t slot, psa_key_usage_t usage = PSA_KEY_USAGE_SIGN_HASH) {
    psa_key_attributes_t a = attributes(id, slot, usage);
    return mbedtls_psa_register_se_key(&a);
  }
  psa_status_t generate(psa_key_id_t id, std::optional<uint64_t> slot,
                        psa_key_usage_t usage = PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_HASH,
                        psa_algorithm_t alg = kEcdsa) {
    psa_key_attributes_t a = attributes(id, slot, usage, se::kLifetime, alg);
    psa_key_id_t out = 0;
    return psa_generate_key(&a, &out);
  }
  uint64_t slot_of(psa_key_id_t id) {
    psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
    EXPECT_EQ(psa_get_key_attributes(id, &a), PSA_SUCCESS);
    psa_key_slot_number_t slot = 99;
    EXPECT_EQ(psa_get_key_slot_number(&a, &slot), PSA_SUCCESS);
    psa_reset_key_attributes(&a);
    return slot;
  }
  std::vector<uint8_t> public_key(psa_key_id_t id) {
    std::vector<uint8_t> out(65);
    size_t len = 0;
    EXPECT_EQ(psa_export_public_key(id, out.data(), out.size(), &len), PSA_SUCCESS);
    out.resize(len);
    return out;
  }
  const sim::stsafe_a120::PrivateKeySlot& model_slot(size_t slot) {
    return bench_->first<sim::stsafe_a120::Stsafe>()->state().private_keys.slots.at(slot);
  }
  // 0x04 ‖ X ‖ Y of the key the model holds in a slot, by OpenSSL.
  std::vector<uint8_t> model_public_key(size_t slot) {
    const auto& s = model_slot(slot);
    EXPECT_TRUE(s.present);
    EXPECT_EQ(s.private_key.size(), 32u);
    std::vector<uint8_t> out(65);
    out[0] = 0x04;
    if (s.private_key.size() != 32 ||
        crypto_.p256_public_from_private(s.private_key, std::span<uint8_t>(out).subspan(1)) != hal::CryptoResult::kOk)
      return {};
    return out;
  }
  // A signature of the key, checked with OpenSSL against the public key PSA exports.
  void expect_signs_for_its_public_key(psa_key_id_t id, const std::vector<uint8_t>& pub) {
    std::array<uint8_t, 32> hash{};
    ASSERT_EQ(crypto_.random(hash), hal::CryptoResult::kOk);
    std::array<uint8_t, 64> sig{};
    size_t len = 0;
    ASSERT_EQ(psa_sign_hash(id, kEcdsa, hash.data(), hash.size(), sig.data(), sig.size(), &len), PSA_SUCCESS);
    ASSERT_EQ(len, 64u);
    ASSERT_EQ(pub.size(), 65u);
    EXPECT_EQ(crypto_.p256_verify_digest(std::span<const uint8_t>(pub).subspan(1), hash, sig), hal::CryptoResult::kOk);
  }

  std::unique_ptr<sim::Bench> bench_;
  std::unique_ptr<hal::sim::SimI2cInitiator> i2c_;
  std::unique_ptr<hal::sim::SimClock> clock_;
  std::unique_ptr<core::stsafe::Stsafe> chip_;
  sim::Nvm nvm_{sim::mcu::mcu_flash_geometry()};
  hal::sim::SimFlashRegion region_{nvm_, nullptr};
  std::unique_ptr<core::its::FlashIts> its_;
  hal::openssl::OpensslCrypto crypto_{11};
};

TEST_F(StsafePsaDriver, RegisteredAtItsOwnLocation) {
  EXPECT_NE(se::kLocation, core::psa_se::atecc608a::kLocation);
  EXPECT_EQ(psa_register_se_driver(se::kLocation, &se::driver()), PSA_ERROR_ALREADY_EXISTS);
  // Both drivers side by side (the two-chip bench of the factory flow registers both).
  shutdown();
  core::psa::set_its_store(its_.get());
  core::psa::set_random_source(&crypto_);
  se::attach(chip_.get(), &crypto_);
  EXPECT_EQ(psa_register_se_driver(core::psa_se::atecc608a::kLocation, &core::psa_se::atecc608a::driver()),
            PSA_SUCCESS);
  EXPECT_EQ(psa_register_se_driver(se::kLocation, &se::driver()), PSA_SUCCESS);
  mbedtls_psa_crypto_free();
  core::psa::set_its_store(nullptr);
  boot();
}

TEST_F(StsafePsaDriver, KeyRegistrationMisuse) {
  // Wrong lifetime: a location no driver is registered at, the ATECC608A's, and local storage.
  psa_key_attributes_t a =
      attributes(16, 0, PSA_KEY_USAGE_SIGN_HASH,
                 PSA_KEY_LIFETIME_FROM_PERSISTENCE_AND_LOCATION(PSA_KEY_PERSISTENCE_DEFAULT, 0x71));
  EXPECT_EQ(mbedtls_psa_register_se_key(&a), PSA_ERROR_INVALID_ARGUMENT) << "unknown driver location";
  a = attributes(16, 0, PSA_KEY_USAGE_SIGN_HASH, core::psa_se::atecc608a::kLifetime);
  EXPECT_EQ(mbedtls_psa_register_se_key(&a), PSA_ERROR_INVALID_ARGUMENT) << "the ATECC608A's, not registered here";
  a = attributes(16, 0, PSA_KEY_USAGE_SIGN_HASH, PSA_KEY_LIFETIME_PERSISTENT);
  EXPECT_EQ(mbedtls_psa_register_se_key(&a), PSA_ERROR_INVALID_ARGUMENT) << "local storage";
  // Slots out of range: past the chip's five-slot table, and past any table.
  EXPECT_EQ(register_key(16, 5), PSA_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(register_key(16, 16), PSA_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(register_key(16, 0x100000000ull), PSA_ERROR_INVALID_ARGUMENT);
  // An empty slot holds nothing to register.
  EXPECT_EQ(register_key(16, 1), PSA_ERROR_DOES_NOT_EXIST);
  // Wrong type: slot 3 holds an Ed25519 key; AES and P-384 are no key the driver takes.
  EXPECT_EQ(register_key(16, 3), PSA_ERROR_INVALID_ARGUMENT);
  psa_key_attributes_t aes = attributes(16, 0);
  psa_set_key_type(&aes, PSA_KEY_TYPE_AES);
  psa_set_key_bits(&aes, 128);
  EXPECT_EQ(mbedtls_psa_register_se_key(&aes), PSA_ERROR_NOT_SUPPORTED);
  psa_key_attributes_t p384 = attributes(16, 0);
  psa_set_key_bits(&p384, 384);
  EXPECT_EQ(mbedtls_psa_register_se_key(&p384), PSA_ERROR_NOT_SUPPORTED);
  // A usage the slot's mode forbids: the factory key signs but has no key establishment.
  EXPECT_EQ(register_key(16, 0, PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_DERIVE), PSA_ERROR_NOT_PERMITTED);
  // Without a slot number.
  psa_key_attributes_t no_slot = attributes(16, std::nullopt);
  EXPECT_EQ(mbedtls_psa_register_se_key(&no_slot), PSA_ERROR_INVALID_ARGUMENT);
  // The right registration, then the same slot again under another id.
  ASSERT_EQ(register_key(16, 0), PSA_SUCCESS);
  EXPECT_EQ(register_key(17, 0), PSA_ERROR_ALREADY_EXISTS) << "slot occupied";
  EXPECT_EQ(slot_of(16), 0u);
}

TEST_F(StsafePsaDriver, FactoryKeyPublicKeyComesFromTheCertificateAndIsTheModelsKey) {
  ASSERT_EQ(register_key(16, 0), PSA_SUCCESS);
  const auto pub = public_key(16);
  EXPECT_EQ(pub, model_public_key(0));
  expect_signs_for_its_public_key(16, pub);
}

// A platform crypto whose P-256 verification answers as told, counting its calls.
class ScriptedVerify final : public test::ForwardingCrypto {
 public:
  ScriptedVerify(hal::Crypto& inner, hal::CryptoResult answer) : ForwardingCrypto(inner), answer_(answer) {}
  R p256_verify_digest(Bytes, Bytes, Bytes) override {
    ++calls;
    return answer_;
  }
  int calls = 0;

 private:
  hal::CryptoResult answer_;
};

// The certificate's key is checked on the crypto the driver is attached with: when that finds the
// slot's signature invalid the factory key has no public key, and when it fails the registration
// is refused naming the failure; a key is never taken on trust.
TEST_F(StsafePsaDriver, TheCertificatesKeyIsCheckedOnThePlatformsCrypto) {
  ScriptedVerify mismatch(crypto_, hal::CryptoResult::kVerifyFailed);
  reboot_with(&mismatch);
  ASSERT_EQ(register_key(16, 0), PSA_SUCCESS);
  EXPECT_EQ(mismatch.calls, 1);
  std::array<uint8_t, 65> out{};
  size_t len = 0;
  EXPECT_EQ(psa_export_public_key(16, out.data(), out.size(), &len), PSA_ERROR_NOT_SUPPORTED);
  ASSERT_EQ(psa_destroy_key(16), PSA_SUCCESS);

  ScriptedVerify broken(crypto_, hal::CryptoResult::kFailed);
  reboot_with(&broken);
  EXPECT_NE(register_key(16, 0), PSA_SUCCESS);
  EXPECT_EQ(broken.calls, 1);
  EXPECT_EQ(se::last_error().code(), core::Code::kCrypto);
  EXPECT_STREQ(se::last_command(), "check of the certificate's key (platform P-256)")
      << "a platform failure is not the chip's command";
  psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
  EXPECT_EQ(psa_get_key_attributes(16, &a), PSA_ERROR_INVALID_HANDLE) << "a refused registration leaves no key";

  reboot_with(&crypto_);
  ASSERT_EQ(register_key(16, 0), PSA_SUCCESS);
  EXPECT_EQ(public_key(16), model_public_key(0));
}

TEST_F(StsafePsaDriver, AChipWithoutACryptoIsNotAttached) {
  shutdown();
  core::psa::set_its_store(its_.get());
  core::psa::set_random_source(&crypto_);
  se::attach(chip_.get(), nullptr);
  ASSERT_EQ(psa_register_se_driver(se::kLocation, &se::driver()), PSA_SUCCESS);
  EXPECT_EQ(psa_crypto_init(), PSA_ERROR_BAD_STATE);
  mbedtls_psa_crypto_free();
  se::attach(chip_.get(), &crypto_);
  boot();
}

TEST_F(StsafePsaDriver, AKeyNoCertificateCoversSignsButHasNoPublicKeyToExport) {
  ASSERT_EQ(register_key(24, 4), PSA_SUCCESS);
  std::array<uint8_t, 65> out{};
  size_t len = 0;
  EXPECT_EQ(psa_export_public_key(24, out.data(), out.size(), &len), PSA_ERROR_NOT_SUPPORTED)
      << "the chip cannot read a private slot's public key and zone 0 certifies slot 0's";
  EXPECT_EQ(se::last_error().code(), core::Code::kNotProvisioned) << "the reason is kept for the application";
  // It still signs, and the signature is the RFC 6979 key's.
  expect_signs_for_its_public_key(24, kRfc6979Public);
}

TEST_F(StsafePsaDriver, AllocationTakesGenuinelyFreeSlotsNeverTheFactorySlotUntilTheChipIsFull) {
  // Slot 0 (the factory key) is not even registered: the driver still never allocates it, nor
  // slots 3 and 4, whose keys are somebody's.
  std::vector<uint64_t> slots;
  for (psa_key_id_t id = 30;; ++id) {
    psa_status_t s = generate(id, std::nullopt);
    if (s != PSA_SUCCESS) {
      EXPECT_EQ(s, PSA_ERROR_INSUFFICIENT_STORAGE) << "generate on a full chip";
      break;
    }
    slots.push_back(slot_of(id));
    ASSERT_LT(slots.size(), 5u);
  }
  EXPECT_EQ(slots, (std::vector<uint64_t>{1, 2}));
  for (psa_key_id_t id : {30u, 31u}) {
    SCOPED_TRACE("key " + std::to_string(id));
    const auto pub = public_key(id);
    EXPECT_EQ(pub, model_public_key(slot_of(id))) << "the public key PSA exports is the key the chip holds";
    expect_signs_for_its_public_key(id, pub);
  }
  // Explicit generates the chip's modes forbid are refused before the chip is touched.
  EXPECT_EQ(generate(50, 0), PSA_ERROR_NOT_PERMITTED) << "the factory slot";
  EXPECT_EQ(generate(50, 4), PSA_ERROR_NOT_PERMITTED) << "slot 4's generate-key access condition is NEVER";
  EXPECT_EQ(generate(50, 1), PSA_ERROR_ALREADY_EXISTS) << "slot 1 is in use";
  // The factory slot still holds the factory key, the one the certificate names.
  ASSERT_EQ(register_key(16, 0), PSA_SUCCESS);
  EXPECT_EQ(public_key(16), model_public_key(0));
}

TEST_F(StsafePsaDriver, ExplicitGenerateReplacesTheKeyOfANamedSlot) {
  // Slot 3's Ed25519 key is not PSA's, but the caller names the slot and the chip lets the host
  // regenerate it: it becomes a P-256 key.
  ASSERT_EQ(generate(18, 3), PSA_SUCCESS);
  EXPECT_EQ(model_slot(3).curve, sim::crypto::ec::Curve::kNistP256);
  EXPECT_EQ(public_key(18), model_public_key(3));
}

TEST_F(StsafePsaDriver, SignaturesVerifyOnTheHostAndVerifyMismatchIsInvalidSignature) {
  ASSERT_EQ(register_key(16, 0, PSA_KEY_USAGE_SIGN_HASH | PSA_KEY_USAGE_VERIFY_HASH), PSA_SUCCESS);
  ASSERT_EQ(generate(18, 2), PSA_SUCCESS);
  std::array<uint8_t, 32> hash{};
  ASSERT_EQ(crypto_.random(hash), hal::CryptoResult::kOk);
  for (psa_key_id_t id : {16u, 18u}) {
    SCOPED_TRACE("key " + std::to_string(id));
    std::array<uint8_t, 64> sig{};
    size_t len = 0;
    ASSERT_EQ(psa_sign_hash(id, kEcdsa, hash.data(), hash.size(), sig.data(), sig.size(), &len), PSA_SUCCESS);
    const auto pub = public_key(id);
    ASSERT_EQ(pub.size(), 65u);
    EXPECT_EQ(crypto_.p256_verify_digest(std::span<const uint8_t>(pub).subspan(1), hash, sig), hal::CryptoResult::kOk);
    // Through the driver: the chip's Verify signature with the kept public key.
    EXPECT_EQ(psa_verify_hash(id, kEcdsa, hash.data(), hash.size(), sig.data(), sig.size()), PSA_SUCCESS);
    sig[10] ^= 0x01;
    EXPECT_EQ(psa_verify_hash(id, kEcdsa, hash.data(), hash.size(), sig.data(), sig.size()),
              PSA_ERROR_INVALID_SIGNATURE);
    sig[10] ^= 0x01;
    hash[0] ^= 0x80;
    EXPECT_EQ(psa_verify_hash(id, kEcdsa, hash.data(), hash.size(), sig.data(), sig.size()),
              PSA_ERROR_INVALID_SIGNATURE);
    hash[0] ^= 0x80;
    EXPECT_EQ(psa_verify_hash(id, kEcdsa, hash.data(), hash.size(), sig.data(), 63), PSA_ERROR_INVALID_SIGNATURE);
  }
  // A digest that is not SHA-256's under ECDSA(SHA-256) is refused before the chip is asked.
  std::array<uint8_t, 64> sig{};
  size_t len = 0;
  EXPECT_EQ(psa_sign_hash(16, kEcdsa, hash.data(), 20, sig.data(), sig.size(), &len), PSA_ERROR_INVALID_ARGUMENT);
}

TEST_F(StsafePsaDriver, ExportOfAPrivateKeyIsRefused) {
  ASSERT_EQ(register_key(16, 0), PSA_SUCCESS);
  std::array<uint8_t, 128> out{};
  size_t len = 0;
  EXPECT_EQ(psa_export_key(16, out.data(), out.size(), &len), PSA_ERROR_NOT_PERMITTED) << "no EXPORT usage";
  ASSERT_EQ(generate(18, 2, PSA_KEY_USAGE_EXPORT | PSA_KEY_USAGE_SIGN_HASH), PSA_SUCCESS);
  EXPECT_EQ(psa_export_key(18, out.data(), out.size(), &len), PSA_ERROR_NOT_SUPPORTED)
      << "the driver has no p_export: the private key never leaves the chip";
  EXPECT_EQ(len, 0u);
}

// Mbed TLS 2.28 refuses key agreement on any secure-element key before a driver is asked, so the
// chip's Establish key is not reachable through PSA.
TEST_F(StsafePsaDriver, KeyAgreementOnAChipKeyIsNotSupportedByTheCore) {
  ASSERT_EQ(generate(19, std::nullopt, PSA_KEY_USAGE_DERIVE, PSA_ALG_ECDH), PSA_SUCCESS);
  std::array<uint8_t, 32> shared{};
  size_t len = 0;
  EXPECT_EQ(psa_raw_key_agreement(PSA_ALG_ECDH, 19, kRfc6979Public.data(), kRfc6979Public.size(), shared.data(),
                                  shared.size(), &len),
            PSA_ERROR_NOT_SUPPORTED);
}

TEST_F(StsafePsaDriver, DestroyWipesTheSlotAndItCanBeCreatedAgain) {
  ASSERT_EQ(generate(20, std::nullopt), PSA_SUCCESS);
  ASSERT_EQ(slot_of(20), 1u);
  const auto first = public_key(20);
  const std::vector<uint8_t> first_private = model_slot(1).private_key;
  ASSERT_EQ(psa_destroy_key(20), PSA_SUCCESS);
  psa_key_attributes_t a = PSA_KEY_ATTRIBUTES_INIT;
  EXPECT_EQ(psa_get_key_attributes(20, &a), PSA_ERROR_INVALID_HANDLE);
  // The chip cannot erase a private key: the driver overwrote it with one nobody knows.
  EXPECT_TRUE(model_slot(1).present);
  EXPECT_NE(model_slot(1).private_key, first_private);
  // The wiped slot is free again for an allocation.
  ASSERT_EQ(generate(21, std::nullopt), PSA_SUCCESS);
  EXPECT_EQ(slot_of(21), 1u);
  EXPECT_NE(public_key(21), first);
  EXPECT_EQ(public_key(21), model_public_key(1));
  // Destroying the registered factory key forgets it and leaves the chip's key alone.
  ASSERT_EQ(register_key(16, 0), PSA_SUCCESS);
  const std::vector<uint8_t> factory_private = model_slot(0).private_key;
  ASSERT_EQ(psa_destroy_key(16), PSA_SUCCESS);
  EXPECT_EQ(model_slot(0).private_key, factory_private);
  ASSERT_EQ(register_key(16, 0), PSA_SUCCESS);
  EXPECT_EQ(public_key(16), model_public_key(0));
  // A registered key the host may not regenerate stays on the chip when PSA forgets it.
  ASSERT_EQ(register_key(24, 4), PSA_SUCCESS);
  ASSERT_EQ(psa_destroy_key(24), PSA_SUCCESS);
  EXPECT_EQ(model_public_key(4), kRfc6979Public);
}

TEST_F(StsafePsaDriver, KeysPublicKeysAndDriverDataSurviveAReboot) {
  ASSERT_EQ(register_key(16, 0), PSA_SUCCESS);
  ASSERT_EQ(generate(18, std::nullopt), PSA_SUCCESS);
  const uint64_t slot = slot_of(18);
  const auto pub = public_key(18);
  const auto factory = public_key(16);
  shutdown();
  bench_->power_cycle();
  boot();
  EXPECT_EQ(slot_of(18), slot);
  EXPECT_EQ(public_key(18), pub);
  EXPECT_EQ(public_key(16), factory);
  expect_signs_for_its_public_key(18, pub);
  // The driver data remembers the slots in use: the next allocation takes another one.
  ASSERT_EQ(generate(19, std::nullopt), PSA_SUCCESS);
  EXPECT_NE(slot_of(19), slot);
  EXPECT_NE(slot_of(19), 0u);
  core::its::ItsInfo info;
  EXPECT_EQ(its_->get_info(core::psa::driver_data_uid(se::kLocation), &info), core::its::ItsStatus::kOk);
  EXPECT_EQ(info.size, sizeof(se::PersistentData));
  EXPECT_EQ(its_->get_info(se::public_key_uid(static_cast<uint8_t>(slot)), &info), core::its::ItsStatus::kOk);
  EXPECT_EQ(info.size, 64u);
  EXPECT_EQ(its_->get_info(core::psa::kTransactionUid, &info), core::its::ItsStatus::kDoesNotExist);
}

TEST_F(StsafePsaDriver, AChipThatIsNotThereFailsInitNamingTheCommand) {
  shutdown();
  core::stsafe::Stsafe absent(*i2c_, *clock_, 0x21);
  core::psa::set_its_store(its_.get());
  core::psa::set_random_source(&crypto_);
  se::attach(&absent, &crypto_);
  ASSERT_EQ(psa_register_se_driver(se::kLocation, &se::driver()), PSA_SUCCESS);
  EXPECT_EQ(psa_crypto_init(), PSA_ERROR_COMMUNICATION_FAILURE);
  EXPECT_EQ(se::last_error().code(), core::Code::kBusAddressNack);
  char why[160];
  EXPECT_STREQ(se::last_command(), "init");
  EXPECT_NE(std::string(se::describe_last_error(why, sizeof why)).find("STSAFE-A120 init: "), std::string::npos);
  mbedtls_psa_crypto_free();
  se::attach(chip_.get(), &crypto_);
  boot();
}

TEST(StsafePsaErrorMapping, NamesEachClassOfChipStatus) {
  using core::Code;
  using core::Status;
  namespace ds = core::stsafe::device_status;
  auto chip = [](uint8_t s) { return Status::device(core::Domain::kStsafe, s); };
  EXPECT_EQ(se::to_psa_status(Status()), PSA_SUCCESS);
  EXPECT_EQ(se::to_psa_status(Code::kInvalidArgument), PSA_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(se::to_psa_status(Code::kBufferTooSmall), PSA_ERROR_BUFFER_TOO_SMALL);
  EXPECT_EQ(se::to_psa_status(Code::kBusAddressNack), PSA_ERROR_COMMUNICATION_FAILURE);
  EXPECT_EQ(se::to_psa_status(Code::kResponseCrc), PSA_ERROR_COMMUNICATION_FAILURE);
  EXPECT_EQ(se::to_psa_status(Code::kResponseMac), PSA_ERROR_COMMUNICATION_FAILURE);
  EXPECT_EQ(se::to_psa_status(chip(ds::kCommunicationError)), PSA_ERROR_COMMUNICATION_FAILURE);
  EXPECT_EQ(se::to_psa_status(chip(ds::kValueOutOfRange)), PSA_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(se::to_psa_status(chip(ds::kWrongKeyType)), PSA_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(se::to_psa_status(chip(ds::kKeyNotFound)), PSA_ERROR_DOES_NOT_EXIST);
  EXPECT_EQ(se::to_psa_status(chip(ds::kAccessConditionNotSatisfied)), PSA_ERROR_NOT_PERMITTED);
  EXPECT_EQ(se::to_psa_status(chip(ds::kWrongKeyUsage)), PSA_ERROR_NOT_PERMITTED);
  EXPECT_EQ(se::to_psa_status(chip(ds::kCounterLimitExceeded)), PSA_ERROR_NOT_PERMITTED);
  EXPECT_EQ(se::to_psa_status(chip(ds::kCommandCodeNotSupported)), PSA_ERROR_NOT_SUPPORTED);
  EXPECT_EQ(se::to_psa_status(chip(ds::kUnexpectedError)), PSA_ERROR_HARDWARE_FAILURE);
  EXPECT_EQ(se::to_psa_status(Code::kWakeFailed), PSA_ERROR_HARDWARE_FAILURE);
  EXPECT_EQ(se::to_psa_status(Code::kUnsupported), PSA_ERROR_NOT_SUPPORTED);
}

}  // namespace
}  // namespace kb
