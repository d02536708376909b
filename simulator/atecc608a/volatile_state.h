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
  // Which slot the value was made from, and by what (GenDig / GenKey digest); the Sign internal
  // message and Info State carry them.
  uint8_t key_id = 0;
  bool gen_dig_data = false;
  bool gen_key_data = false;
  bool no_mac = false;  // NoMacFlag: made from a slot whose SlotConfig.NoMac is set
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

  void clear() { *this = VolatileState{}; }
};

}  // namespace kb::sim::atecc608a
