// Write (0x12, fact sheet B6.2, B7.2): clear writes of 4 or 32 bytes, and encrypted 32-byte
// writes (Param1 bit 6) into slots whose WriteConfig asks for them: the data comes XORed with
// TempKey (a GenDig over the WriteKey slot made from a random Nonce) and with a MAC =
//   SHA-256(TempKey | 0x12 Param1 Param2 (LE) | SN[8] SN[0:1] | 25 zeros | plaintext)
#include "simulator/atecc608a/chip_digest.h"
#include "simulator/atecc608a/commands/handlers.h"
#include "simulator/atecc608a/public_key_slot.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kOpcode = 0x12;
// WriteConfig values for the Write command (B7.3): 0000 always, 0001 PubInvalid, x1xx encrypted.
constexpr uint8_t kWriteAlways = 0x0, kWritePubInvalid = 0x1, kWriteEncrypted = 0x4;

bool overlaps(size_t offset, size_t length, size_t first, size_t last) {
  return offset <= last && offset + length > first;
}

Status write_config(Eeprom& e, size_t offset, std::span<const uint8_t> bytes) {
  if (e.config_locked()) return Status::kExecutionError;
  // Bytes 0-15 are factory-programmed; 84-85 change through UpdateExtra, 86-87 through Lock.
  if (overlaps(offset, bytes.size(), 0, 15) || overlaps(offset, bytes.size(), 84, 87)) {
    return Status::kExecutionError;
  }
  // The model does not move a chip on the bus: a write that would change the address the chip
  // answers at is refused (a real chip takes it and answers at the new address after the next
  // wake), so that every state the model reaches is one it can be loaded in again.
  std::vector<uint8_t> after(e.config().begin(), e.config().end());
  for (size_t i = 0; i < bytes.size(); ++i) after[offset + i] = bytes[i];
  if (address7_of(after) != address7_of(e.config()) || !usable_address_byte(after[config::kI2cAddress])) {
    return Status::kExecutionError;
  }
  e.write_config(offset, bytes);
  return Status::kSuccess;
}

Status write_otp(Eeprom& e, size_t offset, std::span<const uint8_t> bytes) {
  // The 608 OTP zone is written in whole blocks before the data lock and read-only after it.
  if (e.data_locked() || bytes.size() != kBlockSize) return Status::kExecutionError;
  e.write_otp(offset, bytes);
  return Status::kSuccess;
}

Status write_slot(Eeprom& e, const ZoneAccess& a, std::span<const uint8_t> bytes, bool block32) {
  if (!e.data_locked()) {
    // Before the data lock any slot takes whole 32-byte blocks, and only those.
    if (!block32) return Status::kExecutionError;
  } else {
    const SlotConfig sc = e.slot_config(a.slot);
    // Private keys are written only by GenKey and PrivWrite; WriteConfig 0000 ("always") allows
    // clear writes, 0001 (PubInvalid) too while the public key there is not validated.
    const bool pub_invalid =
        sc.write_config() == kWritePubInvalid && validation_state(e, a.slot) != kPublicKeyValidated;
    if (e.slot_locked(a.slot) || e.key_config(a.slot).is_private() ||
        (sc.write_config() != kWriteAlways && !pub_invalid)) {
      return Status::kExecutionError;
    }
  }
  // A 32-byte write of a short last block stores the bytes inside the slot (open question 8).
  e.write_slot(a.slot, a.offset, bytes.first(a.length));
  // A key written under PubInvalid starts invalidated; Verify validate makes it usable.
  if (e.data_locked() && e.slot_config(a.slot).write_config() == kWritePubInvalid && a.offset == 0) {
    set_validation_state(e, a.slot, kPublicKeyInvalidated);
  }
  return Status::kSuccess;
}

Status write_encrypted(CommandContext& context, const CommandPacket& packet, const ZoneAccess& a) {
  Eeprom& e = context.eeprom;
  TempKey& t = context.volatile_state.temp_key;
  if (a.zone != Zone::kData || !e.data_locked() || (packet.param1 & 0x80) == 0) return Status::kExecutionError;
  const SlotConfig sc = e.slot_config(a.slot);
  if (e.slot_locked(a.slot) || e.key_config(a.slot).is_private() || (sc.write_config() & kWriteEncrypted) == 0 ||
      !temp_key_encrypts_with(t, sc.write_key())) {
    return Status::kExecutionError;
  }
  const std::span<const uint8_t> data(packet.data);
  std::array<uint8_t, kBlockSize> plain{};
  for (size_t i = 0; i < kBlockSize; ++i) plain[i] = data[i] ^ t.value[i];
  const auto sn = serial_number(e);
  DigestMessage m;
  m.add(temp_key_value(t)).add({kOpcode, packet.param1}).le16(packet.param2).add({sn[8], sn[0], sn[1]});
  m.zeros(25).add(plain);
  // TempKey is spent whether or not the MAC matches (inference).
  t.valid = false;
  if (!digests_equal(m.sha256(), data.subspan(kBlockSize))) return Status::kExecutionError;
  e.write_slot(a.slot, a.offset, std::span<const uint8_t>(plain).first(a.length));
  return Status::kSuccess;
}
}  // namespace

Reply run_write(CommandContext& context, const CommandPacket& packet) {
  constexpr uint8_t kAllowedBits = 0xC3;
  if ((packet.param1 & ~kAllowedBits) != 0) return Reply::status(Status::kParseError);
  const bool block32 = (packet.param1 & 0x80) != 0;
  const bool encrypted = (packet.param1 & 0x40) != 0;
  const size_t length = block32 ? kBlockSize : kWordSize;
  if (packet.data.size() != length + (encrypted ? kBlockSize : 0)) return Reply::status(Status::kParseError);
  const auto access = decode_address(packet.param1 & 0x03, packet.param2, block32);
  if (!access) return Reply::status(Status::kParseError);
  if (encrypted) return Reply::status(write_encrypted(context, packet, *access));
  const std::span<const uint8_t> bytes(packet.data.data(), length);
  Eeprom& e = context.eeprom;
  switch (access->zone) {
    case Zone::kConfig: return Reply::status(write_config(e, access->offset, bytes));
    case Zone::kOtp: return Reply::status(write_otp(e, access->offset, bytes));
    case Zone::kData: return Reply::status(write_slot(e, *access, bytes, block32));
  }
  return Reply::status(Status::kParseError);
}

}  // namespace kb::sim::atecc608a
