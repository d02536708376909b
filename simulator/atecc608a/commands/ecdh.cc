// ECDH (0x43, fact sheet B6.2): the P-256 shared secret (x coordinate) of the private key in slot
// Param2 and the 64-byte public key in the packet, returned in the clear, kept in TempKey, or
// written to slot N+1 (the "compatible" copy mode with SlotConfig ReadKey bit 3).
#include "simulator/atecc608a/commands/handlers.h"
#include "simulator/atecc608a/p256.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kSourceTempKey = 0x01;
constexpr uint8_t kEncryptedOutput = 0x02;
constexpr uint8_t kCopyMask = 0x0C;
// 0x0C (output buffer) and compatible mode without ReadKey bit 3 both return the secret.
constexpr uint8_t kCopyCompatible = 0x00, kCopySlot = 0x04, kCopyTempKey = 0x08;
constexpr uint8_t kAllowedBits = kSourceTempKey | kEncryptedOutput | kCopyMask;
constexpr uint16_t kTempKeySlot = 0xFFFF;
}  // namespace

Reply run_ecdh(CommandContext& context, const CommandPacket& packet) {
  const uint8_t mode = packet.param1;
  if ((mode & ~kAllowedBits) != 0 || packet.data.size() != 64 ||
      (packet.param2 >= kSlotCount && packet.param2 != kTempKeySlot)) {
    return Reply::status(Status::kParseError);
  }
  // A private key in TempKey, encrypted output and the explicit slot copy are not modelled yet.
  const uint8_t copy = mode & kCopyMask;
  if ((mode & (kSourceTempKey | kEncryptedOutput)) != 0 || packet.param2 == kTempKeySlot || copy == kCopySlot) {
    return Reply::status(Status::kExecutionError);
  }
  Eeprom& e = context.eeprom;
  const size_t slot = packet.param2;
  const KeyConfig kc = e.key_config(slot);
  const SlotConfig sc = e.slot_config(slot);
  // ReadKey bit 2 allows ECDH with an ECC private key; bit 3 sends the result to slot N+1.
  const bool ecdh_allowed = (sc.read_key() & 0x04) != 0;
  const bool to_next_slot = copy == kCopyCompatible && (sc.read_key() & 0x08) != 0;
  if (!e.data_locked() || !kc.is_private() || kc.key_type() != static_cast<uint8_t>(KeyType::kP256) || !ecdh_allowed ||
      (to_next_slot && (slot + 1 >= kSlotCount || e.slot_locked(slot + 1)))) {
    return Reply::status(Status::kExecutionError);
  }
  const auto secret = p256::shared_x(e.slot(slot).subspan(4, 32), packet.data);
  if (!secret) return Reply::status(Status::kExecutionError);  // bad public key or no valid key
  if (to_next_slot) {
    e.write_slot(slot + 1, 0, *secret);
    return Reply::ok();
  }
  if (copy == kCopyTempKey) {
    TempKey& t = context.volatile_state.temp_key;
    t = TempKey{};
    std::copy(secret->begin(), secret->end(), t.value.begin());
    t.valid = true;
    return Reply::ok();
  }
  return Reply{*secret};
}

}  // namespace kb::sim::atecc608a
