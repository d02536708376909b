// PrivWrite (0x46, fact sheet B6.2): writes a P-256 private key (4 zero bytes then the 32-byte
// scalar) into a private-key slot. Before the data lock the value may come in the clear; after it
// only encrypted (which needs GenDig, not modelled yet).
#include "simulator/atecc608a/commands/handlers.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kEncrypted = 0x40;
constexpr size_t kValueLength = 36;
constexpr size_t kMacLength = 32;
}  // namespace

Reply run_priv_write(CommandContext& context, const CommandPacket& packet) {
  if ((packet.param1 & ~kEncrypted) != 0 || packet.param2 >= kSlotCount ||
      packet.data.size() != kValueLength + kMacLength) {
    return Reply::status(Status::kParseError);
  }
  Eeprom& e = context.eeprom;
  const size_t slot = packet.param2;
  const KeyConfig kc = e.key_config(slot);
  if (!e.config_locked() || !kc.is_private() || kc.key_type() != static_cast<uint8_t>(KeyType::kP256)) {
    return Reply::status(Status::kExecutionError);
  }
  // After the data lock the chip takes only encrypted writes (into an unlocked slot whose
  // SlotConfig bit 14 allows it); encryption is not modelled yet, so both are refused here.
  if (e.data_locked() || (packet.param1 & kEncrypted) != 0) return Reply::status(Status::kExecutionError);
  const std::span<const uint8_t> value(packet.data.data(), kValueLength);
  if (value[0] != 0 || value[1] != 0 || value[2] != 0 || value[3] != 0) return Reply::status(Status::kParseError);
  e.write_slot(slot, 0, value);
  return Reply::ok();
}

}  // namespace kb::sim::atecc608a
