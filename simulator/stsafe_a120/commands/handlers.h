#pragma once
// What every command handler gets and returns. One handler per file in this folder, named after
// the command (echo.cc, query.cc, ...), mirroring core/stsafe/commands/ on the host side.
#include <cstdint>
#include <span>

#include "simulator/stsafe_a120/response.h"
#include "simulator/stsafe_a120/state.h"
#include "simulator/stsafe_a120/state_store.h"

namespace kb::sim::stsafe_a120 {

struct CommandContext {
  const State& state;  // persistent state as it was when the command started
  StateStore& store;   // the only way a handler changes persistent state
};

// payload = the bytes after the header byte(s), C-MAC and CRC removed.
using CommandHandler = Response (*)(CommandContext& context, std::span<const uint8_t> payload);

Response run_echo(CommandContext& context, std::span<const uint8_t> payload);                         // 0x00
Response run_reset(CommandContext& context, std::span<const uint8_t> payload);                        // 0x01
Response run_generate_random(CommandContext& context, std::span<const uint8_t> payload);              // 0x02
Response run_put_attribute(CommandContext& context, std::span<const uint8_t> payload);                // 0x10
Response run_query(CommandContext& context, std::span<const uint8_t> payload);                        // 0x14
Response run_write_host_key_v2_plaintext(CommandContext& context, std::span<const uint8_t> payload);  // 1F 07

}  // namespace kb::sim::stsafe_a120
