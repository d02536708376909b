#pragma once
// GenDig (0x15, fact sheet B6.2): fold a zone's contents (a slot's key, OTP, config, a counter,
// a key config) or a shared nonce into TempKey, as the host side of an authenticated or
// encrypted Read/Write/PrivWrite does.
#include <cstdint>
#include <span>

#include "core/atecc/atecc.h"

namespace kb::core::atecc::commands {

enum class GenDigZone : uint8_t {
  kConfig = 0x00,
  kOtp = 0x01,
  kData = 0x02,
  kSharedNonce = 0x03,
  kCounter = 0x04,
  kKeyConfig = 0x05,
};

// other_data: empty, 4 bytes (a data slot with SlotConfig.NoMac), or 32 bytes (shared nonce,
// where it is required).
Result<Command> gendig_command(GenDigZone zone, uint16_t key_id, std::span<const uint8_t> other_data = {});
Status gendig(Atecc& chip, GenDigZone zone, uint16_t key_id, std::span<const uint8_t> other_data = {});

}  // namespace kb::core::atecc::commands
