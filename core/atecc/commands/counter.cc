#include "core/atecc/commands/counter.h"

#include <array>

#include "core/atecc/opcodes.h"
#include "core/atecc/response.h"

namespace kb::core::atecc::commands {

namespace {
Result<uint32_t> run_counter(Atecc& chip, CounterMode mode, uint8_t counter_id) {
  const Result<Command> command = counter_command(mode, counter_id);
  if (!command.ok()) return command.status();
  std::array<uint8_t, 4> value{};
  KB_TRY(copy_payload(chip.run(*command), value));
  return static_cast<uint32_t>(value[0] | value[1] << 8 | value[2] << 16 | static_cast<uint32_t>(value[3]) << 24);
}
}  // namespace

Result<Command> counter_command(CounterMode mode, uint8_t counter_id) {
  if (counter_id >= kCounterCount) return Code::kInvalidArgument;
  return Command(opcode::kCounter, static_cast<uint8_t>(mode), counter_id);
}

Result<uint32_t> counter_read(Atecc& chip, uint8_t counter_id) {
  return run_counter(chip, CounterMode::kRead, counter_id);
}

Result<uint32_t> counter_increment(Atecc& chip, uint8_t counter_id) {
  return run_counter(chip, CounterMode::kIncrement, counter_id);
}

}  // namespace kb::core::atecc::commands
