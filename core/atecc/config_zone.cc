#include "core/atecc/config_zone.h"

#include "core/atecc/commands/lock.h"
#include "core/atecc/commands/read.h"
#include "core/atecc/commands/write.h"
#include "core/atecc/crc16.h"

namespace kb::core::atecc {

namespace {

constexpr size_t kBlocks = kConfigZoneBytes / kBlockBytes;
constexpr size_t kWordsPerBlock = kBlockBytes / kWordBytes;
// Block 2 word 5: bytes 84-87.
constexpr size_t kExtraAndLocksWord = 5;

uint16_t u16_le(std::span<const uint8_t, kConfigZoneBytes> config, size_t offset) {
  return static_cast<uint16_t>(config[offset] | config[offset + 1] << 8);
}

Status write_word(Atecc& chip, std::span<const uint8_t, kConfigZoneBytes> config, size_t block, size_t word) {
  const size_t offset = block * kBlockBytes + word * kWordBytes;
  const Result<uint16_t> address = config_word_address(offset);
  if (!address.ok()) return address.status();
  return commands::write(chip, Zone::kConfig, *address, config.subspan(offset, kWordBytes));
}

Status write_block(Atecc& chip, std::span<const uint8_t, kConfigZoneBytes> config, size_t block) {
  const Result<uint16_t> address = zone_address(Zone::kConfig, 0, static_cast<uint8_t>(block));
  if (!address.ok()) return address.status();
  return commands::write(chip, Zone::kConfig, *address, config.subspan(block * kBlockBytes, kBlockBytes));
}

}  // namespace

uint16_t slot_config(std::span<const uint8_t, kConfigZoneBytes> config, uint8_t slot) {
  return slot < kSlotCount ? u16_le(config, config_offset::kSlotConfig + 2u * slot) : 0;
}

uint16_t key_config(std::span<const uint8_t, kConfigZoneBytes> config, uint8_t slot) {
  return slot < kSlotCount ? u16_le(config, config_offset::kKeyConfig + 2u * slot) : 0;
}

bool config_zone_locked(std::span<const uint8_t, kConfigZoneBytes> config) {
  return config[config_offset::kLockConfig] != kUnlockedMarker;
}

bool data_zone_locked(std::span<const uint8_t, kConfigZoneBytes> config) {
  return config[config_offset::kLockValue] != kUnlockedMarker;
}

bool slot_locked(std::span<const uint8_t, kConfigZoneBytes> config, uint8_t slot) {
  return slot < kSlotCount && (u16_le(config, config_offset::kSlotLocked) >> slot & 1u) == 0;
}

std::array<uint8_t, 9> serial_number(std::span<const uint8_t, kConfigZoneBytes> config) {
  std::array<uint8_t, 9> sn{};
  for (size_t i = 0; i < 4; ++i) sn[i] = config[config_offset::kSerialLow + i];
  for (size_t i = 0; i < 5; ++i) sn[4 + i] = config[config_offset::kSerialHigh + i];
  return sn;
}

uint16_t config_lock_crc(std::span<const uint8_t, kConfigZoneBytes> config) {
  return crc16(config);
}

Status read_config_zone(Atecc& chip, std::span<uint8_t, kConfigZoneBytes> out) {
  for (size_t block = 0; block < kBlocks; ++block) {
    const Result<uint16_t> address = zone_address(Zone::kConfig, 0, static_cast<uint8_t>(block));
    if (!address.ok()) return address.status();
    KB_TRY(commands::read(chip, Zone::kConfig, *address, out.subspan(block * kBlockBytes, kBlockBytes)));
  }
  return Code::kOk;
}

Status write_config_zone(Atecc& chip, std::span<const uint8_t, kConfigZoneBytes> config) {
  for (size_t word = config_offset::kFirstWritable / kWordBytes; word < kWordsPerBlock; ++word) {
    KB_TRY(write_word(chip, config, 0, word));
  }
  KB_TRY(write_block(chip, config, 1));
  for (size_t word = 0; word < kWordsPerBlock; ++word) {
    if (word != kExtraAndLocksWord) KB_TRY(write_word(chip, config, 2, word));
  }
  return write_block(chip, config, 3);
}

Status lock_config_zone(Atecc& chip, std::span<const uint8_t, kConfigZoneBytes> expected) {
  return commands::lock_config(chip, config_lock_crc(expected));
}

Result<LockState> read_lock_state(Atecc& chip) {
  const Result<uint16_t> address = config_word_address(config_offset::kUserExtra);
  if (!address.ok()) return address.status();
  uint8_t word[kWordBytes] = {};
  KB_TRY(commands::read(chip, Zone::kConfig, *address, word));
  constexpr size_t kBase = config_offset::kUserExtra;
  return LockState{word[config_offset::kLockConfig - kBase] != kUnlockedMarker,
                   word[config_offset::kLockValue - kBase] != kUnlockedMarker};
}

}  // namespace kb::core::atecc
