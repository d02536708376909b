#pragma once
// Write host key V2 (extended 0x07 plaintext), fact sheet 2.5.
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/transport.h"
#include "core/stsafe/types.h"

namespace kb::core::stsafe::commands {

// `1F 07 00 00 00 | type | MAC key | cipher key`. Both keys must be host_key_length(type) long,
// else kInvalidArgument and nothing is sent. The slot's control fields must allow plaintext
// writes; a device that refuses answers a status (0x1E expected, fact sheet 8 #5).
Status write_host_key_plaintext(Transport& transport, HostKeyType type, std::span<const uint8_t> mac_key,
                                std::span<const uint8_t> cipher_key);

}  // namespace kb::core::stsafe::commands
