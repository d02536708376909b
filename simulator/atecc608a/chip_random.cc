#include "simulator/atecc608a/chip_random.h"

#include <cryptopp/aes.h>
#include <cryptopp/modes.h>
#include <cryptopp/sha.h>

#include <string_view>
#include <vector>

namespace kb::sim::atecc608a {

std::array<uint8_t, 32> random_block(uint64_t seed, uint32_t seed_counter, uint32_t index) {
  constexpr std::string_view kLabel = "ATECC608A RNG";
  std::vector<uint8_t> material(kLabel.begin(), kLabel.end());
  for (int i = 7; i >= 0; --i) material.push_back(static_cast<uint8_t>(seed >> (8 * i)));
  std::array<uint8_t, CryptoPP::SHA256::DIGESTSIZE> key{};
  CryptoPP::SHA256().CalculateDigest(key.data(), material.data(), material.size());
  std::array<uint8_t, CryptoPP::AES::BLOCKSIZE> iv{};
  for (size_t i = 0; i < 4; ++i) {
    iv[i] = static_cast<uint8_t>(seed_counter >> (24 - 8 * i));
    iv[4 + i] = static_cast<uint8_t>(index >> (24 - 8 * i));
  }
  CryptoPP::CTR_Mode<CryptoPP::AES>::Encryption ctr;
  ctr.SetKeyWithIV(key.data(), key.size(), iv.data(), iv.size());
  std::array<uint8_t, 32> out{};
  ctr.ProcessData(out.data(), out.data(), out.size());
  return out;
}

std::array<uint8_t, 32> draw_random(Eeprom& eeprom, VolatileState& v, bool update_seed) {
  if (update_seed || !v.rng_seed_counter) {
    const uint32_t next = eeprom.random_counter() + 1;
    eeprom.write_random_counter(next);
    v.rng_seed_counter = next;
    v.rng_blocks_drawn = 0;
  }
  // Two blocks per draw apart (each draw is 32 bytes = two AES blocks).
  const uint32_t index = 2 * v.rng_blocks_drawn++;
  return random_block(eeprom.random_seed(), *v.rng_seed_counter, index);
}

}  // namespace kb::sim::atecc608a
