#pragma once
// The chip's persistent memory on simulator/nvm, so a power cut tears a Write the way it would
// tear the EEPROM. Layout (word = 4 bytes, the program granule):
//   0x000  config zone (128)      0x080  OTP zone (64)      0x0C0  data zone (1208, slots in order)
//   0x578  random seed (8, BE)    0x580  random seed-update counter (4, BE)
// The seed words stand in for the chip's RNG seed in EEPROM (the model's random stream is
// derived from them, see chip_random.h). Lock bytes 86/87 share one word and SlotLocked its own,
// so each lock lands whole or not at all.
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

#include "simulator/atecc608a/zones.h"
#include "simulator/nvm/nvm.h"

namespace kb::sim::atecc608a {

// Thrown when a pending power cut stopped an NVM program part-way; the command is abandoned.
class NvmWriteTorn : public std::runtime_error {
 public:
  NvmWriteTorn() : std::runtime_error("power lost during an EEPROM write") {}
};

inline constexpr size_t kConfigOffset = 0x000;
inline constexpr size_t kOtpOffset = 0x080;
inline constexpr size_t kDataOffset = 0x0C0;
inline constexpr size_t kRandomSeedOffset = 0x578;
inline constexpr size_t kRandomCounterOffset = 0x580;
inline constexpr size_t kEepromSize = 0x584;

NvmGeometry eeprom_geometry();

// Everything the EEPROM holds, as plain values (fixture load, state files, factory image).
struct EepromImage {
  std::vector<uint8_t> config;  // 128
  std::vector<uint8_t> otp;     // 64
  std::vector<uint8_t> data;    // 1208
  uint64_t random_seed = 0;
  uint32_t random_counter = 0;
  bool operator==(const EepromImage&) const = default;
};

// As shipped: config unlocked with the model's serial number, OTP and data zones zero.
EepromImage factory_image();

// Which record the NVM byte at offset belongs to: "config zone bytes 84-87", "data slot 3", ...
std::string eeprom_record_name(size_t offset);

class Eeprom {
 public:
  explicit Eeprom(Nvm& nvm) : nvm_(nvm) {}

  std::span<const uint8_t> config() const { return nvm_.bytes().subspan(kConfigOffset, kConfigSize); }
  std::span<const uint8_t> otp() const { return nvm_.bytes().subspan(kOtpOffset, kOtpSize); }
  std::span<const uint8_t> data_zone() const { return nvm_.bytes().subspan(kDataOffset, kDataZoneSize); }
  std::span<const uint8_t> slot(size_t n) const { return data_zone().subspan(slot_offset(n), slot_size(n)); }

  bool config_locked() const { return config()[config::kLockConfig] != config::kUnlocked; }
  bool data_locked() const { return config()[config::kLockValue] != config::kUnlocked; }
  bool slot_locked(size_t n) const;
  SlotConfig slot_config(size_t n) const;
  KeyConfig key_config(size_t n) const;
  uint8_t chip_mode() const { return config()[config::kChipMode]; }
  uint64_t random_seed() const;
  uint32_t random_counter() const;

  EepromImage image() const;
  void write_image(const EepromImage& image);
  void write_config(size_t offset, std::span<const uint8_t> bytes);
  void write_otp(size_t offset, std::span<const uint8_t> bytes);
  void write_slot(size_t n, size_t offset, std::span<const uint8_t> bytes);
  void write_random_counter(uint32_t counter);

 private:
  void program(size_t offset, std::span<const uint8_t> bytes);
  Nvm& nvm_;
};

}  // namespace kb::sim::atecc608a
