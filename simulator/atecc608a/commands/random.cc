// Random (0x1B, fact sheet B6.2): 32 random bytes; mode 0 updates the EEPROM seed first.
#include "simulator/atecc608a/chip_random.h"
#include "simulator/atecc608a/commands/handlers.h"

namespace kb::sim::atecc608a {

// Before the config lock the chip's RNG gives a fixed test pattern (open question 9).
std::vector<uint8_t> unlocked_random_pattern() {
  std::vector<uint8_t> out;
  for (size_t i = 0; i < 8; ++i) out.insert(out.end(), {0xFF, 0xFF, 0x00, 0x00});
  return out;
}

Reply run_random(CommandContext& context, const CommandPacket& packet) {
  if (!packet.data.empty() || packet.param1 > 0x01 || packet.param2 != 0) return Reply::status(Status::kParseError);
  if (!context.eeprom.config_locked()) return Reply{unlocked_random_pattern()};
  const auto bytes = draw_random(context.eeprom, context.volatile_state, packet.param1 == 0x00);
  return Reply{{bytes.begin(), bytes.end()}};
}

}  // namespace kb::sim::atecc608a
