// keybench run factory-provisioning: the Mbed Crypto factory example on Mbed TLS's PSA core and
// the ATECC608A or the STSAFE-A120 secure-element driver, checked from outside with OpenSSL: each
// CSR's signature verifies with the public key printed for it, key 16 is the chip's
// pre-provisioned key, key 18 is the one the model holds in slot 2, and a second run keeps them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/flows/cli_runner.h"
#include "tests/scratch_dir.h"
#include "tests/test_paths.h"

namespace kb {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct Pem {
  std::string text;
  size_t base64_lines = 0;
};

// Every PEM block of one label, in order.
std::vector<Pem> pem_blocks(const std::string& out, const std::string& label) {
  std::vector<Pem> blocks;
  const std::string begin = "-----BEGIN " + label + "-----\n";
  const std::string end = "-----END " + label + "-----\n";
  for (size_t at = out.find(begin); at != std::string::npos; at = out.find(begin, at + 1)) {
    const size_t stop = out.find(end, at);
    if (stop == std::string::npos) break;
    Pem p;
    p.text = out.substr(at, stop + end.size() - at);
    const std::string body = out.substr(at + begin.size(), stop - at - begin.size());
    for (char c : body) p.base64_lines += c == '\n';
    blocks.push_back(p);
  }
  return blocks;
}

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using ReqPtr = std::unique_ptr<X509_REQ, decltype(&X509_REQ_free)>;

PkeyPtr read_public_key(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  PkeyPtr key(PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr), EVP_PKEY_free);
  BIO_free(bio);
  return key;
}
ReqPtr read_csr(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  ReqPtr req(PEM_read_bio_X509_REQ(bio, nullptr, nullptr, nullptr), X509_REQ_free);
  BIO_free(bio);
  return req;
}

// 0x04 ‖ X ‖ Y of a P-256 public key.
std::vector<uint8_t> uncompressed(EVP_PKEY* key) {
  std::vector<uint8_t> out(65);
  size_t len = 0;
  if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, out.data(), out.size(), &len) != 1) return {};
  out.resize(len);
  return out;
}

std::vector<uint8_t> from_hex(std::string hex) {
  std::vector<uint8_t> out;
  std::string digits;
  for (char c : hex)
    if (c != ' ') digits += c;
  for (size_t i = 0; i + 1 < digits.size(); i += 2)
    out.push_back(static_cast<uint8_t>(std::stoi(digits.substr(i, 2), nullptr, 16)));
  return out;
}

// d·G on P-256, uncompressed: the public key of a private key the model holds.
std::vector<uint8_t> public_of_private(const std::vector<uint8_t>& d) {
  EC_GROUP* group = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
  BIGNUM* k = BN_bin2bn(d.data(), static_cast<int>(d.size()), nullptr);
  EC_POINT* q = EC_POINT_new(group);
  std::vector<uint8_t> out(65);
  if (EC_POINT_mul(group, q, k, nullptr, nullptr, nullptr) != 1 ||
      EC_POINT_point2oct(group, q, POINT_CONVERSION_UNCOMPRESSED, out.data(), out.size(), nullptr) != 65)
    out.clear();
  EC_POINT_free(q);
  BN_free(k);
  EC_GROUP_free(group);
  return out;
}

std::string name_entry(X509_NAME* name, int nid) {
  char buf[64] = {};
  if (X509_NAME_get_text_by_NID(name, nid, buf, sizeof buf) < 0) return "";
  return buf;
}

// RFC 6979 A.2.5: the public key of the fixture's slot 0 key.
const std::vector<uint8_t> kFactoryPublic = from_hex(
    "04 60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"
    "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299");

class FactoryProvisioningFlow : public test::ScratchDirTest {
 protected:
  test::CliOutcome run(const std::string& extra = "") {
    return test::run_keybench("run factory-provisioning --state " + path("state.json") + " " + extra, false);
  }
  // The private key the model holds in an ATECC608A slot, from the state file.
  std::vector<uint8_t> model_private_key(int slot) {
    std::ifstream in(path("state.json"));
    nlohmann::json j = nlohmann::json::parse(in);
    for (const auto& d : j["devices"]) {
      if (d["type"] != "atecc608a") continue;
      for (const auto& s : d["state"]["slots"]) {
        if (s["slot"] == slot) {
          auto data = from_hex(s["data"].get<std::string>());
          return std::vector<uint8_t>(data.begin() + 4, data.begin() + 36);
        }
      }
    }
    return {};
  }
  // Checks the printed keys and CSRs; returns the two public keys.
  std::vector<std::vector<uint8_t>> check_keys_and_csrs(const std::string& out) {
    const auto keys = pem_blocks(out, "PUBLIC KEY");
    const auto csrs = pem_blocks(out, "CERTIFICATE REQUEST");
    EXPECT_EQ(keys.size(), 2u);
    EXPECT_EQ(csrs.size(), 2u);
    std::vector<std::vector<uint8_t>> publics;
    for (size_t i = 0; i < keys.size() && i < csrs.size(); ++i) {
      SCOPED_TRACE("key " + std::to_string(i));
      // The reference log's shapes (fact sheet A4.3): 2 base64 lines per key, 7 per CSR.
      EXPECT_EQ(keys[i].base64_lines, 2u);
      EXPECT_EQ(csrs[i].base64_lines, 7u);
      PkeyPtr key = read_public_key(keys[i].text);
      ReqPtr req = read_csr(csrs[i].text);
      EXPECT_TRUE(key && req);
      if (!key || !req) continue;
      EXPECT_EQ(X509_REQ_verify(req.get(), key.get()), 1) << "the CSR's signature does not verify with the printed key";
      PkeyPtr in_csr(X509_REQ_get_pubkey(req.get()), EVP_PKEY_free);
      EXPECT_EQ(EVP_PKEY_eq(in_csr.get(), key.get()), 1);
      X509_NAME* subject = X509_REQ_get_subject_name(req.get());
      EXPECT_EQ(name_entry(subject, NID_commonName), "Device");
      EXPECT_EQ(name_entry(subject, NID_organizationName), "Mbed TLS");
      EXPECT_EQ(name_entry(subject, NID_organizationalUnitName), "client");
      EXPECT_EQ(name_entry(subject, NID_countryName), "UK");
      publics.push_back(uncompressed(key.get()));
    }
    return publics;
  }
};

TEST_F(FactoryProvisioningFlow, FreshBenchPrintsTheReferenceStepsKeysAndCsrs) {
  const test::CliOutcome o = run();
  ASSERT_EQ(o.exit_code, 0) << o.out;
  // std::string(...) += rather than literal + std::string: GCC 12 warns falsely on the latter.
  std::string steps(
      "Provisioning device...\n"
      "\tErasing secure storage... done.\n"
      "\tRegistering drivers... done.\n"
      "\tInitializing PSA Crypto... done.\n"
      "\tRegistering factory-created keys... done.\n"
      "\tGenerating keys within the secure element... done.\n"
      "Device provisioned\n\n");
  steps += std::string(69, '-');
  steps += "\n\nDevice public keys:\n\tKey ID 16:\n-----BEGIN PUBLIC KEY-----\n";
  EXPECT_EQ(o.out.rfind(steps, 0), 0u) << o.out;
  EXPECT_THAT(o.out, HasSubstr("Device-generated CSRs:\n\tKey ID 16:\n-----BEGIN CERTIFICATE REQUEST-----"));
  EXPECT_THAT(o.out, HasSubstr("factory-provisioning: PASS"));
  const auto publics = check_keys_and_csrs(o.out);
  ASSERT_EQ(publics.size(), 2u);
  EXPECT_EQ(publics[0], kFactoryPublic);
  // Key 18 is the key the chip generated in slot 2.
  const auto slot2 = model_private_key(2);
  ASSERT_EQ(slot2.size(), 32u);
  EXPECT_EQ(publics[1], public_of_private(slot2));
  EXPECT_NE(publics[1], publics[0]);
}

TEST_F(FactoryProvisioningFlow, SecondRunRecognisesTheKeys) {
  const test::CliOutcome first = run();
  ASSERT_EQ(first.exit_code, 0) << first.out;
  const auto keys_first = pem_blocks(first.out, "PUBLIC KEY");
  const test::CliOutcome second = run();
  ASSERT_EQ(second.exit_code, 0) << second.out;
  EXPECT_THAT(second.out, HasSubstr("\tSecure storage holds keys 16 and 18: kept.\n"));
  EXPECT_THAT(second.out, Not(HasSubstr("Erasing secure storage")));
  EXPECT_THAT(second.out, HasSubstr("\tRegistering factory-created keys... already registered (slot 0).\n"));
  EXPECT_THAT(second.out, HasSubstr("\tGenerating keys within the secure element... already present (slot 2).\n"));
  const auto keys_second = pem_blocks(second.out, "PUBLIC KEY");
  ASSERT_EQ(keys_second.size(), 2u);
  ASSERT_EQ(keys_first.size(), 2u);
  EXPECT_EQ(keys_second[1].text, keys_first[1].text) << "the second run must keep key 18, not regenerate it";
  check_keys_and_csrs(second.out);
}

// A bench fixture of the factory flow's MCU flash and another ATECC608A (or none).
std::string fixture_with(const std::string& atecc_fixture, const std::string& dir) {
  nlohmann::json j = nlohmann::json::object();
  if (!atecc_fixture.empty()) {
    std::ifstream in(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/" + atecc_fixture);
    j = nlohmann::json::parse(in);
  } else {
    j["devices"] = nlohmann::json::array();
  }
  j["devices"].insert(j["devices"].begin(), nlohmann::json{{"name", "mcu"}, {"type", "mcu-flash"}});
  const std::string p = dir + "/bench.json";
  std::ofstream(p) << j.dump();
  return p;
}

TEST_F(FactoryProvisioningFlow, UnconfiguredChipFailsAtRegistrationWithAFailVerdict) {
  const std::string bench = fixture_with("atecc608a-factory.json", path(""));
  const test::CliOutcome o = test::run_keybench("run factory-provisioning --target sim:" + bench, false);
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr("\tRegistering factory-created keys... failed with status=-135\n"));
  EXPECT_THAT(o.out, HasSubstr("factory-provisioning: FAIL"));
  EXPECT_THAT(o.out, Not(HasSubstr("PASS")));
  EXPECT_THAT(o.out, Not(HasSubstr("Device provisioned")));
}

// No wake token is cryptoauthlib's ATCA_WAKE_FAILED, which the reference maps to
// PSA_ERROR_HARDWARE_FAILURE (fact sheet A3.3); the chip's side is named.
TEST_F(FactoryProvisioningFlow, MissingChipFailsAtInitNamingTheWakeFailure) {
  const std::string bench = fixture_with("", path(""));
  const test::CliOutcome o = test::run_keybench("run factory-provisioning --target sim:" + bench, false);
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr("\tInitializing PSA Crypto... failed with status=-147\n"));
  EXPECT_THAT(o.out, HasSubstr("(ATECC608A Read (config zone): no wake token after the wake pulse; "
                               "PSA_ERROR_HARDWARE_FAILURE)"));
  EXPECT_THAT(o.out, HasSubstr("factory-provisioning: FAIL"));
}

TEST_F(FactoryProvisioningFlow, SeOptionIsCheckedAndOnlyForThisFlow) {
  EXPECT_EQ(run("--se atecc608a").exit_code, 0);
  EXPECT_EQ(test::run_keybench("run factory-provisioning --se atecc").exit_code, 2);
  EXPECT_EQ(test::run_keybench("run host-key-provisioning --se atecc608a").exit_code, 2);
}

// The same application on the STSAFE-A120 (--se stsafe-a120: the bench stsafe-psa-factory.json):
// the same console steps, key 16 the personalised chip's slot-0 key, key 18 the key it generated
// in slot 2, each CSR signed by the chip and verified with the printed key.
class StsafeFactoryProvisioningFlow : public FactoryProvisioningFlow {
 protected:
  test::CliOutcome run_stsafe(const std::string& extra = "") { return run("--se stsafe-a120 " + extra); }
  // The private key the model holds in an STSAFE-A120 private key slot, from the state file.
  std::vector<uint8_t> stsafe_private_key(int slot) {
    std::ifstream in(path("state.json"));
    nlohmann::json j = nlohmann::json::parse(in);
    for (const auto& d : j["devices"]) {
      if (d["type"] != "stsafe-a120") continue;
      for (const auto& s : d["state"]["private_keys"]["slots"]) {
        if (s["slot"] == slot && s.contains("private_key")) return from_hex(s["private_key"].get<std::string>());
      }
    }
    return {};
  }
};

TEST_F(StsafeFactoryProvisioningFlow, FreshBenchPrintsTheReferenceStepsKeysAndCsrs) {
  const test::CliOutcome o = run_stsafe();
  ASSERT_EQ(o.exit_code, 0) << o.out;
  std::string steps(
      "Provisioning device...\n"
      "\tErasing secure storage... done.\n"
      "\tRegistering drivers... done.\n"
      "\tInitializing PSA Crypto... done.\n"
      "\tRegistering factory-created keys... done.\n"
      "\tGenerating keys within the secure element... done.\n"
      "Device provisioned\n\n");
  steps += std::string(69, '-');
  steps += "\n\nDevice public keys:\n\tKey ID 16:\n-----BEGIN PUBLIC KEY-----\n";
  EXPECT_EQ(o.out.rfind(steps, 0), 0u) << o.out;
  EXPECT_THAT(o.out, HasSubstr("Device-generated CSRs:\n\tKey ID 16:\n-----BEGIN CERTIFICATE REQUEST-----"));
  EXPECT_THAT(o.out, HasSubstr("factory-provisioning: PASS"));
  const auto publics = check_keys_and_csrs(o.out);
  ASSERT_EQ(publics.size(), 2u);
  const auto slot0 = stsafe_private_key(0);
  const auto slot2 = stsafe_private_key(2);
  ASSERT_EQ(slot0.size(), 32u);
  ASSERT_EQ(slot2.size(), 32u);
  EXPECT_EQ(publics[0], public_of_private(slot0)) << "key 16 is the factory key of slot 0";
  EXPECT_EQ(publics[1], public_of_private(slot2)) << "key 18 is the key the chip generated in slot 2";
  EXPECT_NE(publics[1], publics[0]);
}

TEST_F(StsafeFactoryProvisioningFlow, SecondRunRecognisesTheKeys) {
  const test::CliOutcome first = run_stsafe();
  ASSERT_EQ(first.exit_code, 0) << first.out;
  const auto slot2 = stsafe_private_key(2);
  const test::CliOutcome second = run_stsafe();
  ASSERT_EQ(second.exit_code, 0) << second.out;
  EXPECT_THAT(second.out, HasSubstr("\tSecure storage holds keys 16 and 18: kept.\n"));
  EXPECT_THAT(second.out, Not(HasSubstr("Erasing secure storage")));
  EXPECT_THAT(second.out, HasSubstr("\tRegistering factory-created keys... already registered (slot 0).\n"));
  EXPECT_THAT(second.out, HasSubstr("\tGenerating keys within the secure element... already present (slot 2).\n"));
  EXPECT_EQ(stsafe_private_key(2), slot2) << "the second run must keep the chip's key 18, not regenerate it";
  EXPECT_EQ(pem_blocks(second.out, "PUBLIC KEY")[1].text, pem_blocks(first.out, "PUBLIC KEY")[1].text);
  check_keys_and_csrs(second.out);
}

// Both chips on one bus: both drivers are registered, --se picks the one that holds the keys.
TEST_F(StsafeFactoryProvisioningFlow, BothChipsOnOneBusSeOptionPicksTheKeyChip) {
  const std::string bench = std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/stsafe-atecc608a-psa-factory.json";
  const test::CliOutcome st = run("--target sim:" + bench + " --se stsafe-a120");
  ASSERT_EQ(st.exit_code, 0) << st.out;
  const auto st_publics = check_keys_and_csrs(st.out);
  ASSERT_EQ(st_publics.size(), 2u);
  EXPECT_EQ(st_publics[0], public_of_private(stsafe_private_key(0)));
  EXPECT_NE(st_publics[0], kFactoryPublic);
  std::filesystem::remove(path("state.json"));
  const test::CliOutcome at = run("--target sim:" + bench);
  ASSERT_EQ(at.exit_code, 0) << at.out;
  const auto at_publics = check_keys_and_csrs(at.out);
  ASSERT_EQ(at_publics.size(), 2u);
  EXPECT_EQ(at_publics[0], kFactoryPublic) << "without --se the ATECC608A holds the keys";
}

// The factory key's slot refuses what the application asks of it: a chip whose slot 0 holds an
// Ed25519 key fails registration with a FAIL verdict.
TEST_F(StsafeFactoryProvisioningFlow, AFactorySlotOfAnotherCurveFailsRegistration) {
  std::ifstream in(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/stsafe-psa-factory.json");
  nlohmann::json j = nlohmann::json::parse(in);
  for (auto& d : j["devices"]) {
    if (d["type"] != "stsafe-a120") continue;
    d["state"] = nlohmann::json::parse(R"({"private_keys": {"slots": [{"slot": 0, "curve": "ed25519",
        "private_key": "9D61B19DEFFD5A60BA844AF492EC2CC44449C5697B326919703BAC031CAE7F60"}]}})");
  }
  const std::string bench = path("bench.json");
  std::ofstream(bench) << j.dump();
  const test::CliOutcome o = test::run_keybench("run factory-provisioning --target sim:" + bench, false);
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr("\tRegistering factory-created keys... failed with status=-135\n"));
  EXPECT_THAT(o.out, HasSubstr("factory-provisioning: FAIL"));
  EXPECT_THAT(o.out, Not(HasSubstr("Device provisioned")));
}

// A refusal of the chip is named with its status after the reference's failure text.
TEST_F(StsafeFactoryProvisioningFlow, ChipRefusingGenerateKeyPairFailsNamingItsStatus) {
  const std::string plan = path("plan.json");
  std::ofstream(plan) << R"({"format": "keybench-faults/1", "description": "Generate key pair refused",
      "faults": [{"when": {"command": "0x11"}, "do": {"action": "force_status", "status": "0x11"}}]})";
  const test::CliOutcome o = run_stsafe("--fault " + plan);
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr("\tGenerating keys within the secure element... \n\t\tfailed with status=-133\n"));
  EXPECT_THAT(o.out, HasSubstr("(STSAFE-A120 Generate key pair: device status 0x11 (access condition not satisfied); "
                               "PSA_ERROR_NOT_PERMITTED)"));
  EXPECT_THAT(o.out, HasSubstr("factory-provisioning: FAIL"));
  EXPECT_THAT(o.out, Not(HasSubstr("Device provisioned")));
}

// An unpersonalised chip has a factory key but no certificate saying what its public key is: the
// key registers, and printing it fails the run.
TEST_F(StsafeFactoryProvisioningFlow, UnpersonalisedChipFailsAtThePublicKeyPrint) {
  std::ifstream in(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/stsafe-psa-factory.json");
  nlohmann::json j = nlohmann::json::parse(in);
  for (auto& d : j["devices"]) {
    if (d["type"] == "stsafe-a120") d["state"] = nlohmann::json::object();
  }
  const std::string bench = path("bench.json");
  std::ofstream(bench) << j.dump();
  const test::CliOutcome o = test::run_keybench("run factory-provisioning --target sim:" + bench, false);
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr("\tRegistering factory-created keys... done.\n"));
  EXPECT_THAT(o.out, HasSubstr("\tKey ID 16:\nFailed to print pubkey with ret="));
  EXPECT_THAT(o.out, HasSubstr("(STSAFE-A120 public key of the slot (the chip cannot read it back and no certificate "
                               "covers it): device not provisioned for this operation)"));
  EXPECT_THAT(o.out, HasSubstr("factory-provisioning: FAIL"));
}

}  // namespace
}  // namespace kb
