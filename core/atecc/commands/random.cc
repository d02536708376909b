#include "core/atecc/commands/random.h"

#include "core/atecc/opcodes.h"
#include "core/atecc/response.h"

namespace kb::core::atecc::commands {

Command random_command(RandomMode mode) {
  return Command(opcode::kRandom, static_cast<uint8_t>(mode), 0);
}

Status random(Atecc& chip, std::span<uint8_t, kRandomBytes> out, RandomMode mode) {
  return copy_payload(chip.run(random_command(mode)), out);
}

}  // namespace kb::core::atecc::commands
