#include "core/stsafe/commands/kek_session.h"

#include <algorithm>

#include "core/stsafe/command_codes.h"
#include "core/stsafe/payload_writer.h"
#include "core/stsafe/wipe.h"

namespace kb::core::stsafe::commands {

namespace {
constexpr size_t kEcdheResponseBytes = kP256CurveId.size() + kP256PublicKeyFieldBytes;
}  // namespace

Status generate_ecdhe(CommandChannel& channel, std::span<uint8_t, kP256PublicKeyBytes> chip_public) {
  auto response = channel.exchange(CommandHeader::extended(extended_code::kGenerateEcdhe), kP256CurveId,
                                   expect_exactly(kEcdheResponseBytes));
  if (!response.ok()) return response.status();
  const std::span<const uint8_t> payload = response->payload;
  if (!std::equal(kP256CurveId.begin(), kP256CurveId.end(), payload.begin())) return Code::kResponseMalformed;
  return parse_p256_public_key_field(payload.subspan(kP256CurveId.size()), chip_public);
}

Status generate_ecdhe(CommandChannel& channel, EccCurve curve, std::span<uint8_t> chip_public) {
  if (curve == EccCurve::kEd25519 || chip_public.size() != public_key_bytes(curve)) return Code::kInvalidArgument;
  const std::span<const uint8_t> id = curve_id_field(curve);
  auto response = channel.exchange(CommandHeader::extended(extended_code::kGenerateEcdhe), id,
                                   expect_exactly(static_cast<uint16_t>(id.size() + public_key_field_bytes(curve))));
  if (!response.ok()) return response.status();
  const std::span<const uint8_t> payload = response->payload;
  if (!std::equal(id.begin(), id.end(), payload.begin())) return Code::kResponseMalformed;
  return parse_public_key_field(curve, payload.subspan(id.size()), chip_public);
}

Status send_host_ephemeral_key(CommandChannel& channel, uint8_t extended_code,
                               std::span<const uint8_t, kP256PublicKeyBytes> host_public,
                               std::span<const uint8_t> trailer) {
  PayloadWriter w(channel.payload_buffer());
  w.bytes(kP256CurveId);
  append_p256_public_key_field(w, host_public);
  w.bytes(trailer);
  auto payload = w.finish();
  if (!payload.ok()) return payload.status();
  return channel.exchange(CommandHeader::extended(extended_code), *payload, expect_exactly(0)).status();
}

Status start_volatile_kek_session(CommandChannel& channel, std::span<const uint8_t, kP256PublicKeyBytes> host_public) {
  const uint8_t algorithm[] = {kAlgorithmVolatileKek};
  return send_host_ephemeral_key(channel, extended_code::kStartVolatileKekSession, host_public, algorithm);
}

Status stop_volatile_kek_session(CommandChannel& channel) {
  return channel.exchange(CommandHeader::extended(extended_code::kStopVolatileKekSession), {}, expect_exactly(0))
      .status();
}

EcdheExchange::~EcdheExchange() {
  wipe(shared_x);
}

Status run_ecdhe(CommandChannel& channel, hal::Crypto& crypto, EcdheExchange& out) {
  std::array<uint8_t, kP256PrivateKeyBytes> host_private{};
  if (crypto.p256_generate(host_private, out.host_public) != hal::CryptoResult::kOk) {
    wipe(host_private);
    return Code::kCrypto;
  }
  Status s = generate_ecdhe(channel, out.chip_public);
  if (s.ok()) {
    const hal::CryptoResult r = crypto.p256_ecdh(host_private, out.chip_public, out.shared_x);
    if (r == hal::CryptoResult::kInvalidKey) {
      s = Code::kResponseMalformed;
    } else if (r != hal::CryptoResult::kOk) {
      s = Code::kCrypto;
    }
  }
  wipe(host_private);
  return s;
}

Status VolatileKekSession::start(CommandChannel& channel) {
  forget();
  EcdheExchange ecdhe;
  KB_TRY(run_ecdhe(channel, crypto_, ecdhe));
  KB_TRY(start_volatile_kek_session(channel, ecdhe.host_public));
  KB_TRY(derive_base_kek(crypto_, ecdhe.shared_x, ecdhe.chip_public, ecdhe.host_public, base_kek_));
  active_ = true;
  return Code::kOk;
}

Status VolatileKekSession::wrap(std::span<const uint8_t> in, std::span<uint8_t> out) {
  if (!active_) return Code::kNotProvisioned;
  if (in.size() < 16 || in.size() % 8 != 0 || out.size() != in.size() + 8) return Code::kInvalidArgument;
  if (k_ == UINT8_MAX) return Code::kUnsupported;
  ++k_;
  std::array<uint8_t, kKekBytes> working{};
  Status s = derive_working_kek(crypto_, base_kek_, k_, working);
  if (s.ok() && crypto_.aes_key_wrap(working, in, out) != hal::CryptoResult::kOk) s = Code::kCrypto;
  wipe(working);
  return s;
}

Status VolatileKekSession::stop(CommandChannel& channel) {
  forget();
  return stop_volatile_kek_session(channel);
}

void VolatileKekSession::forget() {
  wipe(base_kek_);
  active_ = false;
  k_ = 0;
}

}  // namespace kb::core::stsafe::commands
