#include "simulator/stsafe_a120/deterministic_random.h"

#include <cryptopp/aes.h>
#include <cryptopp/modes.h>
#include <cryptopp/sha.h>

#include <array>

namespace kb::sim::stsafe_a120 {

std::vector<uint8_t> deterministic_random(uint64_t seed, uint32_t counter, size_t length) {
  std::array<uint8_t, 8> seed_bytes{};
  for (size_t i = 0; i < seed_bytes.size(); ++i) seed_bytes[i] = static_cast<uint8_t>(seed >> (56 - 8 * i));
  std::array<uint8_t, CryptoPP::SHA256::DIGESTSIZE> key{};
  CryptoPP::SHA256().CalculateDigest(key.data(), seed_bytes.data(), seed_bytes.size());

  std::array<uint8_t, CryptoPP::AES::BLOCKSIZE> iv{};
  for (size_t i = 0; i < 4; ++i) iv[i] = static_cast<uint8_t>(counter >> (24 - 8 * i));

  CryptoPP::CTR_Mode<CryptoPP::AES>::Encryption ctr;
  ctr.SetKeyWithIV(key.data(), key.size(), iv.data(), iv.size());
  std::vector<uint8_t> out(length, 0x00);
  ctr.ProcessData(out.data(), out.data(), out.size());
  return out;
}

}  // namespace kb::sim::stsafe_a120
