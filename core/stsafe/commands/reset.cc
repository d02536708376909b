#include "core/stsafe/commands/reset.h"

#include "core/stsafe/command_codes.h"

namespace kb::core::stsafe::commands {

Status reset(Transport& transport) {
  auto frame = CommandFrameBuilder(transport.command_buffer(), CommandHeader::standard(command_code::kReset)).finish();
  if (!frame.ok()) return frame.status();
  return transport.transfer(*frame, expect_exactly(0)).status();
}

}  // namespace kb::core::stsafe::commands
