#include "simulator/stsafe_a120/state_store.h"

#include <algorithm>

namespace kb::sim::stsafe_a120 {

namespace {
constexpr size_t kNvmSize = 0x200;
constexpr size_t kBankSize = 0x50;
constexpr size_t kBankOffset[2] = {0x000, 0x050};
constexpr size_t kHostKeyControlOffset = 0x0A0;
constexpr size_t kLifeCycleOffset = 0x0A4;
constexpr size_t kI2cOffset = 0x0A8;
constexpr size_t kRandomCounterOffset = 0x0AC;
constexpr size_t kRandomSeedOffset = 0x0B0;
constexpr size_t kSymmetricControlOffset = 0x0C0;
constexpr size_t kSymmetricControlStride = 4;
constexpr size_t kProductDataOffset = 0x100;

// Bank fields, relative to the bank start.
constexpr size_t kCommitWord = 0;
constexpr size_t kCounter = 4;
constexpr size_t kMacKey = 8;
constexpr size_t kCipherKey = 40;
constexpr uint8_t kCommitMarker = 0x5A;

void put_be(std::vector<uint8_t>& out, size_t at, uint64_t value, size_t width) {
  for (size_t i = 0; i < width; ++i) out[at + i] = static_cast<uint8_t>(value >> (8 * (width - 1 - i)));
}

uint64_t get_be(std::span<const uint8_t> in, size_t at, size_t width) {
  uint64_t v = 0;
  for (size_t i = 0; i < width; ++i) v = v << 8 | in[at + i];
  return v;
}

// The bank's data words (everything but the commit word).
std::vector<uint8_t> bank_body(const HostKeySlot& slot) {
  std::vector<uint8_t> body(kBankSize - kCounter, 0x00);
  put_be(body, kCounter - kCounter, slot.cmac_counter, 4);
  if (slot.present) {
    std::copy(slot.mac_key.begin(), slot.mac_key.end(), body.begin() + (kMacKey - kCounter));
    std::copy(slot.cipher_key.begin(), slot.cipher_key.end(), body.begin() + (kCipherKey - kCounter));
  }
  return body;
}

std::array<uint8_t, 4> commit_word(const HostKeySlot& slot, uint8_t generation) {
  return {kCommitMarker, generation, static_cast<uint8_t>(slot.present ? 1 : 0), static_cast<uint8_t>(slot.type)};
}

bool bank_valid(std::span<const uint8_t> bank) {
  return bank[0] == kCommitMarker && bank[2] <= 1 && bank[3] <= 1;
}

// Generations are compared modulo 256, like sequence numbers.
bool newer(uint8_t a, uint8_t b) {
  const uint8_t d = static_cast<uint8_t>(a - b);
  return d != 0 && d < 0x80;
}
}  // namespace

NvmGeometry stsafe_nvm_geometry() {
  NvmGeometry g;
  g.size = kNvmSize;
  g.page_size = 64;
  g.word_size = 4;
  g.erased_value = 0xFF;
  g.program_clears_bits_only = false;
  // The command execution times of fact sheet section 5 already include the chip's NVM writes.
  g.program_word_ns = 0;
  g.erase_page_ns = 0;
  return g;
}

void StateStore::program(size_t offset, std::span<const uint8_t> bytes) {
  if (!nvm_.program(offset, bytes)) throw NvmWriteTorn();
}

std::optional<size_t> StateStore::active_host_key_bank() const {
  std::span<const uint8_t> all = nvm_.bytes();
  std::span<const uint8_t> b0 = all.subspan(kBankOffset[0], kBankSize);
  std::span<const uint8_t> b1 = all.subspan(kBankOffset[1], kBankSize);
  const bool v0 = bank_valid(b0), v1 = bank_valid(b1);
  if (v0 && v1) return newer(b1[1], b0[1]) ? 1 : 0;
  if (v0) return 0;
  if (v1) return 1;
  return std::nullopt;
}

State StateStore::read() const {
  std::span<const uint8_t> all = nvm_.bytes();
  State s;

  if (auto bank = active_host_key_bank()) {
    std::span<const uint8_t> b = all.subspan(kBankOffset[*bank], kBankSize);
    s.host_key.present = b[2] == 1;
    s.host_key.type = static_cast<HostKeyType>(b[3]);
    s.host_key.cmac_counter = static_cast<uint32_t>(get_be(b, kCounter, 4));
    if (s.host_key.present) {
      const size_t n = host_key_length(s.host_key.type);
      s.host_key.mac_key.assign(b.begin() + kMacKey, b.begin() + static_cast<std::ptrdiff_t>(kMacKey + n));
      s.host_key.cipher_key.assign(b.begin() + kCipherKey, b.begin() + static_cast<std::ptrdiff_t>(kCipherKey + n));
    }
  }

  s.host_key_control = HostKeyControl::decode(all.subspan<kHostKeyControlOffset, 2>());
  // Only validated values are ever programmed; anything else means the NVM was edited by hand.
  // Keep the chip usable rather than crash: an unknown life cycle reads as terminated.
  s.life_cycle = life_cycle_from_byte(all[kLifeCycleOffset]).value_or(LifeCycle::kTerminated);
  s.i2c = I2cParameters::decode(all.subspan<kI2cOffset, 2>()).value_or(I2cParameters{});
  s.random_counter = static_cast<uint32_t>(get_be(all, kRandomCounterOffset, 4));
  s.random_seed = get_be(all, kRandomSeedOffset, 8);
  for (size_t i = 0; i < kSymmetricSlotCount; ++i) {
    s.symmetric_key_control[i] =
        SymmetricSlotControl::decode(all.subspan(kSymmetricControlOffset + i * kSymmetricControlStride).first<3>());
  }
  const size_t length = std::min<size_t>(get_be(all, kProductDataOffset, 2), kMaxProductDataLength);
  s.product_data.assign(all.begin() + kProductDataOffset + 2,
                        all.begin() + static_cast<std::ptrdiff_t>(kProductDataOffset + 2 + length));
  return s;
}

void StateStore::write_all(const State& s) {
  std::vector<uint8_t> image(kNvmSize, 0x00);
  const auto commit = commit_word(s.host_key, 0);
  std::copy(commit.begin(), commit.end(), image.begin() + kBankOffset[0]);
  const auto body = bank_body(s.host_key);
  std::copy(body.begin(), body.end(), image.begin() + kBankOffset[0] + kCounter);
  // Bank 1 holds no record until the first host key write.
  std::fill_n(image.begin() + kBankOffset[1], kBankSize, uint8_t{0xFF});

  const auto control = s.host_key_control.encode();
  std::copy(control.begin(), control.end(), image.begin() + kHostKeyControlOffset);
  image[kLifeCycleOffset] = static_cast<uint8_t>(s.life_cycle);
  const auto i2c = s.i2c.encode();
  std::copy(i2c.begin(), i2c.end(), image.begin() + kI2cOffset);
  put_be(image, kRandomCounterOffset, s.random_counter, 4);
  put_be(image, kRandomSeedOffset, s.random_seed, 8);
  for (size_t i = 0; i < kSymmetricSlotCount; ++i) {
    const auto c = s.symmetric_key_control[i].encode();
    std::copy(c.begin(), c.end(),
              image.begin() + static_cast<std::ptrdiff_t>(kSymmetricControlOffset + i * kSymmetricControlStride));
  }
  put_be(image, kProductDataOffset, s.product_data.size(), 2);
  std::copy(s.product_data.begin(), s.product_data.end(), image.begin() + kProductDataOffset + 2);
  program(0, image);
}

void StateStore::write_host_key(const HostKeySlot& slot) {
  // Never write over the record in use. The new record goes into the other bank, data words
  // first and its commit word (one NVM word, so it lands whole or not at all) last with the next
  // generation number. A power cut anywhere before the commit word leaves the old record active
  // and untouched; after it, the new one. No half-written key is ever selected.
  const std::optional<size_t> active = active_host_key_bank();
  const size_t target = active.value_or(1) == 0 ? 1 : 0;
  const uint8_t generation = active ? static_cast<uint8_t>(nvm_.byte(kBankOffset[*active] + 1) + 1) : 0;
  program(kBankOffset[target] + kCounter, bank_body(slot));
  program(kBankOffset[target] + kCommitWord, commit_word(slot, generation));
}

void StateStore::write_host_key_control(const HostKeyControl& control) {
  program(kHostKeyControlOffset, control.encode());
}

void StateStore::write_symmetric_slot_control(size_t slot, const SymmetricSlotControl& control) {
  program(kSymmetricControlOffset + slot * kSymmetricControlStride, control.encode());
}

void StateStore::write_life_cycle(LifeCycle lcs) {
  const uint8_t b = static_cast<uint8_t>(lcs);
  program(kLifeCycleOffset, std::span<const uint8_t>(&b, 1));
}

void StateStore::write_i2c_parameters(const I2cParameters& params) {
  program(kI2cOffset, params.encode());
}

void StateStore::write_random_counter(uint32_t counter) {
  std::vector<uint8_t> bytes(4);
  put_be(bytes, 0, counter, 4);
  program(kRandomCounterOffset, bytes);
}

}  // namespace kb::sim::stsafe_a120
