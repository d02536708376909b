#include "simulator/nrf/sp800_108_cmac.h"

#include <cryptopp/aes.h>
#include <cryptopp/cmac.h>

#include <stdexcept>

namespace kb::sim::nrf {

std::vector<uint8_t> sp800_108_cmac(std::span<const uint8_t> key, std::span<const uint8_t> label,
                                    std::span<const uint8_t> context, size_t out_len) {
  if (key.size() != 16 && key.size() != 32) throw std::invalid_argument("KDF key must be 16 or 32 bytes");
  if (out_len == 0 || out_len > 4080) throw std::invalid_argument("KDF output must be 1..4080 bytes");
  const size_t bits = out_len * 8;
  std::vector<uint8_t> length;
  if (bits <= 0xFF) {
    length = {static_cast<uint8_t>(bits)};
  } else {
    length = {static_cast<uint8_t>(bits >> 8), static_cast<uint8_t>(bits)};
  }
  CryptoPP::CMAC<CryptoPP::AES> cmac(key.data(), key.size());
  std::vector<uint8_t> out;
  out.reserve(out_len + CryptoPP::AES::BLOCKSIZE);
  for (unsigned i = 1; out.size() < out_len; ++i) {
    const uint8_t counter = static_cast<uint8_t>(i);
    const uint8_t separator = 0x00;
    cmac.Update(&counter, 1);
    cmac.Update(label.data(), label.size());
    cmac.Update(&separator, 1);
    cmac.Update(context.data(), context.size());
    cmac.Update(length.data(), length.size());
    uint8_t block[CryptoPP::AES::BLOCKSIZE];
    cmac.Final(block);
    out.insert(out.end(), block, block + sizeof block);
  }
  out.resize(out_len);
  return out;
}

}  // namespace kb::sim::nrf
