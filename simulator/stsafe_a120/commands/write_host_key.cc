// The three ways to write the host key slot V2 (fact sheet 2.5, 2.6, 4.2, 4.4):
//   Write host key V2 plaintext (1F 07): 00 00 00 | key type | MAC key | cipher key
//   Write host key V2 wrapped   (1F 08): envelope = RFC 3394 wrap, under the KEK session's next
//                                        working KEK, of 00 00 00 | key type | MAC key | cipher key | 80 00 00 00
//   Establish host key V2       (1F 18): curve id | host ephemeral public key field | 03 | key type
//                                        [| 00 | public key slot | hash id | signature field]
// Each is allowed by its own control field bit; all write both keys at once with the C-MAC
// counter back at 0 (fact sheet 8.6). The signed methods (a KEK session started with a
// signature, the signed 1F 18) need the slot that signed to be the control fields' byte 1
// ("wrapped / DH-derived authentication key", fact sheet 2.6) and its 0x4C flag (signed_ecdhe.h).
#include <algorithm>

#include "simulator/stsafe_a120/commands/handlers.h"
#include "simulator/stsafe_a120/ecdhe.h"
#include "simulator/stsafe_a120/kek_unwrap.h"
#include "simulator/stsafe_a120/key_derivation.h"
#include "simulator/stsafe_a120/signed_ecdhe.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr size_t kPrefixLength = 4;  // three zero bytes and the key type
constexpr uint8_t kEnvelopeTrailer[] = {0x80, 0x00, 0x00, 0x00};
constexpr size_t kWrapOverhead = 8;
constexpr uint8_t kAlgorithmEstablishHostKey = 0x03;
constexpr size_t kAnonymousEstablishLength = kCurveIdLength + kP256PublicKeyFieldLength + 2;

// The host key in "00 00 00 | type | MAC key | cipher key" form, or the status for a malformed one.
std::variant<HostKeySlot, Status> parse_host_keys(std::span<const uint8_t> bytes) {
  if (bytes.size() < kPrefixLength) return Status::kInconsistentCommandData;
  if (bytes[0] != 0 || bytes[1] != 0 || bytes[2] != 0) return Status::kValueOutOfRange;
  if (bytes[3] > static_cast<uint8_t>(HostKeyType::kAes256)) return Status::kValueOutOfRange;
  HostKeySlot slot;
  slot.present = true;
  slot.type = static_cast<HostKeyType>(bytes[3]);
  const auto n = static_cast<std::ptrdiff_t>(host_key_length(slot.type));
  if (bytes.size() != kPrefixLength + 2 * static_cast<size_t>(n)) return Status::kInconsistentCommandData;
  std::span<const uint8_t> keys = bytes.subspan(kPrefixLength);
  slot.mac_key.assign(keys.begin(), keys.begin() + n);
  slot.cipher_key.assign(keys.begin() + n, keys.end());
  return slot;
}

// The write itself, once the method is known to be allowed.
Response write_host_key(CommandContext& context, HostKeySlot slot) {
  if (context.state.host_key.present && !context.state.host_key_control.reprovision) {
    return Response::error(Status::kAccessConditionNotSatisfied);
  }
  // A new key starts a new C-MAC sequence (fact sheet 8.6).
  slot.cmac_counter = 0;
  context.store.write_host_key(slot);
  return Response::ok();
}
}  // namespace

Response run_write_host_key_v2_plaintext(CommandContext& context, std::span<const uint8_t> payload) {
  // Form first, then authorisation: a malformed frame is reported as such whatever the fields say.
  auto keys = parse_host_keys(payload);
  if (const Status* error = std::get_if<Status>(&keys)) return Response::error(*error);
  if (!context.state.host_key_control.plaintext) return Response::error(Status::kCommandNotAuthorized);
  return write_host_key(context, std::get<HostKeySlot>(keys));
}

Response run_write_host_key_v2_wrapped(CommandContext& context, std::span<const uint8_t> payload) {
  const size_t aes128 = kPrefixLength + 2 * 16 + sizeof kEnvelopeTrailer + kWrapOverhead;
  const size_t aes256 = kPrefixLength + 2 * 32 + sizeof kEnvelopeTrailer + kWrapOverhead;
  if (payload.size() != aes128 && payload.size() != aes256) return Response::error(Status::kInconsistentCommandData);
  auto unwrapped = unwrap_with_next_working_kek(context.volatile_state, payload);
  if (const Status* error = std::get_if<Status>(&unwrapped)) return Response::error(*error);
  std::span<const uint8_t> plain = std::get<std::vector<uint8_t>>(unwrapped);
  if (!std::equal(std::begin(kEnvelopeTrailer), std::end(kEnvelopeTrailer), plain.end() - sizeof kEnvelopeTrailer)) {
    return Response::error(Status::kInconsistentCommandData);
  }
  auto keys = parse_host_keys(plain.first(plain.size() - sizeof kEnvelopeTrailer));
  if (const Status* error = std::get_if<Status>(&keys)) return Response::error(*error);
  // An anonymous session needs the anonymous bit; a signed one the control fields' key slot.
  const HostKeyControl& control = context.state.host_key_control;
  const std::optional<uint8_t> signer = context.volatile_state.kek_session->authenticated_by;
  if (signer ? control.authentication_key_slot != *signer : !control.wrapped_anonymous) {
    return Response::error(Status::kCommandNotAuthorized);
  }
  return write_host_key(context, std::get<HostKeySlot>(keys));
}

Response run_establish_host_key_v2(CommandContext& context, std::span<const uint8_t> payload) {
  const Status curve = check_p256_curve_id(payload);
  if (curve != Status::kOk) return Response::error(curve);
  if (payload.size() < kAnonymousEstablishLength) return Response::error(Status::kInconsistentCommandData);
  const uint8_t algorithm = payload[kAnonymousEstablishLength - 2];
  const uint8_t key_type = payload[kAnonymousEstablishLength - 1];
  if (algorithm != kAlgorithmEstablishHostKey || key_type > static_cast<uint8_t>(HostKeyType::kAes256)) {
    return Response::error(Status::kValueOutOfRange);
  }
  auto host_key = parse_p256_public_key_field(payload.subspan(kCurveIdLength, kP256PublicKeyFieldLength));
  if (const Status* error = std::get_if<Status>(&host_key)) return Response::error(*error);
  const HostKeyControl& control = context.state.host_key_control;
  if (payload.size() > kAnonymousEstablishLength) {
    // The signed form: the slot's key signed curve id | host key field | chip key field, and the
    // control fields name that slot.
    const std::optional<EcdheKeyPair>& pair = context.volatile_state.ecdhe;
    if (!pair) return Response::error(Status::kSessionError);
    if (pair->curve != crypto::ec::Curve::kNistP256) return Response::error(Status::kValueOutOfRange);
    std::vector<uint8_t> tbs(payload.begin(),
                             payload.begin() + static_cast<std::ptrdiff_t>(kCurveIdLength + kP256PublicKeyFieldLength));
    for (uint8_t b : encode_p256_public_key_field(pair->public_xy)) tbs.push_back(b);
    auto checked = check_signed_ecdhe(context.state, SignedEcdheUse::kEstablishHostKey,
                                      payload.subspan(kAnonymousEstablishLength), tbs);
    if (const Status* error = std::get_if<Status>(&checked)) return Response::error(*error);
    if (control.authentication_key_slot != std::get<uint8_t>(checked)) {
      return Response::error(Status::kCommandNotAuthorized);
    }
  } else if (!control.wrapped_anonymous) {
    // Fact sheet 8.18: no control bit is named for anonymous establishment; "wrapped anonymous" is.
    return Response::error(Status::kCommandNotAuthorized);
  }
  if (context.state.host_key.present && !control.reprovision) {
    return Response::error(Status::kAccessConditionNotSatisfied);
  }

  const std::vector<uint8_t>& host_xy = std::get<std::vector<uint8_t>>(host_key);
  auto agreement = agree_with_ephemeral_key(context.volatile_state, host_xy);
  if (const Status* error = std::get_if<Status>(&agreement)) return Response::error(*error);
  const EcdheAgreement& a = std::get<EcdheAgreement>(agreement);
  HostKeySlot slot;
  slot.present = true;
  slot.type = static_cast<HostKeyType>(key_type);
  const size_t n = host_key_length(slot.type);
  const std::vector<uint8_t> okm = derive_host_keys(a.shared_x, host_xy, a.chip_public_xy, n);
  slot.mac_key.assign(okm.begin(), okm.begin() + static_cast<std::ptrdiff_t>(n));
  slot.cipher_key.assign(okm.begin() + static_cast<std::ptrdiff_t>(n), okm.end());
  return write_host_key(context, std::move(slot));
}

}  // namespace kb::sim::stsafe_a120
