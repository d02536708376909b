#include "firmware/device_authentication/device_authentication.h"

#include <array>

#include "core/stsafe/hash_algorithms.h"
#include "core/stsafe/stsafe.h"
#include "firmware/console_format.h"
#include "firmware/device_authentication/der_length.h"

namespace kb::fw {

namespace {

using core::Code;
using core::Status;
using core::stsafe::EccCurve;
using core::stsafe::HashAlgorithm;

// ST's device authentication signs a challenge as long as the key's private key (32 for P-256).
constexpr size_t kChallengeBytes = 32;
constexpr size_t kSignatureBytes = 64;
constexpr size_t kMaxReadChunk = 747;

void print_banner(hal::Console& c, bool multistep) {
  c.write(
      "----------------------------------------------------------------------------------------------------------------"
      "\n");
  c.print("-                        STSAFE-A120 %-74s-\n",
          multistep ? "device authentication, multi-step (chip hash)" : "device authentication");
  c.write(
      "----------------------------------------------------------------------------------------------------------------"
      "\n"
      "- The host reads the device certificate from data zone 0, checks it against the CA it trusts, and has the      "
      "-\n"
      "- chip prove it holds the certified key by signing a fresh random challenge.                                   "
      "-\n"
      "----------------------------------------------------------------------------------------------------------------"
      "\n");
}

Status report(hal::Console& c, const char* step, Status s) {
  char why[96];
  c.print("\n ## %s ERROR : %s\n", step, s.describe(why, sizeof why));
  return s;
}

// The verdict line of a failed check; nothing after it may read as success.
Status refuse(hal::Console& c, const char* what, const char* why) {
  c.print("\n ## Device authentication FAILED: %s%s%s\n", what, why[0] != '\0' ? ": " : "", why);
  return Code::kRefused;
}

void print_certificate(hal::Console& c, hal::CertificateVerifier& x509, std::span<const uint8_t> der) {
  std::array<char, 1024> text{};
  if (x509.describe(der, text) == hal::CertificateResult::kOk) c.write(text.data());
}

}  // namespace

Status run_device_authentication(hal::Platform& platform, const DeviceAuthenticationOptions& options) {
  hal::Console& c = platform.console;
  print_banner(c, options.multistep);
  if (options.certificates == nullptr) {
    return refuse(c, "no X.509 verifier on this platform", "the certificate cannot be checked");
  }
  if (options.ca_certificate.empty()) return refuse(c, "no CA certificate given", "nothing to trust");
  if (options.read_chunk == 0 || options.read_chunk > kMaxReadChunk) {
    c.print("\n ## read chunk %u outside 1..747\n", static_cast<unsigned>(options.read_chunk));
    return Code::kInvalidArgument;
  }
  hal::CertificateVerifier& x509 = *options.certificates;

  c.write("\n - Initialize target STSAFE-A120\n");
  core::stsafe::Stsafe se(platform.i2c, platform.clock, platform.crypto, options.address7);
  if (Status s = se.init(); !s.ok()) return report(c, "stse_init", s);

  c.write("\n - CA certificate (trust anchor):\n");
  print_certificate(c, x509, options.ca_certificate);

  // The size from the DER header: tag, length form and up to three length bytes.
  c.print("\n - Read device certificate size (zone %u, DER header)\n", static_cast<unsigned>(options.certificate_zone));
  std::array<uint8_t, kDerHeaderPeekBytes> header{};
  if (Status s = se.read_data_zone(options.certificate_zone, 0, header); !s.ok()) {
    return report(c, "read certificate header", s);
  }
  const std::optional<size_t> size = der_sequence_size(header);
  if (!size) {
    c.print("\n ## Device authentication FAILED: zone %u holds no DER certificate (first bytes",
            options.certificate_zone);
    for (uint8_t b : header) c.print(" %02X", b);
    c.write(")\n");
    return Code::kNotProvisioned;
  }
  if (*size > kMaxDeviceCertificateBytes) {
    c.print("\n ## Device authentication FAILED: certificate of %u bytes, more than the %u this application reads\n",
            static_cast<unsigned>(*size), static_cast<unsigned>(kMaxDeviceCertificateBytes));
    return Code::kRefused;
  }
  c.print("   certificate size: %u bytes\n", static_cast<unsigned>(*size));

  std::array<uint8_t, kMaxDeviceCertificateBytes> certificate{};
  const std::span<uint8_t> der = std::span<uint8_t>(certificate).first(*size);
  size_t reads = 0;
  for (size_t at = 0; at < der.size(); at += options.read_chunk) {
    const size_t n = std::min<size_t>(options.read_chunk, der.size() - at);
    if (Status s = se.read_data_zone(options.certificate_zone, static_cast<uint16_t>(at), der.subspan(at, n));
        !s.ok()) {
      return report(c, "read device certificate", s);
    }
    ++reads;
  }
  c.print(" - Read device certificate: %u bytes in %u reads of at most %u\n", static_cast<unsigned>(der.size()),
          static_cast<unsigned>(reads), static_cast<unsigned>(options.read_chunk));
  // One parse of the certificate for both its description and its verdict.
  std::array<uint8_t, 64> device_public{};
  std::array<char, 160> why{};
  std::array<char, 1024> description{};
  const hal::CertificateResult verdict =
      x509.verify_p256_leaf(options.ca_certificate, der, device_public, why, description);
  c.write("\n - Device certificate:\n");
  c.write(description.data());
  if (verdict != hal::CertificateResult::kOk) {
    return refuse(c, hal::certificate_result_name(verdict), why.data());
  }
  c.write("\n - Device certificate verified against the CA\n");

  std::array<uint8_t, kChallengeBytes> challenge{};
  if (platform.crypto.random(challenge) != hal::CryptoResult::kOk) return report(c, "host random", Code::kCrypto);
  c.write("\n - Host random challenge:\n");
  print_hex_line(c, challenge);

  // What the chip signs: the challenge itself (ECDSA takes it as the digest, as ST's example does),
  // or in the multi-step form the chip's own SHA-256 of it, checked against the host's.
  std::array<uint8_t, kChallengeBytes> digest{};
  std::span<const uint8_t> to_sign = challenge;
  if (options.multistep) {
    c.write("\n - Hash the challenge with STSAFE-A120 (Start Hash / Finish Hash, SHA-256)\n");
    if (Status s = se.compute_hash(HashAlgorithm::kSha256, challenge, digest); !s.ok()) {
      return report(c, "stse_compute_hash", s);
    }
    print_hex_line(c, digest);
    std::array<uint8_t, 32> host_digest{};
    if (platform.crypto.sha256(challenge, host_digest) != hal::CryptoResult::kOk) {
      return report(c, "host SHA-256", Code::kCrypto);
    }
    if (host_digest != digest) return refuse(c, "the chip's SHA-256 of the challenge differs from the host's", "");
    c.write(" - Chip digest matches the host's SHA-256\n");
    to_sign = digest;
  }

  c.print("\n - Device signature over the %s (private key slot %u):\n",
          options.multistep ? "challenge digest" : "host challenge", static_cast<unsigned>(options.private_key_slot));
  std::array<uint8_t, kSignatureBytes> signature{};
  if (Status s = se.generate_signature(options.private_key_slot, EccCurve::kNistP256, to_sign, signature); !s.ok()) {
    return report(c, "stse_ecc_generate_signature", s);
  }
  print_hex_line(c, std::span<const uint8_t>(signature).first(32));
  print_hex_line(c, std::span<const uint8_t>(signature).subspan(32));

  const hal::CryptoResult check = platform.crypto.p256_verify_digest(device_public, to_sign, signature);
  if (check != hal::CryptoResult::kOk) {
    return refuse(c, "the signature does not verify with the certificate's key", hal::crypto_result_name(check));
  }
  c.write("\n ## Device authenticated: challenge signature verified with the certificate's key\n");
  return Status();
}

}  // namespace kb::fw
