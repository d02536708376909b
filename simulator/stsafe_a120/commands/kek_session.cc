// The chip's ephemeral key and the volatile KEK session (fact sheet 2.5, 4.1):
//   Generate ECDHE (1F 0B): curve id -> curve id | public key field (every curve but Ed25519)
//   Start volatile KEK session (1F 03): curve id | host public key field | 01 -> no payload
//     signed form: ... | 01 | 00 | public key slot | hash id | signature field (signed_ecdhe.h); the
//     session remembers the slot, and the wrapped writes check it against their control fields
//   Stop volatile KEK session (1F 06): no payload either way
#include "simulator/stsafe_a120/commands/handlers.h"
#include "simulator/stsafe_a120/curve_fields.h"
#include "simulator/stsafe_a120/ecdhe.h"
#include "simulator/stsafe_a120/key_derivation.h"
#include "simulator/stsafe_a120/private_key_use.h"
#include "simulator/stsafe_a120/signed_ecdhe.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint8_t kAlgorithmKekSession = 0x01;
constexpr size_t kAnonymousStartLength = kCurveIdLength + kP256PublicKeyFieldLength + 1;
}  // namespace

// On every curve with a key agreement (fact sheet 2.4; Ed25519 has none). The key comes from the
// chip's random stream (draw_private_key persists the counter before the key is used, so no two
// key pairs ever come from the same stream block), or from the test hook on P-256.
Response run_generate_ecdhe(CommandContext& context, std::span<const uint8_t> payload) {
  auto id = read_curve_id(payload);
  if (const Status* error = std::get_if<Status>(&id)) return Response::error(*error);
  const Curve curve = std::get<CurveIdField>(id).curve;
  if (payload.size() != std::get<CurveIdField>(id).length) return Response::error(Status::kInconsistentCommandData);
  if (!crypto::ec::can_agree(curve)) return Response::error(Status::kValueOutOfRange);

  VolatileState& vs = context.volatile_state;
  std::vector<uint8_t> private_key;
  if (curve == Curve::kNistP256 && vs.next_ecdhe_private_key) {
    private_key = std::move(*vs.next_ecdhe_private_key);
    vs.next_ecdhe_private_key.reset();
  } else {
    private_key = draw_private_key(context, curve);
  }
  std::optional<std::vector<uint8_t>> public_key = crypto::ec::public_key(curve, private_key);
  if (!public_key) {
    wipe_bytes(private_key);
    return Response::error(Status::kUnexpectedError);
  }
  const std::span<const uint8_t> curve_field = curve_id_field(curve);
  std::vector<uint8_t> out(curve_field.begin(), curve_field.end());
  const std::vector<uint8_t> field = encode_public_key_field(curve, *public_key);
  out.insert(out.end(), field.begin(), field.end());
  // A new pair replaces any unused one (whose key is wiped).
  if (vs.ecdhe) wipe_bytes(vs.ecdhe->private_key);
  vs.ecdhe = EcdheKeyPair{std::move(private_key), std::move(*public_key), curve};
  return Response::ok(std::move(out));
}

Response run_start_volatile_kek_session(CommandContext& context, std::span<const uint8_t> payload) {
  const Status curve = check_p256_curve_id(payload);
  if (curve != Status::kOk) return Response::error(curve);
  if (payload.size() < kAnonymousStartLength) return Response::error(Status::kInconsistentCommandData);
  if (payload[kAnonymousStartLength - 1] != kAlgorithmKekSession) return Response::error(Status::kValueOutOfRange);
  auto host_key = parse_p256_public_key_field(payload.subspan(kCurveIdLength, kP256PublicKeyFieldLength));
  if (const Status* error = std::get_if<Status>(&host_key)) return Response::error(*error);
  const std::vector<uint8_t>& host_xy = std::get<std::vector<uint8_t>>(host_key);
  std::optional<uint8_t> signer;
  if (payload.size() > kAnonymousStartLength) {
    // The signed form: the slot's key signed curve id | host key field | chip key field.
    const std::optional<EcdheKeyPair>& pair = context.volatile_state.ecdhe;
    if (!pair) return Response::error(Status::kSessionError);
    if (pair->curve != Curve::kNistP256) return Response::error(Status::kValueOutOfRange);
    std::vector<uint8_t> tbs(payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(kAnonymousStartLength - 1));
    for (uint8_t b : encode_p256_public_key_field(pair->public_xy)) tbs.push_back(b);
    auto checked = check_signed_ecdhe(context.state, SignedEcdheUse::kStartVolatileKekSession,
                                      payload.subspan(kAnonymousStartLength), tbs);
    if (const Status* error = std::get_if<Status>(&checked)) return Response::error(*error);
    signer = std::get<uint8_t>(checked);
  }
  auto agreement = agree_with_ephemeral_key(context.volatile_state, host_xy);
  if (const Status* error = std::get_if<Status>(&agreement)) return Response::error(*error);
  const EcdheAgreement& a = std::get<EcdheAgreement>(agreement);
  // A new session replaces the old one, its working-KEK count starting again.
  context.volatile_state.kek_session = KekSession{derive_base_kek(a.shared_x, a.chip_public_xy, host_xy), 0, signer};
  return Response::ok();
}

Response run_stop_volatile_kek_session(CommandContext& context, std::span<const uint8_t> payload) {
  if (!payload.empty()) return Response::error(Status::kInconsistentCommandData);
  // Stopping when no session is open is not an error: the outcome the host asked for holds.
  context.volatile_state.kek_session.reset();
  return Response::ok();
}

}  // namespace kb::sim::stsafe_a120
