#pragma once
// kb::hal::CertificateVerifier on OpenSSL 3's X.509 (X509_verify_cert with the one anchor as the
// store), and PEM/DER helpers for the host tools. OpenSSL 3.0 spends about 0.2 ms decoding one
// certificate's key, so an instance keeps the trust anchors and the certificates describe() was
// given parsed (by their bytes; a handful at most); a leaf given to verify_p256_leaf is parsed
// afresh every call. One instance is not safe to use from two threads at once.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hal/certificates.h"

namespace kb::hal::openssl {

class OpensslCertificates final : public CertificateVerifier {
 public:
  OpensslCertificates();
  ~OpensslCertificates() override;
  OpensslCertificates(const OpensslCertificates&) = delete;
  OpensslCertificates& operator=(const OpensslCertificates&) = delete;

  CertificateResult verify_p256_leaf(std::span<const uint8_t> trust_anchor_der, std::span<const uint8_t> leaf_der,
                                     std::span<uint8_t> public64, std::span<char> detail,
                                     std::span<char> description) override;
  CertificateResult describe(std::span<const uint8_t> der, std::span<char> text) override;

 private:
  struct Cache;
  std::unique_ptr<Cache> cache_;
};

// The DER of the first certificate in PEM text, or of `bytes` when they are one DER certificate
// already; empty when they are neither.
std::vector<uint8_t> certificate_der(std::span<const uint8_t> bytes);

}  // namespace kb::hal::openssl
