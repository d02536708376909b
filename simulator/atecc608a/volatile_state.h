#pragma once
// What the chip keeps in SRAM (fact sheet B5.7): kept through idle, lost on sleep (word address
// 0x01, watchdog expiry) and on power loss.
#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace kb::sim::atecc608a {

// TempKey: 32 bytes (64 with the upper half, from a 64-byte pass-through Nonce) and its flags.
struct TempKey {
  std::array<uint8_t, 64> value{};
  bool valid = false;
  bool upper_valid = false;  // bytes 32..63 loaded too
  bool from_random = false;  // SourceFlag: made by a random Nonce (not pass-through)
  // The flags GenDig and GenKey leave (fact sheet B6.2 via cryptoauthlib's host helpers): a digest
  // over data slot key_id (what encrypted Read/Write check against ReadKey/WriteKey), a PubKey
  // digest of key_id, and whether the GenDig key was a NoMac key (TempKey then refuses MAC use).
  uint8_t key_id = 0;
  bool gen_dig_data = false;
  bool gen_key_data = false;
  bool no_mac = false;
  // Made by GenKey with Param2 0xFFFF: TempKey holds a P-256 private key (ECDH source bit 0).
  bool holds_private_key = false;
};

struct VolatileState {
  TempKey temp_key;
  std::array<uint8_t, 64> message_digest_buffer{};
  bool message_digest_buffer_valid = false;
  std::array<uint8_t, 32> alternate_key_buffer{};
  bool alternate_key_buffer_valid = false;
  // SHA-256 started and not yet ended: the message so far (the chip keeps the running state;
  // the model keeps the bytes, which hashes the same).
  std::optional<std::vector<uint8_t>> sha_message;
  // Set by an HMAC start: End then returns HMAC-SHA-256 under this key over the message.
  std::optional<std::array<uint8_t, 32>> sha_hmac_key;
  // The RNG: seeded since the last wake (a seed update wrote the EEPROM seed counter), and how
  // many 32-byte blocks were drawn since.
  std::optional<uint32_t> rng_seed_counter;
  uint32_t rng_blocks_drawn = 0;
  // The slot whose key was last proven by a matching CheckMac or used in a data-zone GenDig: what
  // KeyConfig.ReqAuth asks of AuthKey. Lost on sleep and on a failed CheckMac.
  std::optional<uint8_t> authorized_key;

  // Sleep and the watchdog: all SRAM state. The persistent latch outlives them (chip_latches.h).
  void clear() { *this = VolatileState{}; }
};

}  // namespace kb::sim::atecc608a
