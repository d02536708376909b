// Verify signature (0x17, fact sheet 2.5), with a public key the host supplies (subject 00) or the
// key of a generic public key slot (subject 01):
//   00 | curve id | public key field | signature field | [EdDSA variant (1), Ed25519 only] |
//   message length (2, BE) | message  ->  validity (1: 01 valid, 00 invalid)
//   01 | public key slot | signature field | [EdDSA variant, Ed25519 slot only] | message length | message
// ST's library sends subject 00 only; subject 01 is an **inference** (the A100/A110 library's
// subject 01 verifies against the chip's public key slot; the A120 keeps generic slots, so the slot
// number takes the place of the curve and key). The frame is walked by its own length fields. What
// the model answers for the edge cases (fact sheet silent, see docs/fidelity.md):
//   * a signature that is well framed but not a valid one — R or S of another length than the
//     curve's, r or s zero or not below n, S not below L (Ed25519), or simply wrong: status OK,
//     validity 00;
//   * a public key whose coordinates are not the curve's length: INCONSISTENT_COMMAND_DATA; one
//     that is no point of the curve: INVALID_PUBLIC_KEY;
//   * a slot beyond the table: VALUE_OUT_OF_RANGE; an empty one: KEY_NOT_FOUND; an X25519 key:
//     WRONG_KEY_TYPE (no flag of 0x4C governs plain signature verification, so any slot serves);
//   * fields that run past the end, or bytes left after the message: INCONSISTENT_COMMAND_DATA.
#include "simulator/stsafe_a120/commands/handlers.h"
#include "simulator/stsafe_a120/curve_fields.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint8_t kSubjectHostKey = 0x00;
constexpr uint8_t kSubjectSlotKey = 0x01;
constexpr size_t kMaxDigestLength = 64;  // as Generate signature
constexpr uint8_t kValid = 0x01;
constexpr uint8_t kInvalid = 0x00;

// Reads `len(2) | value` at `at`; nullopt when it runs past the end.
std::optional<std::span<const uint8_t>> length_prefixed(std::span<const uint8_t> bytes, size_t& at) {
  if (bytes.size() - at < 2) return std::nullopt;
  const size_t length = static_cast<size_t>(bytes[at] << 8 | bytes[at + 1]);
  if (bytes.size() - at - 2 < length) return std::nullopt;
  const std::span<const uint8_t> value = bytes.subspan(at + 2, length);
  at += 2 + length;
  return value;
}
}  // namespace

Response run_verify_signature(CommandContext& context, std::span<const uint8_t> payload) {
  if (payload.empty()) return Response::error(Status::kInconsistentCommandData);
  if (payload[0] != kSubjectHostKey && payload[0] != kSubjectSlotKey) return Response::error(Status::kValueOutOfRange);
  size_t at = 1;
  Curve curve = Curve::kNistP256;
  std::span<const uint8_t> key_field;
  const PublicKeySlot* slot_key = nullptr;
  if (payload[0] == kSubjectHostKey) {
    auto id = read_curve_id(payload.subspan(at));
    if (const Status* error = std::get_if<Status>(&id)) return Response::error(*error);
    curve = std::get<CurveIdField>(id).curve;
    at += std::get<CurveIdField>(id).length;
    if (!crypto::ec::can_sign(curve)) return Response::error(Status::kWrongKeyType);
    const std::optional<size_t> key_extent = public_key_field_extent(curve, payload.subspan(at));
    if (!key_extent) return Response::error(Status::kInconsistentCommandData);
    key_field = payload.subspan(at, *key_extent);
    at += *key_extent;
  } else {
    if (payload.size() < 2) return Response::error(Status::kInconsistentCommandData);
    auto found = find_public_key(context.state.public_keys, payload[1]);
    if (const Status* error = std::get_if<Status>(&found)) return Response::error(*error);
    slot_key = std::get<const PublicKeySlot*>(found);
    curve = slot_key->curve;
    at = 2;
    if (!crypto::ec::can_sign(curve)) return Response::error(Status::kWrongKeyType);
  }
  const std::optional<std::span<const uint8_t>> r = length_prefixed(payload, at);
  const std::optional<std::span<const uint8_t>> s = r ? length_prefixed(payload, at) : std::nullopt;
  if (!s) return Response::error(Status::kInconsistentCommandData);
  if (curve == Curve::kEd25519) {
    if (at == payload.size()) return Response::error(Status::kInconsistentCommandData);
    // Only pure Ed25519 (variant 0) is modelled.
    if (payload[at++] != 0x00) return Response::error(Status::kValueOutOfRange);
  }
  const std::optional<std::span<const uint8_t>> message = length_prefixed(payload, at);
  if (!message || at != payload.size()) return Response::error(Status::kInconsistentCommandData);
  const bool ecdsa = crypto::ec::is_weierstrass(curve);
  if (ecdsa && (message->empty() || message->size() > kMaxDigestLength)) {
    return Response::error(Status::kValueOutOfRange);
  }

  std::vector<uint8_t> public_key;
  if (slot_key != nullptr) {
    public_key = slot_key->public_key;
  } else {
    auto parsed = parse_public_key_field(curve, key_field);
    if (const Status* error = std::get_if<Status>(&parsed)) return Response::error(*error);
    public_key = std::move(std::get<std::vector<uint8_t>>(parsed));
  }
  const bool valid = crypto::ec::verify(curve, public_key, *message, *r, *s);
  return Response::ok({valid ? kValid : kInvalid});
}

}  // namespace kb::sim::stsafe_a120
