#include "simulator/atecc608a/dispatcher.h"

#include <cstdio>
#include <string>

#include "simulator/atecc608a/timing.h"

namespace kb::sim::atecc608a {

CommandHandler handler_for(uint8_t opcode) {
  switch (opcode) {
    case 0x02: return run_read;
    case 0x12: return run_write;
    case 0x16: return run_nonce;
    case 0x17: return run_lock;
    case 0x1B: return run_random;
    case 0x20: return run_update_extra;
    case 0x30: return run_info;
    case 0x40: return run_genkey;
    case 0x41: return run_sign;
    case 0x43: return run_ecdh;
    case 0x45: return run_verify;
    case 0x46: return run_priv_write;
    case 0x47: return run_sha;
    // Authentication and counters.
    case 0x08: return run_mac;
    case 0x15: return run_gendig;
    case 0x1C: return run_derive_key;
    case 0x24: return run_counter;
    case 0x28: return run_check_mac;
    case 0x51: return run_aes;
    case 0x56: return run_kdf;
    case 0x77: return run_self_test;
    case 0x80: return run_secure_boot;
  }
  return nullptr;
}

Reply dispatch(CommandContext& context, const CommandPacket& packet) {
  constexpr uint8_t kSelfTest = 0x77;
  // Failure mode: only a SelfTest runs until one passes (fact sheet B6.2).
  if (context.latches.failed_self_tests != 0 && packet.opcode != kSelfTest) {
    return Reply::status(Status::kSelfTestError);
  }
  if (CommandHandler h = handler_for(packet.opcode)) return h(context, packet);
  if (!execution_time_ms(packet.opcode, 0)) return Reply::status(Status::kParseError);
  return Reply::status(Status::kExecutionError);
}

std::string command_name(uint8_t opcode) {
  const char* name = "unknown command";
  switch (opcode) {
    case 0x02: name = "Read"; break;
    case 0x08: name = "MAC"; break;
    case 0x12: name = "Write"; break;
    case 0x15: name = "GenDig"; break;
    case 0x16: name = "Nonce"; break;
    case 0x17: name = "Lock"; break;
    case 0x1B: name = "Random"; break;
    case 0x1C: name = "DeriveKey"; break;
    case 0x20: name = "UpdateExtra"; break;
    case 0x24: name = "Counter"; break;
    case 0x28: name = "CheckMac"; break;
    case 0x30: name = "Info"; break;
    case 0x40: name = "GenKey"; break;
    case 0x41: name = "Sign"; break;
    case 0x43: name = "ECDH"; break;
    case 0x45: name = "Verify"; break;
    case 0x46: name = "PrivWrite"; break;
    case 0x47: name = "SHA"; break;
    case 0x51: name = "AES"; break;
    case 0x56: name = "KDF"; break;
    case 0x77: name = "SelfTest"; break;
    case 0x80: name = "SecureBoot"; break;
  }
  char code[8];
  std::snprintf(code, sizeof code, "0x%02X", opcode);
  return std::string(name) + " (" + code + ")";
}

}  // namespace kb::sim::atecc608a
