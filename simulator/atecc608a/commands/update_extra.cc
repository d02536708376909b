// UpdateExtra (0x20, fact sheet B6.2): writes config byte 84 (UserExtra, mode 0) or 85
// (UserExtraAdd, mode 1) once, from 0x00; works with the config zone locked or not. Mode 2 spends
// one use of the limited-use key in slot Param2 without using it: on the 608 that is one count of
// monotonic counter 0, the counter LimitedUse keys are tied to (inference).
#include "simulator/atecc608a/commands/handlers.h"
#include "simulator/atecc608a/monotonic_counter.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kUserExtra = 0x00;
constexpr uint8_t kDecrementLimitedUse = 0x02;
}  // namespace

Reply run_update_extra(CommandContext& context, const CommandPacket& packet) {
  if (!packet.data.empty() || packet.param1 > kDecrementLimitedUse || packet.param2 > 0xFF) {
    return Reply::status(Status::kParseError);
  }
  Eeprom& e = context.eeprom;
  if (packet.param1 == kDecrementLimitedUse) {
    if (packet.param2 >= kSlotCount) return Reply::status(Status::kParseError);
    if (!e.slot_config(packet.param2).limited_use() || !increment_counter(e, 0)) {
      return Reply::status(Status::kExecutionError);
    }
    return Reply::ok();
  }
  const size_t offset = packet.param1 == kUserExtra ? config::kUserExtra : config::kUserExtraAdd;
  if (e.config()[offset] != 0x00) return Reply::status(Status::kExecutionError);
  const uint8_t value = static_cast<uint8_t>(packet.param2);
  // As for Write: the model refuses to move the chip to another address (docs/fidelity.md).
  std::vector<uint8_t> after(e.config().begin(), e.config().end());
  after[offset] = value;
  if (address7_of(after) != address7_of(e.config())) return Reply::status(Status::kExecutionError);
  e.write_config(offset, std::span<const uint8_t>(&value, 1));
  return Reply::ok();
}

}  // namespace kb::sim::atecc608a
