#pragma once
// X.509 certificates for the device models' factory personalisation, built with OpenSSL 3's X509
// API (no hand-written ASN.1): a self-signed P-256 CA and leaf certificates it signs, both with
// ecdsa-with-SHA256. The ECDSA nonce comes from caller-given entropy (a TEST-RAND library
// context, as simulator/crypto/ec does for the chips' signatures), so the same inputs give the
// same DER bytes. Keys are raw: P-256 private 32 bytes, public X | Y.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace kb::sim::crypto::x509 {

struct Name {
  std::string country;       // C, two letters; empty = left out
  std::string organization;  // O; empty = left out
  std::string common_name;   // CN
};

struct CertificateSpec {
  std::vector<uint8_t> serial;  // big-endian, positive (top bit of the first byte clear), 1..20 bytes
  Name issuer;
  Name subject;
  int64_t not_before = 0;  // seconds since 1970-01-01 UTC
  int64_t not_after = 0;
  std::vector<uint8_t> subject_public_key;  // P-256 X | Y
  bool ca = false;                          // CA: basicConstraints CA:TRUE (critical), keyUsage keyCertSign + cRLSign;
                    // leaf: basicConstraints CA:FALSE, keyUsage digitalSignature (both critical)
};

// The certificate as DER, signed with issuer_private_key (P-256) over SHA-256; the signature's
// nonce is drawn from `entropy` (at least kSignEntropyLength bytes). Throws std::invalid_argument
// for a spec OpenSSL refuses (bad key, serial, name) and std::runtime_error when OpenSSL fails.
inline constexpr size_t kSignEntropyLength = 1024;
std::vector<uint8_t> issue_p256(const CertificateSpec& spec, std::span<const uint8_t> issuer_private_key,
                                std::span<const uint8_t> entropy);

// PEM text ("-----BEGIN CERTIFICATE-----" ...) of a DER certificate; throws std::invalid_argument
// when `der` is not one certificate.
std::string to_pem(std::span<const uint8_t> der);

}  // namespace kb::sim::crypto::x509
