#pragma once
// Routes a frame to the handler for its command code or extended code. The host secure channel
// (host_session.h) has already checked and unwrapped the frame.
#include "simulator/stsafe_a120/commands/handlers.h"
#include "simulator/stsafe_a120/frame_decoder.h"

namespace kb::sim::stsafe_a120 {

// Runs the handler on payload (the frame's own payload, or its decryption). Codes without a
// handler answer COMMAND_CODE_NOT_SUPPORTED.
Response dispatch(const CommandFrame& frame, std::span<const uint8_t> payload, CommandContext& context);

// The handler for a code, or null when the model does not implement it.
CommandHandler standard_handler(uint8_t code);
CommandHandler extended_handler(uint8_t ext_code);

}  // namespace kb::sim::stsafe_a120
