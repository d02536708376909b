// ECDH (0x43, fact sheet B6.2): the P-256 shared secret (x coordinate) of a private key (slot
// Param2, or TempKey with mode bit 0) and the 64-byte public key in the packet. Copy bits 2-3 send
// it to the output buffer, TempKey, or a slot; "compatible" mode 0x00 follows SlotConfig ReadKey
// bit 3 (slot N+1) and otherwise outputs it. Output bit 1 encrypts what is returned with the IO
// protection key: secret XOR SHA-256(IO key | first 16 bytes of a fresh nonce), followed by that
// 32-byte nonce (cryptoauthlib's decryption of ECDH/KDF output).
#include "simulator/atecc608a/chip_digest.h"
#include "simulator/atecc608a/chip_random.h"
#include "simulator/atecc608a/commands/handlers.h"
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
// ChipOptions (config 90-91): bit 1 IO protection key enabled, bits 12-15 its slot, bits 8-9 the
// ECDH protection (0 clear output allowed, 1 output must be encrypted, 2 output never leaves the
// chip) (inference: the sheet names the field, the values follow the 608 datasheet's scheme).
constexpr size_t kChipOptions = 90;
constexpr uint16_t kIoProtectionEnabled = 0x0002;
enum : uint8_t { kEcdhClearOk = 0, kEcdhEncryptOnly = 1, kEcdhStoredOnly = 2 };

uint16_t chip_options(const Eeprom& e) {
  return static_cast<uint16_t>(e.config()[kChipOptions] | e.config()[kChipOptions + 1] << 8);
}

Status store_in_slot(Eeprom& e, size_t slot, std::span<const uint8_t> secret) {
  if (slot >= kSlotCount || e.slot_locked(slot) || e.key_config(slot).is_private()) return Status::kExecutionError;
  e.write_slot(slot, 0, secret);
  return Status::kSuccess;
}

Reply output(CommandContext& context, std::span<const uint8_t> secret, bool encrypted) {
  const Eeprom& e = context.eeprom;
  const uint16_t options = chip_options(e);
  const uint8_t protection = (options >> 8) & 0x03;
  if (protection == kEcdhStoredOnly || (protection == kEcdhEncryptOnly && !encrypted)) {
    return Reply::status(Status::kExecutionError);
  }
  if (!encrypted) return Reply{{secret.begin(), secret.end()}};
  if ((options & kIoProtectionEnabled) == 0) return Reply::status(Status::kExecutionError);
  const size_t io_slot = options >> 12;
  const auto nonce = draw_random(context.eeprom, context.volatile_state, false);
  DigestMessage m;
  m.add(e.slot(io_slot).first(kBlockSize)).add(std::span<const uint8_t>(nonce).first(16));
  const Digest pad = m.sha256();
  Reply r;
  for (size_t i = 0; i < 32; ++i) r.payload.push_back(secret[i] ^ pad[i]);
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
