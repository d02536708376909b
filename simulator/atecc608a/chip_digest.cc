#include "simulator/atecc608a/chip_digest.h"

#include <cryptopp/misc.h>
#include <cryptopp/sha.h>

namespace kb::sim::atecc608a {

std::array<uint8_t, 9> serial_number(const Eeprom& eeprom) {
  const auto cfg = eeprom.config();
  std::array<uint8_t, 9> sn{};
  std::copy(cfg.begin(), cfg.begin() + 4, sn.begin());
  std::copy(cfg.begin() + 8, cfg.begin() + 13, sn.begin() + 4);
  return sn;
}

DigestMessage& DigestMessage::add(std::span<const uint8_t> bytes) {
  // Appended one at a time: GCC 12 -O3 reports false bounds warnings for range inserts.
  for (uint8_t b : bytes) bytes_.push_back(b);
  return *this;
}

DigestMessage& DigestMessage::add(std::initializer_list<uint8_t> bytes) {
  for (uint8_t b : bytes) bytes_.push_back(b);
  return *this;
}

DigestMessage& DigestMessage::zeros(size_t count) {
  bytes_.resize(bytes_.size() + count, 0x00);
  return *this;
}

DigestMessage& DigestMessage::le16(uint16_t value) {
  return add({static_cast<uint8_t>(value), static_cast<uint8_t>(value >> 8)});
}

Digest DigestMessage::sha256() const {
  return atecc608a::sha256(bytes_);
}

Digest sha256(std::span<const uint8_t> bytes) {
  Digest d{};
  CryptoPP::SHA256().CalculateDigest(d.data(), bytes.data(), bytes.size());
  return d;
}

bool digests_equal(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  return a.size() == b.size() && CryptoPP::VerifyBufsEqual(a.data(), b.data(), a.size());
}

bool temp_key_encrypts_with(const TempKey& t, uint8_t key_slot) {
  return t.valid && t.from_random && t.gen_dig_data && !t.no_mac && t.key_id == key_slot;
}

}  // namespace kb::sim::atecc608a
