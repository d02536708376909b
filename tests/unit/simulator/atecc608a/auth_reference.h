#pragma once
// The host side of the ATECC608A's authentication commands, computed in the tests with OpenSSL
// from the message layouts of fact sheet B6.2 (as cryptoauthlib's host helpers define them), and
// chip images with both zones locked and chosen slot policies.
#include <openssl/evp.h>

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "simulator/atecc608a/eeprom.h"
#include "tests/unit/simulator/atecc608a/atecc_harness.h"

namespace kb::sim::atecc608a::test_support {

using Bytes = std::vector<uint8_t>;

inline Bytes sha256(const Bytes& message) {
  Bytes d(32);
  unsigned int n = 0;
  EVP_Digest(message.data(), message.size(), d.data(), &n, EVP_sha256(), nullptr);
  return d;
}

inline Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts)
    for (uint8_t b : p) out.push_back(b);
  return out;
}

inline Bytes zeros(size_t n) {
  return Bytes(n, 0x00);
}

inline Bytes repeat(uint8_t value, size_t n) {
  return Bytes(n, value);
}

inline Bytes xor_bytes(const Bytes& a, const Bytes& b) {
  Bytes out(a.size());
  for (size_t i = 0; i < a.size(); ++i) out[i] = a[i] ^ b[i];
  return out;
}

inline Bytes le16(uint16_t v) {
  return {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8)};
}

inline Bytes first(const Bytes& b, size_t n) {
  return Bytes(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n));
}

struct SlotSetup {
  size_t slot = 0;
  uint16_t slot_config = 0;
  uint16_t key_config = 0;
  Bytes value;  // written from byte 0 of the slot
};

// The factory image with the given slots configured, both zones locked.
inline EepromImage locked_image(const std::vector<SlotSetup>& slots) {
  EepromImage img = factory_image();
  for (const SlotSetup& s : slots) {
    img.config[20 + 2 * s.slot] = static_cast<uint8_t>(s.slot_config);
    img.config[21 + 2 * s.slot] = static_cast<uint8_t>(s.slot_config >> 8);
    img.config[96 + 2 * s.slot] = static_cast<uint8_t>(s.key_config);
    img.config[97 + 2 * s.slot] = static_cast<uint8_t>(s.key_config >> 8);
    size_t at = 0;
    for (size_t n = 0; n < s.slot; ++n) at += n < 8 ? 36 : n == 8 ? 416 : 72;
    for (size_t i = 0; i < s.value.size(); ++i) img.data[at + i] = s.value[i];
  }
  img.config[86] = 0x00;
  img.config[87] = 0x00;
  return img;
}

// SN[0..8] from config bytes 0-3 and 8-12.
inline Bytes serial(const EepromImage& img) {
  return {img.config[0], img.config[1],  img.config[2],  img.config[3], img.config[8],
          img.config[9], img.config[10], img.config[11], img.config[12]};
}

// TempKey after a random Nonce: SHA-256(RandOut | NumIn | 0x16 | mode | 0x00).
inline Bytes nonce_temp_key(const Bytes& rand_out, const Bytes& num_in, uint8_t mode) {
  return sha256(cat({rand_out, num_in, {0x16, mode, 0x00}}));
}

// TempKey after GenDig over data slot key_id holding key (not a NoMac key).
inline Bytes gendig_data_temp_key(const Bytes& temp_key, const Bytes& key, uint16_t key_id, const Bytes& sn) {
  return sha256(cat({key, {0x15, 0x02}, le16(key_id), {sn[8], sn[0], sn[1]}, zeros(25), temp_key}));
}

// Runs a random Nonce (mode 0) and returns the TempKey the chip now holds, as the host computes it.
inline Bytes random_nonce(AteccOnBus& b, const Bytes& num_in) {
  const Bytes rand_out = b.payload(0x16, 0x00, 0, num_in);
  EXPECT_EQ(rand_out.size(), 32u);
  return nonce_temp_key(rand_out, num_in, 0x00);
}

// The chip's TempKey (reach-in), for checking what a command left there.
inline Bytes chip_temp_key(const AteccOnBus& b) {
  const auto& v = b.chip.volatile_state().temp_key.value;
  return Bytes(v.begin(), v.begin() + 32);
}

}  // namespace kb::sim::atecc608a::test_support
