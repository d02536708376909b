#pragma once
#include "core/status.h"
#include "core/stsafe/transport.h"

namespace kb::core::stsafe::commands {

// Reset (0x01): no payload either way.
Status reset(Transport& transport);

}  // namespace kb::core::stsafe::commands
