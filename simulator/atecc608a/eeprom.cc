#include "simulator/atecc608a/eeprom.h"

#include <algorithm>
#include <string>

namespace kb::sim::atecc608a {

namespace {
uint16_t le16(std::span<const uint8_t> b, size_t at) {
  return static_cast<uint16_t>(b[at] | b[at + 1] << 8);
}
uint64_t get_be(std::span<const uint8_t> in, size_t at, size_t width) {
  uint64_t v = 0;
  for (size_t i = 0; i < width; ++i) v = v << 8 | in[at + i];
  return v;
}
void put_be(std::span<uint8_t> out, size_t at, uint64_t value, size_t width) {
  for (size_t i = 0; i < width; ++i) out[at + i] = static_cast<uint8_t>(value >> (8 * (width - 1 - i)));
}

// The model's serial number: 01 23 (every 608A) ... EE (B7.1). The other six bytes are the
// model's own.
constexpr std::array<uint8_t, 16> kFactoryBlock0Start = {0x01, 0x23, 0x6B, 0x2E, 0x00, 0x00, 0x60, 0x02,
                                                         0x51, 0xC3, 0x08, 0xA6, 0xEE, 0x01, 0x01, 0x00};
}  // namespace

NvmGeometry eeprom_geometry() {
  NvmGeometry g;
  g.size = kEepromSize;
  g.page_size = 4;
  g.word_size = 4;
  g.erased_value = 0xFF;
  g.program_clears_bits_only = false;
  // The B6.1 execution times already include the EEPROM writes.
  return g;
}

EepromImage factory_image() {
  EepromImage img;
  img.config.assign(kConfigSize, 0x00);
  std::copy(kFactoryBlock0Start.begin(), kFactoryBlock0Start.end(), img.config.begin());
  img.config[config::kI2cAddress] = 0xC0;
  // Both monotonic counters at 0 (B7.6).
  for (size_t c : {size_t{52}, size_t{60}}) std::fill_n(img.config.begin() + static_cast<std::ptrdiff_t>(c), 4, 0xFF);
  img.config[config::kLockValue] = config::kUnlocked;
  img.config[config::kLockConfig] = config::kUnlocked;
  img.config[config::kSlotLocked] = 0xFF;
  img.config[config::kSlotLocked + 1] = 0xFF;
  img.otp.assign(kOtpSize, 0x00);
  img.data.assign(kDataZoneSize, 0x00);
  return img;
}

std::string eeprom_record_name(size_t offset) {
  if (offset < kOtpOffset) {
    const size_t first = offset / kWordSize * kWordSize;
    return "config zone bytes " + std::to_string(first) + "-" + std::to_string(first + 3);
  }
  if (offset < kDataOffset) return "OTP zone";
  if (offset < kDataOffset + kDataZoneSize) {
    const size_t in = offset - kDataOffset;
    for (size_t s = 0; s < kSlotCount; ++s) {
      if (in < slot_offset(s) + slot_size(s)) return "data slot " + std::to_string(s);
    }
  }
  if (offset >= kRandomSeedOffset && offset < kRandomCounterOffset) return "random seed";
  if (offset >= kRandomCounterOffset && offset < kEepromSize) return "random seed counter";
  return "unused";
}

bool Eeprom::slot_locked(size_t n) const {
  return ((le16(config(), config::kSlotLocked) >> n) & 1u) == 0;
}

SlotConfig Eeprom::slot_config(size_t n) const {
  return SlotConfig{le16(config(), config::kSlotConfig + 2 * n)};
}

KeyConfig Eeprom::key_config(size_t n) const {
  return KeyConfig{le16(config(), config::kKeyConfig + 2 * n)};
}

uint64_t Eeprom::random_seed() const {
  return get_be(nvm_.bytes(), kRandomSeedOffset, 8);
}

uint32_t Eeprom::random_counter() const {
  return static_cast<uint32_t>(get_be(nvm_.bytes(), kRandomCounterOffset, 4));
}

EepromImage Eeprom::image() const {
  EepromImage img;
  img.config.assign(config().begin(), config().end());
  img.otp.assign(otp().begin(), otp().end());
  img.data.assign(data_zone().begin(), data_zone().end());
  img.random_seed = random_seed();
  img.random_counter = random_counter();
  return img;
}

void Eeprom::write_image(const EepromImage& img) {
  std::vector<uint8_t> all(kEepromSize, 0x00);
  std::copy(img.config.begin(), img.config.end(), all.begin() + kConfigOffset);
  std::copy(img.otp.begin(), img.otp.end(), all.begin() + kOtpOffset);
  std::copy(img.data.begin(), img.data.end(), all.begin() + kDataOffset);
  put_be(all, kRandomSeedOffset, img.random_seed, 8);
  put_be(all, kRandomCounterOffset, img.random_counter, 4);
  program(0, all);
}

void Eeprom::program(size_t offset, std::span<const uint8_t> bytes) {
  if (!nvm_.program(offset, bytes)) throw NvmWriteTorn();
}

void Eeprom::write_config(size_t offset, std::span<const uint8_t> bytes) {
  program(kConfigOffset + offset, bytes);
}

void Eeprom::write_otp(size_t offset, std::span<const uint8_t> bytes) {
  program(kOtpOffset + offset, bytes);
}

void Eeprom::write_slot(size_t n, size_t offset, std::span<const uint8_t> bytes) {
  program(kDataOffset + slot_offset(n) + offset, bytes);
}

void Eeprom::write_random_counter(uint32_t counter) {
  std::array<uint8_t, 4> b{};
  put_be(b, 0, counter, 4);
  program(kRandomCounterOffset, b);
}

}  // namespace kb::sim::atecc608a
