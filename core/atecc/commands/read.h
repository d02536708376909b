#pragma once
// Read (0x02, fact sheet B6.2): 4 or 32 bytes of a zone. Encrypted reads (EncryptRead slots) come
// back as the chip sends them; undoing the TempKey XOR is the caller's business.
#include <cstdint>
#include <span>

#include "core/atecc/atecc.h"
#include "core/atecc/zones.h"

namespace kb::core::atecc::commands {

// out.size() picks the size: 4 (a word) or 32 (a block); anything else is kInvalidArgument.
Result<Command> read_command(Zone zone, uint16_t address, size_t length);
Status read(Atecc& chip, Zone zone, uint16_t address, std::span<uint8_t> out);

}  // namespace kb::core::atecc::commands
