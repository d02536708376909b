// Symmetric keys agreed by ECDHE (fact sheet 2.5, 4.5):
//   Establish symmetric key (1F 04): curve id | host ephemeral public key field | 02 -> no payload
//     signed form: ... | 02 | 00 | public key slot | hash id | signature field (signed_ecdhe.h); the
//     confirmation then needs each target slot's ECDHE authentication key (control byte 2) to be
//     that slot instead of its "ECDHE anonymous" bit
//   Confirm symmetric keys  (1F 05): confirmation MAC (8) | record.. -> no payload,
//                                    record = info length (2, BE) | key info
// The chip keeps the ECDH secret between the two. Keys come from
// OKM = HKDF(salt, Z, info 12 13, 32 + sum of key lengths): OKM[0..31] is the AES-256 confirmation
// key, then one key per record in record order. The MAC is the first 8 bytes of AES-CMAC under the
// confirmation key of all records, length fields included.
#include <array>

#include "simulator/stsafe_a120/chip_crypto.h"
#include "simulator/stsafe_a120/commands/handlers.h"
#include "simulator/stsafe_a120/ecdhe.h"
#include "simulator/stsafe_a120/key_derivation.h"
#include "simulator/stsafe_a120/signed_ecdhe.h"
#include "simulator/stsafe_a120/symmetric_keys.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint8_t kAlgorithmEstablishSymmetricKey = 0x02;
constexpr size_t kAnonymousEstablishLength = kCurveIdLength + kP256PublicKeyFieldLength + 1;
constexpr size_t kConfirmationMacLength = 8;
constexpr size_t kConfirmationKeyLength = 32;
}  // namespace

Response run_establish_symmetric_key(CommandContext& context, std::span<const uint8_t> payload) {
  const Status curve = check_p256_curve_id(payload);
  if (curve != Status::kOk) return Response::error(curve);
  if (payload.size() < kAnonymousEstablishLength) return Response::error(Status::kInconsistentCommandData);
  if (payload[kAnonymousEstablishLength - 1] != kAlgorithmEstablishSymmetricKey) {
    return Response::error(Status::kValueOutOfRange);
  }
  auto host_key = parse_p256_public_key_field(payload.subspan(kCurveIdLength, kP256PublicKeyFieldLength));
  if (const Status* error = std::get_if<Status>(&host_key)) return Response::error(*error);
  std::optional<uint8_t> signer;
  if (payload.size() > kAnonymousEstablishLength) {
    // The signed form: the slot's key signed curve id | host key field | chip key field.
    const std::optional<EcdheKeyPair>& pair = context.volatile_state.ecdhe;
    if (!pair) return Response::error(Status::kSessionError);
    if (pair->curve != crypto::ec::Curve::kNistP256) return Response::error(Status::kValueOutOfRange);
    std::vector<uint8_t> tbs(payload.begin(),
                             payload.begin() + static_cast<std::ptrdiff_t>(kAnonymousEstablishLength - 1));
    for (uint8_t b : encode_p256_public_key_field(pair->public_xy)) tbs.push_back(b);
    auto checked = check_signed_ecdhe(context.state, SignedEcdheUse::kEstablishSymmetricKey,
                                      payload.subspan(kAnonymousEstablishLength), tbs);
    if (const Status* error = std::get_if<Status>(&checked)) return Response::error(*error);
    signer = std::get<uint8_t>(checked);
  }
  auto agreement = agree_with_ephemeral_key(context.volatile_state, std::get<std::vector<uint8_t>>(host_key));
  if (const Status* error = std::get_if<Status>(&agreement)) return Response::error(*error);
  context.volatile_state.key_establishment =
      PendingKeyEstablishment{std::get<EcdheAgreement>(agreement).shared_x, signer};
  return Response::ok();
}

Response run_confirm_symmetric_keys(CommandContext& context, std::span<const uint8_t> payload) {
  if (!context.volatile_state.key_establishment) return Response::error(Status::kSessionError);
  // One confirmation per establishment, whatever its outcome.
  const std::vector<uint8_t> z = std::move(context.volatile_state.key_establishment->shared_secret);
  const std::optional<uint8_t> signer = context.volatile_state.key_establishment->authenticated_by;
  context.volatile_state.key_establishment.reset();

  if (payload.size() <= kConfirmationMacLength) return Response::error(Status::kInconsistentCommandData);
  std::span<const uint8_t> mac = payload.first(kConfirmationMacLength);
  std::span<const uint8_t> records = payload.subspan(kConfirmationMacLength);

  std::vector<SymmetricKeyInfo> infos;
  std::array<bool, kSymmetricSlotCount> targeted{};
  size_t key_bytes = 0;
  for (std::span<const uint8_t> rest = records; !rest.empty();) {
    if (rest.size() < 2) return Response::error(Status::kInconsistentCommandData);
    const size_t length = static_cast<size_t>(rest[0] << 8 | rest[1]);
    if (rest.size() - 2 < length) return Response::error(Status::kInconsistentCommandData);
    auto parsed = parse_key_info(rest.subspan(2, length));
    if (const Status* error = std::get_if<Status>(&parsed)) return Response::error(*error);
    const ParsedKeyInfo& p = std::get<ParsedKeyInfo>(parsed);
    if (p.length != length) return Response::error(Status::kInconsistentCommandData);
    if (targeted[p.info.slot]) return Response::error(Status::kInconsistentCommandData);
    targeted[p.info.slot] = true;
    infos.push_back(p.info);
    key_bytes += symmetric_key_length(p.info);
    rest = rest.subspan(2 + length);
  }

  const std::vector<uint8_t> okm = derive_symmetric_key_material(z, kConfirmationKeyLength + key_bytes);
  const auto expected = chip_crypto::aes_cmac(std::span(okm).first(kConfirmationKeyLength), records);
  if (!chip_crypto::equal_in_constant_time(std::span(expected).first(kConfirmationMacLength), mac)) {
    return Response::error(Status::kInconsistentCommandData);
  }
  // Every record is checked before any slot is written, so a refusal leaves all slots as they were.
  for (const SymmetricKeyInfo& info : infos) {
    const Status allowed = check_symmetric_key_write(
        context.state, info,
        signer ? SymmetricProvisioning::kEcdheAuthenticated : SymmetricProvisioning::kEcdheAnonymous, signer);
    if (allowed != Status::kOk) return Response::error(allowed);
  }
  size_t offset = kConfirmationKeyLength;
  for (const SymmetricKeyInfo& info : infos) {
    const size_t n = symmetric_key_length(info);
    store_symmetric_key(context.store, info, std::span(okm).subspan(offset, n));
    offset += n;
  }
  return Response::ok();
}

}  // namespace kb::sim::stsafe_a120
