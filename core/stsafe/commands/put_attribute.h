#pragma once
// Put attribute (0x10): `10 tag value...`, always sent unprotected; no response payload.
#include <cstdint>

#include "core/status.h"
#include "core/stsafe/transport.h"
#include "core/stsafe/types.h"

namespace kb::core::stsafe::commands {

// Tag 0x4A: `10 4A b0 b1`. A device that has cleared "change right" answers 0x11.
Status put_host_key_control_fields(Transport& transport, const HostKeyControlFields& fields);
// Tag 0x4B: `10 4B slot b0 b1 b2`.
Status put_symmetric_slot_control_fields(Transport& transport, uint8_t slot, const SymmetricSlotControlFields& fields);

// Tag 0x08: `10 08 lcs`. Locking (0x83) and unlocking (0x03) follow a verified password
// (ST's lock / unlock: verify password, then this put).
Status put_life_cycle(Transport& transport, LifeCycleState state);

}  // namespace kb::core::stsafe::commands
