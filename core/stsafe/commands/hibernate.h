#pragma once
// Hibernate (0x0D), fact sheet 2.5 and 8 #17: `0D mode` → none, sent raw (never protected), as
// STSELib's low-power service does. ST's API refuses it for an A120 without sending anything
// (0x0406, "API incompatible device"): Stsafe::enter_hibernate does the same; this service is the
// direct call, which the model answers OK. The chip loses its RAM (KEK session, ECDHE key,
// verified password); with kResetOnly it answers nothing more until a power cycle.
#include "core/status.h"
#include "core/stsafe/envelope_password_types.h"
#include "core/stsafe/transport.h"

namespace kb::core::stsafe::commands {

Status hibernate(Transport& transport, HibernateWakeMode mode);

}  // namespace kb::core::stsafe::commands
