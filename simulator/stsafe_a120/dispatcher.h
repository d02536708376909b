#pragma once
// Routes a decoded frame to the handler for its command code or extended code.
#include "simulator/stsafe_a120/commands/handlers.h"
#include "simulator/stsafe_a120/frame_decoder.h"

namespace kb::sim::stsafe_a120 {

// Protected frames (header bits 7..5 set) are refused with ACCESS_CONDITION_NOT_SATISFIED: the
// host secure session is not modelled yet. Codes without a handler answer
// COMMAND_CODE_NOT_SUPPORTED.
Response dispatch(const CommandFrame& frame, CommandContext& context);

// The handler for a code, or null when the model does not implement it.
CommandHandler standard_handler(uint8_t code);
CommandHandler extended_handler(uint8_t ext_code);

}  // namespace kb::sim::stsafe_a120
