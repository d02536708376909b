#include "core/stsafe/commands/establish_symmetric_key.h"

#include <algorithm>

#include "core/stsafe/command_codes.h"
#include "core/stsafe/commands/kek_session.h"
#include "core/stsafe/commands/signed_ecdhe.h"
#include "core/stsafe/payload_writer.h"
#include "core/stsafe/wipe.h"

namespace kb::core::stsafe::commands {

namespace {

constexpr size_t kRecordBytesMax = 2 + kMaxKeyInfoBytes;

// `info_length (2, BE) | key info` for every info, in order.
size_t write_records(std::span<const SymmetricKeyInfo> infos, PayloadWriter& w) {
  const size_t start = w.size();
  for (const SymmetricKeyInfo& info : infos) {
    std::array<uint8_t, kMaxKeyInfoBytes> encoded{};
    const size_t length = info.encode(encoded);
    w.be16(static_cast<uint16_t>(length)).bytes(std::span<const uint8_t>(encoded).first(length));
  }
  return w.size() - start;
}

Status check_infos(std::span<const SymmetricKeyInfo> infos) {
  if (infos.empty() || infos.size() > kMaxEstablishedKeys) return Code::kInvalidArgument;
  for (const SymmetricKeyInfo& info : infos) {
    if (!info.valid()) return Code::kInvalidArgument;
  }
  return Code::kOk;
}

}  // namespace

size_t established_key_bytes(std::span<const SymmetricKeyInfo> infos) {
  size_t total = 0;
  for (const SymmetricKeyInfo& info : infos) total += info.key_length();
  return total;
}

Status confirmation_mac(hal::Crypto& crypto, std::span<const uint8_t, kConfirmationKeyBytes> confirmation_key,
                        std::span<const SymmetricKeyInfo> infos, std::span<uint8_t, kConfirmationMacBytes> out) {
  KB_TRY(check_infos(infos));
  std::array<uint8_t, kMaxEstablishedKeys * kRecordBytesMax> records{};
  PayloadWriter w(records);
  const size_t length = write_records(infos, w);
  std::array<uint8_t, 16> tag{};
  if (crypto.aes_cmac(confirmation_key, std::span<const uint8_t>(records).first(length), tag) !=
      hal::CryptoResult::kOk) {
    return Code::kCrypto;
  }
  std::copy_n(tag.begin(), kConfirmationMacBytes, out.begin());
  return Code::kOk;
}

namespace {

// The lent private key as a signer.
class LentKeySigner final : public EcdheSigner {
 public:
  LentKeySigner(hal::Crypto& crypto, const EcdheSigningKey& key) : crypto_(crypto), key_(key) {}
  Result<EcdheSignature> sign(std::span<const uint8_t> tbs, std::span<uint8_t> signature) override {
    return sign_ecdhe_tbs(crypto_, key_, tbs, signature.first(signature_bytes(key_.curve)));
  }

 private:
  hal::Crypto& crypto_;
  const EcdheSigningKey& key_;
};

// 1F 04, anonymous or signed by `signer` over the TBS of this exchange.
Status send_establish(CommandChannel& channel, const EcdheExchange& ecdhe, EcdheSigner* signer) {
  if (signer == nullptr) {
    const uint8_t algorithm[] = {kAlgorithmEstablishSymmetricKeys};
    return send_host_ephemeral_key(channel, extended_code::kEstablishSymmetricKeys, ecdhe.host_public, algorithm);
  }
  const auto tbs = signed_ecdhe_tbs(ecdhe.host_public, ecdhe.chip_public);
  std::array<uint8_t, kMaxSignatureBytes> buffer{};
  auto signature = signer->sign(tbs, buffer);
  if (!signature.ok()) return signature.status();
  return establish_symmetric_keys_signed(channel, ecdhe.host_public, *signature);
}

Status establish(CommandChannel& channel, hal::Crypto& crypto, std::span<const SymmetricKeyInfo> infos,
                 std::span<uint8_t> keys, EcdheSigner* signer) {
  KB_TRY(check_infos(infos));
  const size_t key_bytes = established_key_bytes(infos);
  if (keys.size() != key_bytes) return Code::kInvalidArgument;

  EcdheExchange ecdhe;
  KB_TRY(run_ecdhe(channel, crypto, ecdhe));
  KB_TRY(send_establish(channel, ecdhe, signer));

  std::array<uint8_t, kConfirmationKeyBytes + kMaxEstablishedKeys * 32> okm{};
  const std::span<uint8_t> used = std::span<uint8_t>(okm).first(kConfirmationKeyBytes + key_bytes);
  Status s = derive_symmetric_keys(crypto, ecdhe.shared_x, used);
  std::array<uint8_t, kConfirmationMacBytes> mac{};
  if (s.ok()) s = confirmation_mac(crypto, used.first<kConfirmationKeyBytes>(), infos, mac);
  if (s.ok()) {
    PayloadWriter w(channel.payload_buffer());
    w.bytes(mac);
    write_records(infos, w);
    auto payload = w.finish();
    s = payload.ok()
            ? channel
                  .exchange(CommandHeader::extended(extended_code::kConfirmSymmetricKeys), *payload, expect_exactly(0))
                  .status()
            : payload.status();
  }
  if (s.ok()) std::copy(used.begin() + kConfirmationKeyBytes, used.end(), keys.begin());
  wipe(okm);
  return s;
}

}  // namespace

Status establish_symmetric_keys(CommandChannel& channel, hal::Crypto& crypto, std::span<const SymmetricKeyInfo> infos,
                                std::span<uint8_t> keys) {
  return establish(channel, crypto, infos, keys, nullptr);
}

Status establish_symmetric_keys(CommandChannel& channel, hal::Crypto& crypto, std::span<const SymmetricKeyInfo> infos,
                                std::span<uint8_t> keys, const EcdheSigningKey& signer) {
  // Checked before 1F 0B, so a key that cannot sign sends nothing.
  KB_TRY(check_signing_key(signer));
  LentKeySigner lent(crypto, signer);
  return establish(channel, crypto, infos, keys, &lent);
}

Status establish_symmetric_keys(CommandChannel& channel, hal::Crypto& crypto, std::span<const SymmetricKeyInfo> infos,
                                std::span<uint8_t> keys, EcdheSigner& signer) {
  return establish(channel, crypto, infos, keys, &signer);
}

}  // namespace kb::core::stsafe::commands
