#include "core/psa_se/stsafe_a120/certificate_key.h"

#include <mbedtls/ecp.h>
#include <mbedtls/pk.h>
#include <mbedtls/x509_crt.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace kb::core::psa_se::stsafe_a120 {

namespace {

using stsafe::EccCurve;

// Enough for the model's ~500-byte certificate and ST's (STSELib reads it in 255-byte chunks).
constexpr size_t kMaxCertificateBytes = 1024;
// Any digest proves possession; this one says what it is for.
constexpr char kProbe[] = "keybench: does this certificate carry the key of this slot?";

// Whether the slot's key signs what the certificate's key verifies. The check runs on the
// platform's P-256 (OpenSSL on a host, the SDK's library on a board): Mbed TLS's portable bignum
// ECDSA costs about twenty times as much, and registration happens on every factory run.
Status slot_signs_for(stsafe::Stsafe& chip, hal::Crypto& crypto, uint8_t slot, std::span<const uint8_t> xy,
                      const char** command) {
  // What a platform failure is reported against (the chip's refusals name the chip's command).
  constexpr char kCheck[] = "check of the certificate's key (platform P-256)";
  *command = kCheck;
  std::array<uint8_t, 32> digest{};
  if (crypto.sha256(std::span(reinterpret_cast<const uint8_t*>(kProbe), sizeof kProbe - 1), digest) !=
      hal::CryptoResult::kOk)
    return Code::kCrypto;
  std::array<uint8_t, 2 * stsafe::kP256CoordinateBytes> signature{};
  *command = "Generate signature";
  Status s = chip.generate_signature(slot, EccCurve::kNistP256, digest, signature);
  if (!s.ok()) return s;
  *command = kCheck;
  switch (crypto.p256_verify_digest(xy, digest, signature)) {
    case hal::CryptoResult::kOk: return Code::kOk;
    case hal::CryptoResult::kVerifyFailed:
    case hal::CryptoResult::kInvalidKey: return Code::kNotProvisioned;
    default: return Code::kCrypto;
  }
}

}  // namespace

Status certified_public_key(stsafe::Stsafe& chip, hal::Crypto& crypto, uint8_t zone, uint8_t slot,
                            std::span<uint8_t, stsafe::kP256PublicKeyBytes> xy, const char** command) {
  *command = "Query (data partitions)";
  Result<stsafe::DataPartitionTable> zones = chip.query_data_partitions();
  if (!zones.ok()) return zones.status();
  const stsafe::DataPartitionRecord* record = zones->find(zone);
  if (record == nullptr || record->type != stsafe::ZoneType::kData || record->length == 0) return Code::kNotProvisioned;
  std::array<uint8_t, kMaxCertificateBytes> der{};
  const size_t length = std::min<size_t>(record->length, der.size());
  *command = "Read";
  Status s = chip.read_data_zone(zone, 0, std::span<uint8_t>(der.data(), length));
  if (!s.ok()) return s;

  // The parser takes the certificate's own length from its outer SEQUENCE and ignores the zone's
  // filler after it.
  mbedtls_x509_crt crt;
  mbedtls_x509_crt_init(&crt);
  Status result = Code::kNotProvisioned;
  if (mbedtls_x509_crt_parse_der(&crt, der.data(), length) == 0 && mbedtls_pk_get_type(&crt.pk) == MBEDTLS_PK_ECKEY) {
    mbedtls_ecp_keypair* key = mbedtls_pk_ec(crt.pk);
    std::array<uint8_t, 1 + stsafe::kP256PublicKeyBytes> point{};
    size_t point_length = 0;
    if (key->grp.id == MBEDTLS_ECP_DP_SECP256R1 &&
        mbedtls_ecp_point_write_binary(&key->grp, &key->Q, MBEDTLS_ECP_PF_UNCOMPRESSED, &point_length, point.data(),
                                       point.size()) == 0 &&
        point_length == point.size()) {
      const std::span<const uint8_t> certified(point.data() + 1, xy.size());
      result = slot_signs_for(chip, crypto, slot, certified, command);
      if (result.ok()) std::memcpy(xy.data(), certified.data(), xy.size());
    }
  }
  mbedtls_x509_crt_free(&crt);
  return result;
}

}  // namespace kb::core::psa_se::stsafe_a120
