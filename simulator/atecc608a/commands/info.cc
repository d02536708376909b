// Info (0x30, fact sheet B6.2): mode 0 returns the revision, RevNum of the config zone
// (00 00 60 02 on an ATECC608A); mode 1 says whether a slot holds a valid P-256 private key;
// mode 2 reports the volatile state; mode 3 the GPIO pin; mode 4 reads or sets the persistent
// latch (VolatileKeyPermit).
#include "simulator/atecc608a/commands/handlers.h"
#include "simulator/atecc608a/config_options.h"
#include "simulator/atecc608a/p256.h"
#include "simulator/atecc608a/temp_key_flags.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kRevision = 0x00, kKeyValid = 0x01, kState = 0x02, kGpio = 0x03, kVolatileKeyPermit = 0x04;
constexpr uint16_t kSetLatch = 0x0002, kLatchValue = 0x0001;
constexpr uint8_t kPermissionEnabled = 0x80;

Reply four_bytes(uint8_t b0, uint8_t b1 = 0) {
  return Reply{{b0, b1, 0x00, 0x00}};
}

// State (an inference from the 508's layout): bits 0-7 the TempKey flag byte, bit 8 the RNG seeded
// from the EEPROM since the wake, bit 9 SRAM RNG (never set: the model always reseeds from the
// EEPROM), bits 10-14 AuthValid / AuthKey (0 until CheckMac authorization is modelled), bit 15
// TempKey valid.
Reply state(const VolatileState& v) {
  const uint8_t low = temp_key_flags(v.temp_key);
  const uint8_t high = static_cast<uint8_t>((v.rng_seed_counter ? 0x01 : 0x00) | (v.temp_key.valid ? 0x80 : 0x00));
  return four_bytes(low, high);
}

Reply volatile_key_permit(CommandContext& context, uint16_t param2) {
  if (param2 == 0) return four_bytes(context.latches.persistent_latch ? 1 : 0);
  if ((param2 & ~(kSetLatch | kLatchValue)) != 0 || (param2 & kSetLatch) == 0) {
    return Reply::status(Status::kParseError);
  }
  const Eeprom& e = context.eeprom;
  // Only a configuration that names a volatile-key slot may move the latch.
  if (!e.config_locked() || (e.config()[config::kVolatileKeyPermission] & kPermissionEnabled) == 0) {
    return Reply::status(Status::kExecutionError);
  }
  context.latches.persistent_latch = (param2 & kLatchValue) != 0;
  return Reply::ok();
}
}  // namespace

Reply run_info(CommandContext& context, const CommandPacket& packet) {
  if (!packet.data.empty() || packet.param1 > kVolatileKeyPermit) return Reply::status(Status::kParseError);
  switch (packet.param1) {
    case kRevision: {
      const auto rev = context.eeprom.config().subspan(config::kRevNum, 4);
      return Reply{{rev.begin(), rev.end()}};
    }
    case kKeyValid: {
      if (packet.param2 >= kSlotCount) return Reply::status(Status::kParseError);
      const size_t slot = packet.param2;
      const KeyConfig kc = context.eeprom.key_config(slot);
      const bool valid = kc.is_private() && kc.key_type() == static_cast<uint8_t>(KeyType::kP256) &&
                         p256::private_key_is_valid(context.eeprom.slot(slot).subspan(4, 32));
      return four_bytes(valid ? 1 : 0);
    }
    case kState:
      if (packet.param2 != 0) return Reply::status(Status::kParseError);
      return state(context.volatile_state);
    case kGpio:
      // Over I2C the 608A has no GPIO function: the pin reads low and cannot be driven.
      if (packet.param2 != 0) return Reply::status(Status::kExecutionError);
      return four_bytes(0);
    default: return volatile_key_permit(context, packet.param2);
  }
}

}  // namespace kb::sim::atecc608a
