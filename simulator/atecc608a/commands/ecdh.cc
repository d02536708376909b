// ECDH (0x43, fact sheet B6.2): the P-256 shared secret (x coordinate) of a private key (slot
// Param2, or TempKey with mode bit 0) and the 64-byte public key in the packet. Copy bits 2-3 send
// it to the output buffer, TempKey, or a slot; "compatible" mode 0x00 follows SlotConfig ReadKey
// bit 3 (slot N+1) and otherwise outputs it. Output bit 1 encrypts what is returned with the IO
// protection key: secret XOR SHA-256(IO key | first 16 bytes of a fresh nonce), followed by that
// 32-byte nonce (cryptoauthlib's decryption of ECDH/KDF output).
#include "simulator/atecc608a/chip_digest.h"
#include "simulator/atecc608a/chip_random.h"
#include "simulator/atecc608a/commands/handlers.h"
#include "simulator/atecc608a/config_options.h"
#include "simulator/atecc608a/io_protection.h"
#include "simulator/atecc608a/key_use.h"
#include "simulator/atecc608a/p256.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kSourceTempKey = 0x01;
constexpr uint8_t kEncryptedOutput = 0x02;
constexpr uint8_t kCopyMask = 0x0C;
constexpr uint8_t kCopyCompatible = 0x00, kCopySlot = 0x04, kCopyTempKey = 0x08;
constexpr uint8_t kAllowedBits = kSourceTempKey | kEncryptedOutput | kCopyMask;
constexpr uint16_t kTempKeySlot = 0xFFFF;
enum : uint8_t { kEcdhClearOk = 0, kEcdhEncryptOnly = 1, kEcdhStoredOnly = 2 };

Status store_in_slot(Eeprom& e, size_t slot, std::span<const uint8_t> secret) {
  if (slot >= kSlotCount || e.slot_locked(slot) || e.key_config(slot).is_private()) return Status::kExecutionError;
  e.write_slot(slot, 0, secret);
  return Status::kSuccess;
}

// The x coordinate in the clear, or XORed through the IO protection key (io_protection.h) with
// the 32-byte nonce after it, as ChipOptions' ECDH protection allows.
Reply output(CommandContext& context, std::span<const uint8_t> secret, bool encrypted) {
  const Eeprom& e = context.eeprom;
  const uint8_t protection = chip_options(e).ecdh_protection();
  if (protection == kEcdhStoredOnly || protection > kEcdhStoredOnly || (protection == kEcdhEncryptOnly && !encrypted)) {
    return Reply::status(Status::kExecutionError);
  }
  if (!encrypted) return Reply{{secret.begin(), secret.end()}};
  const auto key = io_protection_key(e);
  if (!key) return Reply::status(Status::kExecutionError);
  const auto nonce = draw_random(context.eeprom, context.volatile_state, false);
  Reply r{{secret.begin(), secret.begin() + 32}};
  io_protect(r.payload, *key, nonce);
  for (uint8_t b : nonce) r.payload.push_back(b);
  return r;
}
}  // namespace

Reply run_ecdh(CommandContext& context, const CommandPacket& packet) {
  const uint8_t mode = packet.param1;
  if ((mode & ~kAllowedBits) != 0 || packet.data.size() != 64 ||
      (packet.param2 >= kSlotCount && packet.param2 != kTempKeySlot)) {
    return Reply::status(Status::kParseError);
  }
  Eeprom& e = context.eeprom;
  TempKey& t = context.volatile_state.temp_key;
  const bool from_temp_key = (mode & kSourceTempKey) != 0;
  const uint8_t copy = mode & kCopyMask;
  if (!e.data_locked()) return Reply::status(Status::kExecutionError);
  std::span<const uint8_t> private_key;
  bool to_next_slot = false;
  if (from_temp_key) {
    // Only a key GenKey left in TempKey will do; Param2 then names the slot a copy goes to.
    if (!t.valid || !t.holds_private_key) return Reply::status(Status::kExecutionError);
    private_key = std::span<const uint8_t>(t.value.data(), 32);
  } else {
    if (packet.param2 == kTempKeySlot) return Reply::status(Status::kExecutionError);
    const size_t slot = packet.param2;
    const KeyConfig kc = e.key_config(slot);
    const SlotConfig sc = e.slot_config(slot);
    // ReadKey bit 2 allows ECDH with an ECC private key; bit 3 sends the result to slot N+1.
    if (!kc.is_private() || kc.key_type() != static_cast<uint8_t>(KeyType::kP256) || (sc.read_key() & 0x04) == 0) {
      return Reply::status(Status::kExecutionError);
    }
    to_next_slot = copy == kCopySlot || (copy == kCopyCompatible && (sc.read_key() & 0x08) != 0);
    if (to_next_slot && (slot + 1 >= kSlotCount || e.slot_locked(slot + 1)))
      return Reply::status(Status::kExecutionError);
    if (const Status s = use_key(context, KeyUse{slot, false}); s != Status::kSuccess) return Reply::status(s);
    private_key = e.slot(slot).subspan(4, 32);
  }
  const auto secret = p256::shared_x(private_key, packet.data);
  if (!secret) return Reply::status(Status::kExecutionError);  // bad public key or no valid key
  if (to_next_slot) return Reply::status(store_in_slot(e, packet.param2 + 1u, *secret));
  if (from_temp_key && copy == kCopySlot) {
    if (packet.param2 == kTempKeySlot) return Reply::status(Status::kExecutionError);
    return Reply::status(store_in_slot(e, packet.param2, *secret));
  }
  if (copy == kCopyTempKey) {
    t = TempKey{};
    std::copy(secret->begin(), secret->end(), t.value.begin());
    t.valid = true;
    return Reply::ok();
  }
  return output(context, *secret, (mode & kEncryptedOutput) != 0);
}

}  // namespace kb::sim::atecc608a
