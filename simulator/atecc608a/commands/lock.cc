// Lock (0x17, fact sheet B6.2, B7.5): config zone (with the CRC of all 128 bytes), data + OTP
// zones (CRC of the data zone then the OTP zone), or one slot.
#include <vector>

#include "simulator/atecc608a/commands/handlers.h"
#include "simulator/atecc608a/crc16.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kIgnoreCrc = 0x80;
constexpr uint8_t kReservedBit = 0x40;
constexpr uint8_t kSlotBits = 0x3C;
enum : uint8_t { kConfigZone = 0, kDataZone = 1, kOneSlot = 2 };
}  // namespace

Reply run_lock(CommandContext& context, const CommandPacket& packet) {
  const uint8_t p1 = packet.param1;
  const uint8_t mode = p1 & 0x03;
  if (!packet.data.empty() || (p1 & kReservedBit) != 0 || mode > kOneSlot ||
      (mode != kOneSlot && (p1 & kSlotBits) != 0)) {
    return Reply::status(Status::kParseError);
  }
  const bool check_crc = (p1 & kIgnoreCrc) == 0;
  Eeprom& e = context.eeprom;
  switch (mode) {
    case kConfigZone: {
      if (e.config_locked()) return Reply::status(Status::kExecutionError);
      if (check_crc && crc16(e.config()) != packet.param2) return Reply::status(Status::kExecutionError);
      const uint8_t locked = config::kLocked;
      e.write_config(config::kLockConfig, std::span<const uint8_t>(&locked, 1));
      return Reply::ok();
    }
    case kDataZone: {
      if (!e.config_locked() || e.data_locked()) return Reply::status(Status::kExecutionError);
      if (check_crc) {
        std::vector<uint8_t> covered(e.data_zone().begin(), e.data_zone().end());
        covered.insert(covered.end(), e.otp().begin(), e.otp().end());
        if (crc16(covered) != packet.param2) return Reply::status(Status::kExecutionError);
      }
      const uint8_t locked = config::kLocked;
      e.write_config(config::kLockValue, std::span<const uint8_t>(&locked, 1));
      return Reply::ok();
    }
    default: {
      // cryptoauthlib locks a slot with Param2 = 0 and no ignore-CRC bit, so the chip cannot be
      // checking a CRC here (open question 9).
      const size_t slot = (p1 & kSlotBits) >> 2;
      if (!e.data_locked() || !e.key_config(slot).lockable() || e.slot_locked(slot)) {
        return Reply::status(Status::kExecutionError);
      }
      const auto cfg = e.config();
      const uint16_t bits =
          static_cast<uint16_t>((cfg[config::kSlotLocked] | cfg[config::kSlotLocked + 1] << 8) & ~(1u << slot));
      const std::array<uint8_t, 2> le = {static_cast<uint8_t>(bits), static_cast<uint8_t>(bits >> 8)};
      e.write_config(config::kSlotLocked, le);
      return Reply::ok();
    }
  }
}

}  // namespace kb::sim::atecc608a
