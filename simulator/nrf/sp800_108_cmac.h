#pragma once
// The CryptoCell shadow-key derivation (fact sheet §3.6): SP 800-108 counter-mode KDF with
// AES-CMAC as PRF. Block i = CMAC(K, i || label || 0x00 || context || L), i one byte from 1,
// L = output bits big-endian in one byte when it fits, else two.
#include <cstdint>
#include <span>
#include <vector>

namespace kb::sim::nrf {

// key is 16 or 32 bytes; out_len 1..4080. Throws std::invalid_argument otherwise.
std::vector<uint8_t> sp800_108_cmac(std::span<const uint8_t> key, std::span<const uint8_t> label,
                                    std::span<const uint8_t> context, size_t out_len);

}  // namespace kb::sim::nrf
