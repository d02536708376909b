// PrivWrite (0x46, fact sheet B6.2): writes a P-256 private key (4 zero bytes then the 32-byte
// scalar) into a private-key slot. Before the data lock the value may come in the clear; after it
// only encrypted (Param1 0x40) into an unlocked slot whose SlotConfig bit 14 allows it: bytes 0-31
// XORed with TempKey (a GenDig over the WriteKey slot made from a random Nonce), bytes 32-35 with
// the start of SHA-256(TempKey), and a MAC =
//   SHA-256(TempKey | 0x46 Param1 KeyID (LE) | SN[8] SN[0:1] | 21 zeros | the 36 plain bytes)
#include "simulator/atecc608a/chip_digest.h"
#include "simulator/atecc608a/commands/handlers.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kOpcode = 0x46;
constexpr uint8_t kEncrypted = 0x40;
constexpr size_t kValueLength = 36;
constexpr size_t kMacLength = 32;

// The plain value of an encrypted PrivWrite, or nullopt when TempKey or the MAC does not allow it.
std::optional<std::array<uint8_t, kValueLength>> decrypt(CommandContext& context, const CommandPacket& packet) {
  Eeprom& e = context.eeprom;
  TempKey& t = context.volatile_state.temp_key;
  const size_t slot = packet.param2;
  const SlotConfig sc = e.slot_config(slot);
  if (!e.data_locked() || !sc.privwrite_allowed() || e.slot_locked(slot) ||
      !temp_key_encrypts_with(t, sc.write_key())) {
    return std::nullopt;
  }
  const Digest second_key = sha256(temp_key_value(t));
  std::array<uint8_t, kValueLength> plain{};
  for (size_t i = 0; i < kValueLength; ++i) {
    plain[i] = packet.data[i] ^ (i < 32 ? t.value[i] : second_key[i - 32]);
  }
  const auto sn = serial_number(e);
  DigestMessage m;
  m.add(temp_key_value(t)).add({kOpcode, packet.param1}).le16(packet.param2).add({sn[8], sn[0], sn[1]});
  m.zeros(21).add(plain);
  t.valid = false;  // spent, match or not (inference)
  if (!digests_equal(m.sha256(), std::span<const uint8_t>(packet.data).subspan(kValueLength))) return std::nullopt;
  return plain;
}
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
  std::array<uint8_t, kValueLength> value{};
  if ((packet.param1 & kEncrypted) != 0) {
    const auto plain = decrypt(context, packet);
    if (!plain) return Reply::status(Status::kExecutionError);
    value = *plain;
  } else {
    // A clear value is accepted only while the data zone is unlocked (inference).
    if (e.data_locked()) return Reply::status(Status::kExecutionError);
    std::copy(packet.data.begin(), packet.data.begin() + kValueLength, value.begin());
  }
  if (value[0] != 0 || value[1] != 0 || value[2] != 0 || value[3] != 0) return Reply::status(Status::kParseError);
  e.write_slot(slot, 0, value);
  return Reply::ok();
}

}  // namespace kb::sim::atecc608a
