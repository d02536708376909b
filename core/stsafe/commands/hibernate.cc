#include "core/stsafe/commands/hibernate.h"

#include "core/stsafe/command_codes.h"

namespace kb::core::stsafe::commands {

Status hibernate(Transport& transport, HibernateWakeMode mode) {
  if (mode != HibernateWakeMode::kI2cStartOrReset && mode != HibernateWakeMode::kResetOnly) {
    return Code::kInvalidArgument;
  }
  auto frame = CommandFrameBuilder(transport.command_buffer(), CommandHeader::standard(command_code::kHibernate))
                   .byte(static_cast<uint8_t>(mode))
                   .finish();
  if (!frame.ok()) return frame.status();
  return transport.transfer(*frame, expect_exactly(0)).status();
}

}  // namespace kb::core::stsafe::commands
