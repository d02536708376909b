// Counter (0x24, fact sheet B6.2, B7.6): reads or increments monotonic counter 0 or 1 and
// returns its value as 4 bytes LE; an increment at 2,097,151 is refused.
#include "simulator/atecc608a/commands/handlers.h"
#include "simulator/atecc608a/monotonic_counter.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kRead = 0x00, kIncrement = 0x01;
}  // namespace

Reply run_counter(CommandContext& context, const CommandPacket& packet) {
  if (packet.param1 > kIncrement || packet.param2 >= kCounterCount || !packet.data.empty()) {
    return Reply::status(Status::kParseError);
  }
  const size_t counter = packet.param2;
  uint32_t value = 0;
  if (packet.param1 == kRead) {
    value = counter_value(context.eeprom, counter);
  } else {
    const auto next = increment_counter(context.eeprom, counter);
    if (!next) return Reply::status(Status::kExecutionError);
    value = *next;
  }
  return Reply{{static_cast<uint8_t>(value), static_cast<uint8_t>(value >> 8), static_cast<uint8_t>(value >> 16),
                static_cast<uint8_t>(value >> 24)}};
}

}  // namespace kb::sim::atecc608a
