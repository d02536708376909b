#pragma once
// The Verify (0x45) modes that act on a stored public key's validation state, apart from the
// signature checks in verify.cc.
#include "simulator/atecc608a/commands/handlers.h"

namespace kb::sim::atecc608a {

// Validate (0x03) / Invalidate (0x07): packet already checked for mode bits, 83 data bytes and a
// slot number.
Reply verify_validate(CommandContext& context, const CommandPacket& packet);

}  // namespace kb::sim::atecc608a
