// Writing a symmetric key slot (fact sheet 2.5, 2.8, 4.3); the slot number is inside the key info.
//   Write symmetric key plaintext (1F 17): key info | key
//   Write symmetric key wrapped   (1F 09): envelope = RFC 3394 wrap, under the KEK session's next
//                                          working KEK, of key info | key | 80 00.. (1 to 8 padding bytes)
#include "simulator/stsafe_a120/commands/handlers.h"
#include "simulator/stsafe_a120/kek_unwrap.h"
#include "simulator/stsafe_a120/symmetric_keys.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint8_t kPaddingStart = 0x80;
constexpr size_t kMaxPadding = 8;

// key info | key, exactly; then the slot's rules for method.
Response write_key(CommandContext& context, std::span<const uint8_t> bytes, SymmetricProvisioning method,
                   std::optional<uint8_t> signer = std::nullopt) {
  auto parsed = parse_key_info(bytes);
  if (const Status* error = std::get_if<Status>(&parsed)) return Response::error(*error);
  const ParsedKeyInfo& p = std::get<ParsedKeyInfo>(parsed);
  std::span<const uint8_t> key = bytes.subspan(p.length);
  if (key.size() != symmetric_key_length(p.info)) return Response::error(Status::kInconsistentCommandData);
  const Status allowed = check_symmetric_key_write(context.state, p.info, method, signer);
  if (allowed != Status::kOk) return Response::error(allowed);
  store_symmetric_key(context.store, p.info, key);
  return Response::ok();
}

// The envelope's plaintext without its 80 00.. padding, or nothing when the padding is malformed.
std::optional<std::span<const uint8_t>> strip_padding(std::span<const uint8_t> plain) {
  for (size_t n = 1; n <= kMaxPadding && n <= plain.size(); ++n) {
    const uint8_t b = plain[plain.size() - n];
    if (b == kPaddingStart) return plain.first(plain.size() - n);
    if (b != 0x00) return std::nullopt;
  }
  return std::nullopt;
}
}  // namespace

Response run_write_symmetric_key_plaintext(CommandContext& context, std::span<const uint8_t> payload) {
  return write_key(context, payload, SymmetricProvisioning::kPlaintext);
}

Response run_write_symmetric_key_wrapped(CommandContext& context, std::span<const uint8_t> payload) {
  // RFC 3394 wraps at least two 8-byte blocks; the smallest envelope (ECB info + AES-128 key +
  // padding) is three.
  if (payload.size() % 8 != 0 || payload.size() < 24) return Response::error(Status::kInconsistentCommandData);
  auto unwrapped = unwrap_with_next_working_kek(context.volatile_state, payload);
  if (const Status* error = std::get_if<Status>(&unwrapped)) return Response::error(*error);
  const std::optional<std::span<const uint8_t>> body = strip_padding(std::get<std::vector<uint8_t>>(unwrapped));
  if (!body) return Response::error(Status::kInconsistentCommandData);
  // A signed session's signer must be the slot's wrapped authentication key (control byte 1).
  const std::optional<uint8_t> signer = context.volatile_state.kek_session->authenticated_by;
  return write_key(context, *body,
                   signer ? SymmetricProvisioning::kWrappedAuthenticated : SymmetricProvisioning::kWrappedAnonymous,
                   signer);
}

}  // namespace kb::sim::stsafe_a120
