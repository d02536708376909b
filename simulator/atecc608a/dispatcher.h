#pragma once
// Routes a decoded packet to the handler for its opcode.
#include "simulator/atecc608a/commands/handlers.h"

namespace kb::sim::atecc608a {

// The handler for an opcode, or null when the model does not implement it.
CommandHandler handler_for(uint8_t opcode);

// Runs the handler. Opcodes the 608 does not have answer a parse error (B6.1); opcodes it has
// that this model does not implement yet answer an execution error.
Reply dispatch(CommandContext& context, const CommandPacket& packet);

// "Write (0x12)", for activity lines.
std::string command_name(uint8_t opcode);

}  // namespace kb::sim::atecc608a
