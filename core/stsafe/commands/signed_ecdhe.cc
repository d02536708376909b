#include "core/stsafe/commands/signed_ecdhe.h"

#include <iterator>

#include "core/stsafe/command_codes.h"
#include "core/stsafe/commands/kek_session.h"
#include "core/stsafe/payload_writer.h"

namespace kb::core::stsafe::commands {

namespace {
constexpr uint8_t kFiller = 0x00;
constexpr size_t kHashIdBytes = 11;
constexpr uint8_t kEd25519HashId[] = {0x00, 0x00};
constexpr uint8_t kHashIds[][kHashIdBytes] = {
    {0x00, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01},  // SHA-256
    {0x00, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02},  // SHA-384
    {0x00, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03},  // SHA-512
    {0x00, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04},  // SHA-224
    {0x00, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x08},  // SHA3-256
    {0x00, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x09},  // SHA3-384
    {0x00, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x0A},  // SHA3-512
};

// `curve id | host key field | algorithm [| host key type] | 00 | slot | hash id | signature field`.
Status send_signed(CommandChannel& channel, uint8_t extended_code,
                   std::span<const uint8_t, kP256PublicKeyBytes> host_public, std::span<const uint8_t> trailer,
                   const EcdheSignature& s) {
  const size_t half = signature_bytes(s.curve) / 2;
  if (half == 0 || s.signature.size() != 2 * half || static_cast<size_t>(s.hash) >= std::size(kHashIds)) {
    return Code::kInvalidArgument;
  }
  PayloadWriter w(channel.payload_buffer());
  w.bytes(kP256CurveId);
  append_p256_public_key_field(w, host_public);
  w.bytes(trailer).byte(kFiller).byte(s.slot);
  if (s.curve == EccCurve::kEd25519) {
    w.bytes(kEd25519HashId);
  } else {
    w.bytes(hash_algorithm_id(s.hash));
  }
  w.be16(static_cast<uint16_t>(half)).bytes(s.signature.first(half));
  w.be16(static_cast<uint16_t>(half)).bytes(s.signature.last(half));
  auto payload = w.finish();
  if (!payload.ok()) return payload.status();
  return channel.exchange(CommandHeader::extended(extended_code), *payload, expect_exactly(0)).status();
}
hal::EcCurve platform_curve(EccCurve curve) {
  switch (curve) {
    case EccCurve::kNistP256: return hal::EcCurve::kNistP256;
    case EccCurve::kNistP384: return hal::EcCurve::kNistP384;
    case EccCurve::kNistP521: return hal::EcCurve::kNistP521;
    case EccCurve::kBrainpoolP256r1: return hal::EcCurve::kBrainpoolP256r1;
    case EccCurve::kBrainpoolP384r1: return hal::EcCurve::kBrainpoolP384r1;
    case EccCurve::kBrainpoolP512r1: return hal::EcCurve::kBrainpoolP512r1;
    case EccCurve::kCurve25519: return hal::EcCurve::kX25519;
    case EccCurve::kEd25519: break;
  }
  return hal::EcCurve::kEd25519;
}
}  // namespace

Status check_signing_key(const EcdheSigningKey& key) {
  if (signature_bytes(key.curve) == 0 || key.private_key.size() != coordinate_bytes(key.curve)) {
    return Code::kInvalidArgument;
  }
  return Code::kOk;
}

Result<EcdheSignature> sign_ecdhe_tbs(hal::Crypto& crypto, const EcdheSigningKey& key, std::span<const uint8_t> tbs,
                                      std::span<uint8_t> signature) {
  KB_TRY(check_signing_key(key));
  if (signature.size() != signature_bytes(key.curve)) return Status(Code::kInvalidArgument);
  std::array<uint8_t, 32> digest{};
  std::span<const uint8_t> signed_bytes = tbs;
  if (key.curve != EccCurve::kEd25519) {
    if (crypto.sha256(tbs, digest) != hal::CryptoResult::kOk) return Status(Code::kCrypto);
    signed_bytes = digest;
  }
  if (crypto.ec_sign(platform_curve(key.curve), key.private_key, signed_bytes, signature) != hal::CryptoResult::kOk) {
    return Status(Code::kCrypto);
  }
  return EcdheSignature{key.slot, key.curve, SignatureHash::kSha256, signature};
}

std::span<const uint8_t> hash_algorithm_id(SignatureHash hash) {
  const auto i = static_cast<size_t>(hash);
  if (i >= std::size(kHashIds)) return {};
  return kHashIds[i];
}

std::array<uint8_t, kSignedEcdheTbsBytes> signed_ecdhe_tbs(std::span<const uint8_t, kP256PublicKeyBytes> host_public,
                                                           std::span<const uint8_t, kP256PublicKeyBytes> chip_public) {
  std::array<uint8_t, kSignedEcdheTbsBytes> tbs{};
  PayloadWriter w(tbs);
  w.bytes(kP256CurveId);
  append_p256_public_key_field(w, host_public);
  append_p256_public_key_field(w, chip_public);
  return tbs;
}

Status start_volatile_kek_session_signed(CommandChannel& channel,
                                         std::span<const uint8_t, kP256PublicKeyBytes> host_public,
                                         const EcdheSignature& signature) {
  const uint8_t trailer[] = {kAlgorithmVolatileKek};
  return send_signed(channel, extended_code::kStartVolatileKekSession, host_public, trailer, signature);
}

Status establish_host_key_signed(CommandChannel& channel, std::span<const uint8_t, kP256PublicKeyBytes> host_public,
                                 HostKeyType type, const EcdheSignature& signature) {
  const uint8_t trailer[] = {kAlgorithmEstablishHostKey, static_cast<uint8_t>(type)};
  return send_signed(channel, extended_code::kEstablishHostKeyV2, host_public, trailer, signature);
}

Status establish_symmetric_keys_signed(CommandChannel& channel,
                                       std::span<const uint8_t, kP256PublicKeyBytes> host_public,
                                       const EcdheSignature& signature) {
  const uint8_t trailer[] = {kAlgorithmEstablishSymmetricKeys};
  return send_signed(channel, extended_code::kEstablishSymmetricKeys, host_public, trailer, signature);
}

}  // namespace kb::core::stsafe::commands
