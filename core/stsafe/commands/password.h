#pragma once
// Verify password (0x1A) and delete password (0x0C), fact sheet 2.5 (layouts from STSELib
// stsafea_password.c):
//   1A → password (16)   ← verification status (1) | tries left (1)
//   0C → 09 (the password tag)   ← none
// Verify goes through the command channel (it is in the command access table); delete goes raw,
// never protected, as ST's library sends it.
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/envelope_password_types.h"
#include "core/stsafe/transport.h"

namespace kb::core::stsafe::commands {

// A password that is not kPasswordBytes long → kInvalidArgument, nothing sent. A blocked password
// is the chip's status 0x1A (kDeviceStatus). A status byte other than 00/01 → kResponseMalformed.
Result<PasswordVerification> verify_password(CommandChannel& channel, std::span<const uint8_t> password);
Status delete_password(Transport& transport);

}  // namespace kb::core::stsafe::commands
