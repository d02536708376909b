#pragma once
// Host-side descriptions of bus transactions for campaign reports: which STSAFE command a frame
// carries, which nRF register or UICR word an access touches. Built from what the host sends, so
// they read the same on a simulated bench and on a board.
#include <cstdint>
#include <span>
#include <string>

namespace kb::tools::campaign {

struct RawTransaction {
  enum class Kind : uint8_t { kI2cWrite, kI2cRead, kI2cWriteRead, kRegisterRead, kRegisterWrite };
  Kind kind = Kind::kI2cWrite;
  uint32_t address = 0;  // 7-bit I2C address, or the register's bus address
  std::span<const uint8_t> tx;
  size_t rx_length = 0;
  uint32_t value = 0;  // register writes
};

// The first bytes of an STSAFE command frame: code (header bits 4..0), extended code, attribute tag.
struct CommandHeader {
  bool valid = false;
  uint8_t code = 0;
  int extended = -1;  // the second byte of an extended (0x1F) command
  int tag = -1;       // the subject tag of Query / Put Attribute
};

CommandHeader command_header(std::span<const uint8_t> frame);
// "Put Attribute (0x10) tag 0x4A", "Write Host Key V2 Plaintext (0x1F 0x07)".
std::string command_name(const CommandHeader& header);
// "UICR KEYSLOT.CONFIG[2].DEST", "NVMC.CONFIG", "BL_STORAGE+0x08 (implementation ID word 0)".
std::string register_name(uint32_t address);

// An STSAFE command frame write, or a register write on the nRF bus: the units the oracles treat as
// operations (their effects must land whole or not at all, or be recoverable).
bool starts_operation(const RawTransaction& t);
// One line for a report. last_command names the command a read fetches the answer of.
std::string describe_transaction(const RawTransaction& t, const CommandHeader& last_command);

}  // namespace kb::tools::campaign
