// GenKey (0x40, fact sheet B6.2): mode 0x04 creates a P-256 private key in a slot from the RNG
// and returns its public key; mode 0x00 recomputes the public key of a stored private key.
#include "simulator/atecc608a/chip_random.h"
#include "simulator/atecc608a/commands/handlers.h"
#include "simulator/atecc608a/p256.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kPrivate = 0x04;
constexpr uint8_t kDigest = 0x08;
constexpr uint8_t kPubKeyDigest = 0x10;
constexpr uint8_t kMac = 0x20;
constexpr uint8_t kModeBits = kPrivate | kDigest | kPubKeyDigest | kMac;
constexpr uint16_t kTempKeySlot = 0xFFFF;
constexpr size_t kOtherDataLength = 3;
}  // namespace

Reply run_genkey(CommandContext& context, const CommandPacket& packet) {
  const uint8_t mode = packet.param1;
  if ((mode & ~kModeBits) != 0) return Reply::status(Status::kParseError);
  const bool needs_other_data = (mode & (kDigest | kPubKeyDigest)) != 0;
  if (packet.data.size() != (needs_other_data ? kOtherDataLength : 0)) return Reply::status(Status::kParseError);
  if (packet.param2 >= kSlotCount && packet.param2 != kTempKeySlot) return Reply::status(Status::kParseError);
  // Digests, MACs and keys in TempKey are not modelled yet.
  if ((mode & (kDigest | kPubKeyDigest | kMac)) != 0 || packet.param2 == kTempKeySlot) {
    return Reply::status(Status::kExecutionError);
  }
  Eeprom& e = context.eeprom;
  const size_t slot = packet.param2;
  const KeyConfig kc = e.key_config(slot);
  if (!e.config_locked() || !kc.is_private() || kc.key_type() != static_cast<uint8_t>(KeyType::kP256)) {
    return Reply::status(Status::kExecutionError);
  }
  if ((mode & kPrivate) != 0) {
    if (e.data_locked() && (!e.slot_config(slot).genkey_allowed() || e.slot_locked(slot))) {
      return Reply::status(Status::kExecutionError);
    }
    std::array<uint8_t, 32> d{};
    do {
      d = draw_random(e, context.volatile_state, false);
    } while (!p256::private_key_is_valid(d));
    // A private-key slot holds 4 zero bytes then the 32-byte scalar (as PrivWrite writes it).
    std::array<uint8_t, 36> stored{};
    std::copy(d.begin(), d.end(), stored.begin() + 4);
    e.write_slot(slot, 0, stored);
    return Reply{*p256::public_key(d)};
  }
  if (e.data_locked() && !kc.pub_info()) return Reply::status(Status::kExecutionError);
  const auto pub = p256::public_key(e.slot(slot).subspan(4, 32));
  if (!pub) return Reply::status(Status::kExecutionError);  // no valid key in the slot
  return Reply{*pub};
}

}  // namespace kb::sim::atecc608a
