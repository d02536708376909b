// The factory personalisation (personalisation.h): the bench CA and the device certificate in
// zone 0 are real X.509 that the test's own OpenSSL code parses and verifies; the certificate's key
// is slot 0's; the same seed gives byte-identical certificates, another seed other ones; the
// default bench is personalised, the blank fixture is not; a zone too small is a load error.
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "simulator/bench/bench.h"
#include "simulator/crypto/ec.h"
#include "simulator/crypto/x509.h"
#include "simulator/fixture/json_view.h"
#include "simulator/stsafe_a120/personalisation.h"
#include "simulator/stsafe_a120/state_json.h"
#include "tests/test_paths.h"
#include "tests/unit/simulator/stsafe_a120/host_channel.h"

namespace kb::sim::stsafe_a120 {
namespace {

using namespace test_support;

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using Cert = std::unique_ptr<X509, X509Free>;

Cert parse(const Bytes& der) {
  const unsigned char* p = der.data();
  Cert c(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  EXPECT_EQ(p, der.data() + der.size()) << "one DER certificate, nothing after it";
  return c;
}

std::string name_line(const X509_NAME* name) {
  char text[256];
  X509_NAME_oneline(name, text, sizeof text);
  return text;
}

// X509_verify_cert of leaf under the one trust anchor ca; the error string when it fails.
std::string verify_chain(X509* ca, X509* leaf) {
  X509_STORE* store = X509_STORE_new();
  X509_STORE_add_cert(store, ca);
  X509_STORE_CTX* ctx = X509_STORE_CTX_new();
  X509_STORE_CTX_init(ctx, store, leaf, nullptr);
  const int ok = X509_verify_cert(ctx);
  std::string result = ok == 1 ? "" : X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx));
  X509_STORE_CTX_free(ctx);
  X509_STORE_free(store);
  return result;
}

Bytes raw_public_key(X509* cert) {
  EVP_PKEY* key = X509_get0_pubkey(cert);
  size_t n = 0;
  EXPECT_EQ(EVP_PKEY_get_octet_string_param(key, "encoded-pub-key", nullptr, 0, &n), 1);
  Bytes point(n);
  EXPECT_EQ(EVP_PKEY_get_octet_string_param(key, "encoded-pub-key", point.data(), n, &n), 1);
  EXPECT_EQ(point.size(), 65u);
  return Bytes(point.begin() + 1, point.end());
}

TEST(Personalisation, CertificatesAreRealX509AndChainToTheCa) {
  const FactoryPersonalisation& p = factory_personalisation(0);
  Cert ca = parse(p.ca_certificate);
  Cert leaf = parse(p.device_certificate);
  ASSERT_TRUE(ca && leaf);
  EXPECT_EQ(verify_chain(ca.get(), leaf.get()), "");
  EXPECT_EQ(X509_check_issued(ca.get(), ca.get()), X509_V_OK) << "the CA is self-signed";
  EXPECT_EQ(X509_check_ca(ca.get()), 1);
  EXPECT_EQ(X509_check_ca(leaf.get()), 0);
  EXPECT_EQ(name_line(X509_get_issuer_name(leaf.get())), name_line(X509_get_subject_name(ca.get())));
  EXPECT_EQ(name_line(X509_get_subject_name(ca.get())), "/C=NL/O=keybench/CN=keybench STSAFE-A120 bench CA 01");
  EXPECT_EQ(X509_get_signature_nid(leaf.get()), NID_ecdsa_with_SHA256);
  // The leaf's key is slot 0's.
  EXPECT_EQ(raw_public_key(leaf.get()), *crypto::ec::public_key(crypto::ec::Curve::kNistP256, p.device_private_key));
  EXPECT_EQ(raw_public_key(ca.get()), *crypto::ec::public_key(crypto::ec::Curve::kNistP256, p.ca_private_key));
}

TEST(Personalisation, LeafLayoutAsStsLibReadsIt) {
  const Bytes& der = factory_personalisation(0).device_certificate;
  // 30 82 LL LL: STSELib takes the size from bytes 2..3 plus 4.
  ASSERT_GE(der.size(), 26u);
  EXPECT_EQ(der[0], 0x30);
  EXPECT_EQ(der[1], 0x82);
  EXPECT_EQ(static_cast<size_t>(der[2] << 8 | der[3]) + 4, der.size());
  // The 11-byte serial at offset 15 (stse_get_device_id): 30 82 LL LL A0 03 02 01 02 02 0B <serial>.
  EXPECT_EQ(Bytes(der.begin() + 4, der.begin() + 15),
            cat({hex("30 82"), Bytes(der.begin() + 6, der.begin() + 8), hex("A0 03 02 01 02 02 0B")}));
  EXPECT_EQ(Bytes(der.begin() + 15, der.begin() + 26), factory_personalisation(0).device_serial);
  EXPECT_LT(der.size(), 1000u) << "fits zone 0";
}

TEST(Personalisation, SameSeedSameBytesOtherSeedOtherBytes) {
  // Computed afresh (not the cache) through a second state load, and compared byte for byte.
  State a = factory_state(), b = factory_state();
  a.random_seed = b.random_seed = 0x1234;
  personalise(a);
  personalise(b);
  EXPECT_EQ(a, b);
  const FactoryPersonalisation& one = factory_personalisation(7);
  const FactoryPersonalisation& other = factory_personalisation(8);
  EXPECT_NE(one.ca_certificate, other.ca_certificate);
  EXPECT_NE(one.device_certificate, other.device_certificate);
  EXPECT_NE(one.device_private_key, other.device_private_key);
  // Another seed's CA does not verify this seed's leaf.
  EXPECT_NE(verify_chain(parse(other.ca_certificate).get(), parse(one.device_certificate).get()), "");
  // Independent of the cache: recomputing through the X509 module gives the same DER.
  const FactoryPersonalisation& again = factory_personalisation(7);
  EXPECT_EQ(&again, &one);
  EXPECT_EQ(crypto::x509::to_pem(one.ca_certificate).rfind("-----BEGIN CERTIFICATE-----\n", 0), 0u);
}

TEST(Personalisation, DefaultBenchIsPersonalisedAndAnswersOverTheBus) {
  std::unique_ptr<Bench> bench = Bench::make_default();
  auto* chip = bench->first<Stsafe>();
  ASSERT_NE(chip, nullptr);
  const FactoryPersonalisation& p = factory_personalisation(chip->state().random_seed);
  const DataPartition& zone0 = chip->state().data_partitions.at(0);
  ASSERT_EQ(zone0.index, 0);
  EXPECT_EQ(Bytes(zone0.data.begin(), zone0.data.begin() + static_cast<long>(p.device_certificate.size())),
            p.device_certificate);
  EXPECT_EQ(zone0.data[p.device_certificate.size()], 0x00);
  const PrivateKeySlot& slot0 = chip->state().private_keys.slots[0];
  EXPECT_TRUE(slot0.present);
  EXPECT_EQ(slot0.private_key, p.device_private_key);
  EXPECT_FALSE(slot0.mode.key_establishment);
  EXPECT_TRUE(slot0.mode.external_signature);
  // The saved state holds both and loads back to the same chip without the personalisation key.
  const nlohmann::json saved = chip->save_state();
  EXPECT_FALSE(saved.contains("personalisation"));
  StsafeOnBus other;
  other.chip.load_state(JsonView(saved, "saved.json", "$"));
  EXPECT_EQ(other.chip.state(), chip->state());
}

TEST(Personalisation, ZoneZeroReadOverTheBus) {
  StsafeOnBus b;
  b.chip.load_state(JsonView(nlohmann::json{{"personalisation", "factory"}}, "t.json", "$"));
  const Bytes& der = factory_personalisation(0).device_certificate;
  // Read zone 0, offset 2, 2 bytes: the DER length (how STSELib sizes the certificate).
  EXPECT_EQ(b.transact(frame("05 00 00 00 02 00 02")), response_frame(0x00, Bytes(der.begin() + 2, der.begin() + 4)));
  Bytes whole;
  for (size_t at = 0; at < der.size(); at += 255) {
    const size_t n = std::min<size_t>(255, der.size() - at);
    const Bytes r = b.transact(with_crc(cat({hex("05 00 00"), be16(at), be16(n)})));
    ASSERT_EQ(r.size(), n + 5);
    ASSERT_EQ(r[0], 0x00);
    for (size_t i = 0; i < n; ++i) whole.push_back(r[3 + i]);
  }
  EXPECT_EQ(whole, der);
}

TEST(Personalisation, BlankFixtureAndTheBareModelHaveNoCertificate) {
  std::unique_ptr<Bench> bench =
      Bench::from_file(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/stsafe-blank.json");
  const auto& zone0 = bench->first<Stsafe>()->state().data_partitions.at(0);
  EXPECT_EQ(zone0.data, Bytes(1000, 0x00));
  StsafeOnBus b;
  EXPECT_EQ(b.chip.state().data_partitions.at(0).data, Bytes(1000, 0x00));
  EXPECT_EQ(b.chip.state(), factory_state());
}

TEST(Personalisation, SeedComesFromTheState) {
  StsafeOnBus b;
  b.chip.load_state(JsonView(nlohmann::json{{"random_seed", 99}, {"personalisation", "factory"}}, "t.json", "$"));
  EXPECT_EQ(b.chip.state().private_keys.slots[0].private_key, factory_personalisation(99).device_private_key);
  const Bytes& der = factory_personalisation(99).device_certificate;
  EXPECT_EQ(Bytes(b.chip.state().data_partitions[0].data.begin(),
                  b.chip.state().data_partitions[0].data.begin() + static_cast<long>(der.size())),
            der);
}

TEST(Personalisation, LoadErrors) {
  auto error = [](const nlohmann::json& state) -> std::string {
    StsafeOnBus b;
    try {
      b.chip.load_state(JsonView(state, "t.json", "$.state"));
    } catch (const FixtureError& e) {
      return e.path() + ": " + e.what();
    }
    return "";
  };
  EXPECT_NE(error({{"personalisation", "yes"}}).find("$.state.personalisation"), std::string::npos);
  const std::string small =
      error({{"personalisation", "factory"}, {"data_partitions", {{{"zone", 0}, {"length", 100}}}}});
  EXPECT_NE(small.find("$.state.personalisation"), std::string::npos) << small;
  EXPECT_NE(small.find("cannot hold"), std::string::npos) << small;
  EXPECT_EQ(error({{"personalisation", "blank"}}), "");
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
