#pragma once
// How a secure-element driver names its last refusal for the application's console: the chip,
// the command it was running and the Status, "ATECC608A Sign: device status 0x0F (...)".
#include <cstddef>

#include "core/status.h"

namespace kb::core::psa_se {

// Writes "<chip> <command>: <status>" into out, or "" when error is ok; returns out.
const char* describe_driver_error(const char* chip, const char* command, const Status& error, char* out,
                                  size_t out_len);

}  // namespace kb::core::psa_se
