#include "core/atecc/commands/self_test.h"

#include "core/atecc/device_status.h"
#include "core/atecc/opcodes.h"

namespace kb::core::atecc::commands {

Command self_test_command(uint8_t tests) {
  return Command(opcode::kSelfTest, tests, 0);
}

Result<uint8_t> self_test(Atecc& chip, uint8_t tests) {
  const Result<Atecc::Payload> payload = chip.run_raw(self_test_command(tests));
  if (!payload.ok()) return payload.status();
  if (payload->size() != 1) return Code::kResponseMalformed;
  const uint8_t result = (*payload)[0];
  if ((result & ~tests) != 0) return device_error(result);
  return result;
}

}  // namespace kb::core::atecc::commands
