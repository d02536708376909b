#include "core/stsafe/commands/erase_symmetric_key.h"

#include "core/stsafe/command_codes.h"

namespace kb::core::stsafe::commands {

Status erase_symmetric_key(CommandChannel& channel, uint8_t slot) {
  const uint8_t payload[] = {slot};
  return channel.exchange(CommandHeader::extended(extended_code::kEraseSymmetricKeySlot), payload, expect_exactly(0))
      .status();
}

}  // namespace kb::core::stsafe::commands
