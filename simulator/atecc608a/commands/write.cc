// Write (0x12, fact sheet B6.2, B7.2): clear writes of 4 or 32 bytes. Encrypted writes (0x40)
// are not modelled yet and are refused like a write the configuration does not allow.
#include "simulator/atecc608a/commands/handlers.h"

namespace kb::sim::atecc608a {

namespace {
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
    // Private keys are written only by GenKey and PrivWrite; WriteConfig 0000 ("always") is the
    // one setting that allows clear writes.
    if (e.slot_locked(a.slot) || e.key_config(a.slot).is_private() || sc.write_config() != 0) {
      return Status::kExecutionError;
    }
  }
  // A 32-byte write of a short last block stores the bytes inside the slot (open question 8).
  e.write_slot(a.slot, a.offset, bytes.first(a.length));
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
  if (encrypted) return Reply::status(Status::kExecutionError);
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
