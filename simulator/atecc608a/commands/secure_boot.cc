// SecureBoot (0x80, fact sheet B6.2, B7.1 SecureBootConfig): checks a boot image digest against
// the ECDSA signature made with the public key in SecureBootConfig's PubKey slot.
//   Full (5):      digest + signature in the packet.
//   FullStore (6): digest only; with SecureBootMode FullDig it must equal the digest stored in the
//                  SigDig slot, with FullSig the stored signature is verified.
//   FullCopy (7):  digest + signature; on success the digest (FullDig) or the signature (FullSig)
//                  is stored in the SigDig slot, for later FullStore boots.
// Flag 0x80: the digest comes encrypted (XOR SHA-256(IO key | TempKey)) and a success answers a
// 32-byte MAC instead of 0x00. Flag 0x40: SecureBoot refuses until the next power cycle.
#include "simulator/atecc608a/commands/handlers.h"
#include "simulator/atecc608a/config_options.h"
#include "simulator/atecc608a/io_protection.h"
#include "simulator/atecc608a/p256.h"
#include "simulator/atecc608a/public_key_slot.h"
#include "simulator/atecc608a/symmetric.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kOpcode = 0x80;
constexpr uint8_t kModeMask = 0x07, kProhibit = 0x40, kEncryptedDigest = 0x80;
constexpr uint8_t kFull = 0x05, kFullStore = 0x06, kFullCopy = 0x07;
constexpr size_t kDigest = 32, kSignature = 64;

struct Outcome {
  Status status = Status::kSuccess;
  bool verified = false;
};

// The check itself, on the plain digest. signature is empty when the packet carries none.
Outcome check(Eeprom& e, uint8_t mode, std::span<const uint8_t, 32> digest, std::span<const uint8_t> signature) {
  const SecureBootConfig sb = secure_boot_config(e);
  const size_t stored_slot = sb.sig_dig_slot();
  const auto stored = e.slot(stored_slot);
  if (mode == kFullStore && sb.mode() == SecureBootConfig::kFullDig) {
    return {Status::kSuccess, std::equal(digest.begin(), digest.end(), stored.begin())};
  }
  const size_t key_slot = sb.pub_key_slot();
  if (!public_key_usable(e, key_slot)) return {Status::kExecutionError, false};
  std::array<uint8_t, 64> rs{};
  if (mode == kFullStore) {
    if (stored.size() < kSignature) return {Status::kExecutionError, false};
    std::copy(stored.begin(), stored.begin() + kSignature, rs.begin());
  } else {
    std::copy(signature.begin(), signature.end(), rs.begin());
  }
  const bool ok = p256::verify(stored_public_key(e, key_slot), digest, rs);
  if (ok && mode == kFullCopy) {
    const std::span<const uint8_t> keep = sb.mode() == SecureBootConfig::kFullDig ? std::span<const uint8_t>(digest)
                                                                                  : std::span<const uint8_t>(signature);
    if (keep.size() > stored.size()) return {Status::kExecutionError, false};
    e.write_slot(stored_slot, 0, keep);
  }
  return {Status::kSuccess, ok};
}
}  // namespace

Reply run_secure_boot(CommandContext& context, const CommandPacket& packet) {
  const uint8_t mode = packet.param1 & kModeMask;
  if ((packet.param1 & ~(kModeMask | kProhibit | kEncryptedDigest)) != 0 || mode < kFull || packet.param2 != 0) {
    return Reply::status(Status::kParseError);
  }
  Eeprom& e = context.eeprom;
  const SecureBootConfig sb = secure_boot_config(e);
  // Only FullStore with a stored signature or digest travels without a signature.
  const bool digest_only = mode == kFullStore;
  if (packet.data.size() != (digest_only ? kDigest : kDigest + kSignature)) return Reply::status(Status::kParseError);
  const bool stores = mode != kFull;
  if (!e.data_locked() || sb.mode() == SecureBootConfig::kDisabled || context.latches.secure_boot_prohibited ||
      (stores && sb.mode() == SecureBootConfig::kFullBoth)) {
    return Reply::status(Status::kExecutionError);
  }
  if ((packet.param1 & kProhibit) != 0) context.latches.secure_boot_prohibited = true;
  const std::span<const uint8_t> data(packet.data);
  const std::span<const uint8_t> signature = data.subspan(kDigest);
  std::array<uint8_t, 32> digest{};
  std::copy(data.begin(), data.begin() + kDigest, digest.begin());
  const bool encrypted = (packet.param1 & kEncryptedDigest) != 0;
  std::array<uint8_t, 32> hashed_key{};
  const TempKey& t = context.volatile_state.temp_key;
  if (encrypted) {
    const auto io_key = io_protection_key(e);
    // SecureBootConfig bit 4: the nonce in TempKey must come from the RNG.
    if (!io_key || !t.valid || (sb.rand_nonce() && !t.from_random)) return Reply::status(Status::kExecutionError);
    std::vector<uint8_t> material(io_key->begin(), io_key->end());
    material.insert(material.end(), t.value.begin(), t.value.begin() + 32);
    hashed_key = symmetric::sha256(material);
    for (size_t i = 0; i < kDigest; ++i) digest[i] ^= hashed_key[i];
  } else if (sb.rand_nonce()) {
    return Reply::status(Status::kExecutionError);
  }
  const Outcome outcome = check(e, mode, digest, signature);
  if (outcome.status != Status::kSuccess) return Reply::status(outcome.status);
  if (!outcome.verified) return Reply::status(Status::kMiscompare);
  if (sb.persistent_enable()) context.latches.persistent_latch = true;
  if (!encrypted) return Reply::ok();
  // MAC = SHA-256(hashed key | digest | signature unless FullStore+FullDig | opcode | mode | Param2).
  // Appended byte by byte: GCC 12 at -O3 reports a false -Wstringop-overflow for range inserts.
  std::vector<uint8_t> mac_input;
  for (uint8_t b : hashed_key) mac_input.push_back(b);
  for (uint8_t b : digest) mac_input.push_back(b);
  if (!(mode == kFullStore && sb.mode() == SecureBootConfig::kFullDig)) {
    const auto stored = e.slot(sb.sig_dig_slot());
    const std::span<const uint8_t> used = digest_only ? stored.first(kSignature) : signature;
    for (uint8_t b : used) mac_input.push_back(b);
  }
  for (uint8_t b :
       {kOpcode, packet.param1, static_cast<uint8_t>(packet.param2), static_cast<uint8_t>(packet.param2 >> 8)}) {
    mac_input.push_back(b);
  }
  const symmetric::Digest mac = symmetric::sha256(mac_input);
  return Reply{{mac.begin(), mac.end()}};
}

}  // namespace kb::sim::atecc608a
