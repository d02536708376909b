// The host's X.509 check (hal/crypto_openssl/openssl_certificates): a leaf that chains to its
// anchor gives its P-256 key; another anchor, a flipped bit, trailing bytes, garbage and a
// certificate whose key is not P-256 are each refused for their own reason; PEM and DER both load.
#include "hal/crypto_openssl/openssl_certificates.h"

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "simulator/crypto/ec.h"
#include "simulator/crypto/x509.h"
#include "simulator/stsafe_a120/personalisation.h"

namespace kb::hal::openssl {
namespace {

using Bytes = std::vector<uint8_t>;
const auto& seed0() {
  return sim::stsafe_a120::factory_personalisation(0);
}

CertificateResult verify(OpensslCertificates& x509, const Bytes& anchor, const Bytes& leaf, Bytes& key,
                         std::string* why = nullptr) {
  std::array<char, 160> detail{};
  std::array<char, 1024> text{};
  key.assign(64, 0);
  const CertificateResult r = x509.verify_p256_leaf(anchor, leaf, key, detail, text);
  if (why != nullptr) *why = detail.data();
  return r;
}

TEST(OpensslCertificates, ChainingLeafGivesItsKey) {
  OpensslCertificates x509;
  Bytes key;
  ASSERT_EQ(verify(x509, seed0().ca_certificate, seed0().device_certificate, key), CertificateResult::kOk);
  EXPECT_EQ(key, *sim::crypto::ec::public_key(sim::crypto::ec::Curve::kNistP256, seed0().device_private_key));
  // Twice with the same verifier (the anchor comes from its cache the second time).
  EXPECT_EQ(verify(x509, seed0().ca_certificate, seed0().device_certificate, key), CertificateResult::kOk);
}

// The verifier keeps parsed certificates, never verdicts: a leaf it has already accepted is
// refused under another anchor, and a tampered copy after the genuine one is refused.
TEST(OpensslCertificates, CachedParsesKeepNoVerdict) {
  OpensslCertificates x509;
  Bytes key;
  const auto& other = sim::stsafe_a120::factory_personalisation(3);
  ASSERT_EQ(verify(x509, seed0().ca_certificate, seed0().device_certificate, key), CertificateResult::kOk);
  EXPECT_EQ(verify(x509, other.ca_certificate, seed0().device_certificate, key), CertificateResult::kUntrusted);
  Bytes tampered = seed0().device_certificate;
  tampered[tampered.size() - 90] ^= 0x04;
  EXPECT_NE(verify(x509, seed0().ca_certificate, tampered, key), CertificateResult::kOk);
  EXPECT_EQ(verify(x509, seed0().ca_certificate, seed0().device_certificate, key), CertificateResult::kOk);
  EXPECT_EQ(verify(x509, other.ca_certificate, other.device_certificate, key), CertificateResult::kOk);
  EXPECT_EQ(key, *sim::crypto::ec::public_key(sim::crypto::ec::Curve::kNistP256, other.device_private_key));
}

TEST(OpensslCertificates, RefusalsNameTheirReason) {
  OpensslCertificates x509;
  Bytes key;
  std::string why;
  const auto& other = sim::stsafe_a120::factory_personalisation(3);
  EXPECT_EQ(verify(x509, other.ca_certificate, seed0().device_certificate, key, &why), CertificateResult::kUntrusted);
  EXPECT_FALSE(why.empty());
  Bytes tampered = seed0().device_certificate;
  tampered[tampered.size() - 90] ^= 0x04;  // inside the signed part
  const CertificateResult t = verify(x509, seed0().ca_certificate, tampered, key);
  EXPECT_TRUE(t == CertificateResult::kUntrusted || t == CertificateResult::kMalformed);
  EXPECT_NE(t, CertificateResult::kOk);
  Bytes trailing = seed0().device_certificate;
  trailing.push_back(0x00);
  EXPECT_EQ(verify(x509, seed0().ca_certificate, trailing, key), CertificateResult::kMalformed);
  EXPECT_EQ(verify(x509, seed0().ca_certificate, Bytes(439, 0x00), key), CertificateResult::kMalformed);
  EXPECT_EQ(verify(x509, Bytes{0x30, 0x00}, seed0().device_certificate, key), CertificateResult::kMalformed);
  std::array<uint8_t, 32> short_key{};
  std::array<char, 8> detail{};
  EXPECT_EQ(x509.verify_p256_leaf(seed0().ca_certificate, seed0().device_certificate, short_key, detail, {}),
            CertificateResult::kFailed);
}

TEST(OpensslCertificates, KeyThatIsNotP256) {
  // A self-signed P-384 certificate made here with OpenSSL: it chains to itself but its key is not P-256.
  EVP_PKEY* key = EVP_EC_gen("P-384");
  ASSERT_NE(key, nullptr);
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 7);
  X509_NAME_add_entry_by_txt(X509_get_subject_name(cert), "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("p384"), -1, -1, 0);
  X509_set_issuer_name(cert, X509_get_subject_name(cert));
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  ASSERT_GT(X509_sign(cert, key, EVP_sha384()), 0);
  const int n = i2d_X509(cert, nullptr);
  Bytes der(static_cast<size_t>(n));
  unsigned char* p = der.data();
  i2d_X509(cert, &p);
  X509_free(cert);
  EVP_PKEY_free(key);

  OpensslCertificates x509;
  Bytes out;
  EXPECT_EQ(verify(x509, der, der, out), CertificateResult::kUnsupportedKey);
  std::array<char, 1024> text{};
  ASSERT_EQ(x509.describe(der, text), CertificateResult::kOk);
  EXPECT_NE(std::string(text.data()).find("Public key : not NIST P-256"), std::string::npos) << text.data();
}

TEST(OpensslCertificates, DescribeAndPemOrDer) {
  OpensslCertificates x509;
  std::array<char, 1024> text{};
  ASSERT_EQ(x509.describe(seed0().device_certificate, text), CertificateResult::kOk);
  const std::string lines = text.data();
  EXPECT_NE(lines.find("  Issuer     : C = NL, O = keybench, CN = keybench STSAFE-A120 bench CA 01\n"),
            std::string::npos)
      << lines;
  EXPECT_NE(lines.find("  Not after  : Jan  1 00:00:00 2054 GMT\n"), std::string::npos) << lines;
  EXPECT_EQ(x509.describe(Bytes{1, 2, 3}, text), CertificateResult::kMalformed);

  const std::string pem = sim::crypto::x509::to_pem(seed0().ca_certificate);
  EXPECT_EQ(certificate_der(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(pem.data()), pem.size())),
            seed0().ca_certificate);
  EXPECT_EQ(certificate_der(seed0().ca_certificate), seed0().ca_certificate);
  EXPECT_TRUE(certificate_der(Bytes{'n', 'o'}).empty());
}

}  // namespace
}  // namespace kb::hal::openssl
