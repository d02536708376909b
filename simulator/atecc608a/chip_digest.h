#pragma once
// Pieces every authentication command of the chip hashes (fact sheet B6.2; the layouts follow the
// formulas cryptoauthlib's host side mirrors): SHA-256 of a byte string built field by field, the
// serial-number bytes the messages carry, and a comparison for MACs that does not leak where they
// differ.
#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

#include "simulator/atecc608a/eeprom.h"
#include "simulator/atecc608a/volatile_state.h"

namespace kb::sim::atecc608a {

using Digest = std::array<uint8_t, 32>;

// SN[0..8]: config bytes 0-3 then 8-12 (B7.1).
std::array<uint8_t, 9> serial_number(const Eeprom& eeprom);

// A message assembled in the order the chip hashes it.
class DigestMessage {
 public:
  DigestMessage& add(std::span<const uint8_t> bytes);
  DigestMessage& add(std::initializer_list<uint8_t> bytes);
  DigestMessage& zeros(size_t count);
  DigestMessage& le16(uint16_t value);
  Digest sha256() const;
  const std::vector<uint8_t>& bytes() const { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
};

Digest sha256(std::span<const uint8_t> bytes);

// Constant-time equality of two 32-byte values.
bool digests_equal(std::span<const uint8_t> a, std::span<const uint8_t> b);

// The first 32 bytes of TempKey.
inline std::span<const uint8_t, 32> temp_key_value(const TempKey& t) {
  return std::span<const uint8_t, 32>(t.value.data(), 32);
}

// Whether TempKey can encrypt a Read or Write of a slot whose ReadKey/WriteKey is key_slot: a
// random-Nonce TempKey that a GenDig over that data slot made, not through a NoMac key.
bool temp_key_encrypts_with(const TempKey& t, uint8_t key_slot);

}  // namespace kb::sim::atecc608a
