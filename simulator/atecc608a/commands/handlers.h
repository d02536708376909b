#pragma once
// What every command handler gets and returns. One file per command in this folder, named after
// it (info.cc, read.cc, write.cc, ...), mirroring core/atecc/commands/ on the host side.
#include <cstdint>
#include <vector>

#include "simulator/atecc608a/chip_latches.h"
#include "simulator/atecc608a/eeprom.h"
#include "simulator/atecc608a/packet.h"
#include "simulator/atecc608a/status.h"
#include "simulator/atecc608a/volatile_state.h"

namespace kb::sim::atecc608a {

struct CommandContext {
  Eeprom& eeprom;  // the only way a handler changes persistent state
  VolatileState& volatile_state;
  ChipLatches& latches;  // survive sleep, not a power cycle
};

// The response payload: one status byte, or the command's output.
struct Reply {
  std::vector<uint8_t> payload;
  static Reply status(Status s) { return Reply{{static_cast<uint8_t>(s)}}; }
  static Reply ok() { return status(Status::kSuccess); }
};

// What the RNG gives before the config lock: FF FF 00 00 repeated to 32 bytes.
std::vector<uint8_t> unlocked_random_pattern();

using CommandHandler = Reply (*)(CommandContext& context, const CommandPacket& packet);

Reply run_read(CommandContext& context, const CommandPacket& packet);          // 0x02
Reply run_write(CommandContext& context, const CommandPacket& packet);         // 0x12
Reply run_nonce(CommandContext& context, const CommandPacket& packet);         // 0x16
Reply run_lock(CommandContext& context, const CommandPacket& packet);          // 0x17
Reply run_random(CommandContext& context, const CommandPacket& packet);        // 0x1B
Reply run_update_extra(CommandContext& context, const CommandPacket& packet);  // 0x20
Reply run_info(CommandContext& context, const CommandPacket& packet);          // 0x30
Reply run_genkey(CommandContext& context, const CommandPacket& packet);        // 0x40
Reply run_sign(CommandContext& context, const CommandPacket& packet);          // 0x41
Reply run_ecdh(CommandContext& context, const CommandPacket& packet);          // 0x43
Reply run_verify(CommandContext& context, const CommandPacket& packet);        // 0x45
Reply run_priv_write(CommandContext& context, const CommandPacket& packet);    // 0x46
Reply run_sha(CommandContext& context, const CommandPacket& packet);           // 0x47
// Authentication and counters.
Reply run_mac(CommandContext& context, const CommandPacket& packet);          // 0x08
Reply run_gendig(CommandContext& context, const CommandPacket& packet);       // 0x15
Reply run_derive_key(CommandContext& context, const CommandPacket& packet);   // 0x1C
Reply run_counter(CommandContext& context, const CommandPacket& packet);      // 0x24
Reply run_check_mac(CommandContext& context, const CommandPacket& packet);    // 0x28
Reply run_aes(CommandContext& context, const CommandPacket& packet);          // 0x51
Reply run_kdf(CommandContext& context, const CommandPacket& packet);          // 0x56
Reply run_self_test(CommandContext& context, const CommandPacket& packet);    // 0x77
Reply run_secure_boot(CommandContext& context, const CommandPacket& packet);  // 0x80

}  // namespace kb::sim::atecc608a
