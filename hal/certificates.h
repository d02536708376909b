#pragma once
// X.509 on the host: checking a device certificate against a trust anchor. On a Linux host it is
// OpenSSL's X.509 (hal/crypto_openssl/openssl_certificates.h); a board build may have none (the
// applications then stop before trusting anything). core/ never parses certificates.
#include <cstddef>
#include <cstdint>
#include <span>

namespace kb::hal {

enum class CertificateResult : uint8_t {
  kOk = 0,
  kMalformed,       // not one DER certificate (trailing bytes included)
  kUntrusted,       // not issued by the anchor, bad signature, expired, or the anchor is no CA
  kUnsupportedKey,  // the certificate's key is not a NIST P-256 key
  kFailed,          // the library failed
};

const char* certificate_result_name(CertificateResult r);

class CertificateVerifier {
 public:
  virtual ~CertificateVerifier() = default;

  // kOk when `leaf_der` chains to `trust_anchor_der` (both DER; the anchor self-signed), checked
  // at the host's current time. The leaf's P-256 public key X||Y then lands in public64 (64 bytes).
  // `detail` (may be empty) gets a NUL-terminated line saying why, when the chain does not verify;
  // `description` (may be empty) the leaf as describe() gives it whenever the leaf parses, whatever
  // the verdict (so a caller parses it once).
  virtual CertificateResult verify_p256_leaf(std::span<const uint8_t> trust_anchor_der,
                                             std::span<const uint8_t> leaf_der, std::span<uint8_t> public64,
                                             std::span<char> detail, std::span<char> description) = 0;
  // A few NUL-terminated lines for a console: subject, issuer, serial number, validity, key type.
  virtual CertificateResult describe(std::span<const uint8_t> der, std::span<char> text) = 0;
};

}  // namespace kb::hal
