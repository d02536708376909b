#pragma once
// Where KDF (0x56) takes its key from and puts its result (mode bits 0-1 and 2-4): TempKey, its
// upper half, a slot (source = Param2 low byte, target = Param2 high byte), the alternate key
// buffer, or the output buffer.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "simulator/atecc608a/commands/handlers.h"

namespace kb::sim::atecc608a::kdf {

enum Source : uint8_t { kSourceTempKey = 0x00, kSourceTempKeyUpper = 0x01, kSourceSlot = 0x02, kSourceAltKey = 0x03 };
enum Target : uint8_t {
  kTargetTempKey = 0x00,
  kTargetTempKeyUpper = 0x04,
  kTargetSlot = 0x08,
  kTargetAltKey = 0x0C,
  kTargetOutput = 0x10,
  kTargetOutputEncrypted = 0x14,
};

// The first length bytes of the source key, or nullopt when the source is not loaded, too short,
// or (a slot) not usable as a key of key_type: data zone locked, not a private key, that KeyType.
std::optional<std::vector<uint8_t>> source_key(const CommandContext& context, Source source, size_t slot, size_t length,
                                               KeyType key_type);

// Stores result in an internal target; false when the target refuses it: too short, or (a slot)
// data zone unlocked, slot locked, a private key, or WriteConfig without the DeriveKey bit 13.
bool store(CommandContext& context, Target target, size_t slot, std::span<const uint8_t> result);

}  // namespace kb::sim::atecc608a::kdf
