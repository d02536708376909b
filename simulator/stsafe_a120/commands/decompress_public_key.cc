// Decompress public key (1F 1A, fact sheet 2.2; layout from STSELib stsafea_ecc.c):
//   curve id | point representation (1: 02 even Y, 03 odd Y) | X (coordinate size, no length)
//   -> Y (coordinate size, no length)
// On the NIST and Brainpool curves (SEC 1 2.3.4 on OpenSSL's EC_POINT). What the model answers
// where the fact sheet is silent (docs/fidelity.md):
//   * X25519 / Ed25519 (no Y to recover): WRONG_KEY_TYPE;
//   * a representation byte other than 02 / 03 (04 included: nothing to decompress): VALUE_OUT_OF_RANGE;
//   * X of another length than the curve's: INCONSISTENT_COMMAND_DATA;
//   * X not below p, or no point of the curve with that X: INVALID_PUBLIC_KEY.
#include "simulator/stsafe_a120/commands/handlers.h"
#include "simulator/stsafe_a120/curve_fields.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint8_t kEvenY = 0x02;
constexpr uint8_t kOddY = 0x03;
}  // namespace

Response run_decompress_public_key(CommandContext& /*context*/, std::span<const uint8_t> payload) {
  auto id = read_curve_id(payload);
  if (const Status* error = std::get_if<Status>(&id)) return Response::error(*error);
  const Curve curve = std::get<CurveIdField>(id).curve;
  const size_t at = std::get<CurveIdField>(id).length;
  if (payload.size() == at) return Response::error(Status::kInconsistentCommandData);
  if (!crypto::ec::is_weierstrass(curve)) return Response::error(Status::kWrongKeyType);
  const uint8_t representation = payload[at];
  if (representation != kEvenY && representation != kOddY) return Response::error(Status::kValueOutOfRange);
  const std::span<const uint8_t> x = payload.subspan(at + 1);
  const size_t n = crypto::ec::key_length(curve);
  if (x.size() != n) return Response::error(Status::kInconsistentCommandData);
  const std::optional<std::vector<uint8_t>> xy = crypto::ec::decompress_point(curve, x, representation == kOddY);
  if (!xy) return Response::error(Status::kInvalidPublicKey);
  return Response::ok(std::vector<uint8_t>(xy->begin() + static_cast<std::ptrdiff_t>(n), xy->end()));
}

}  // namespace kb::sim::stsafe_a120
