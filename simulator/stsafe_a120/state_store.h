#pragma once
// Where the persistent state lives in the chip's NVM, and the only code that writes it. Every
// change goes through Nvm::program, so a power cut can tear it the way it would tear silicon.
//
// Layout (word = 4 bytes; each small field owns its word, so a tear leaves it old or new):
//   0x000  host key bank 0 (80 bytes)     0x0A0  host key control fields (2)
//   0x050  host key bank 1 (80 bytes)     0x0A4  life cycle (1)
//   0x0C0  symmetric slot controls,       0x0A8  I2C parameters (2)
//          16 x 4 bytes (3 used)          0x0AC  random counter (4, BE)
//   0x100  product data: length (2, BE)   0x0B0  random seed (8, BE)
//          then up to 254 bytes
//   0x200  command access bank 0 (64)     0x240  command access bank 1 (64)
//   0x280  symmetric key banks: slot s, bank b at 0x280 + (2 s + b) * 48
//
// Records that must change all at once (host key, command access table, each symmetric key) live
// in two banks. A bank starts with a commit word [0x5A, generation, x, y]; the bank with a valid
// commit word and the newer generation is the record in use. A write fills the other bank's data
// words first and its commit word (one NVM word: it lands whole or not at all) last, so a power
// cut before the commit word leaves the old record in use and untouched, and after it the new one.
//   host key bank:      commit [5A, gen, presence, type] | C-MAC counter (4, BE) | MAC key (32) | cipher key (32)
//   command access:     commit [5A, gen, change rights, 0] | one byte per factory record: AC | flags << 4
//   symmetric key bank: commit [5A, gen, presence, 0] | counter (4, BE) | key info (8) | key (32)
// Counters (host C-MAC counter, CCM key counter) are single words updated in place in the bank in
// use: a tear leaves the old or the new value.
//
// Private key table (private_keys.h), 0x880..0xBA3:
//   0x880  private key banks: slot s, bank b at 0x880 + (2 s + b) * 80
//          commit [5A, gen, presence, curve] | [usage limit (2, BE), mode (2)] | [uses left (2, BE), 0, 0] |
//          private key (up to 66 bytes, 68 reserved)
//   0xBA0  table header [change right, 0, global usage limit (2, BE)]
// A generated key pair lands in the other bank, so a power cut leaves the old key or the new one;
// uses left is a single word in place in the bank in use, like the other counters.
//
// Generic public key slots (public_key_slots.h), 0xC00..0xE4F:
//   0xC00  configuration flags, 4 x 4 bytes: [flags byte 0, flags byte 1, 0, 0]
//   0xC10  public key banks: slot s, bank b at 0xC10 + (2 s + b) * 72
//          commit [5A, gen, presence, curve] | key (68): 02 / 03 | X on the NIST and Brainpool
//          curves (the point compressed, SEC 1; read() decompresses it), the 32-byte key on
//          X25519 / Ed25519
// A written key lands in the other bank, so a power cut leaves the old key or the new one; the
// flags are one word in place (old or new).
//
// Local envelope keys and the password (local_envelope_keys.h, password.h), 0xF00..0xFD3:
//   0xF00  local envelope key banks: slot s, bank b at 0xF00 + (2 s + b) * 40
//          commit [5A, gen, presence, key type] | key (up to 32)
//   0xFC0  password word [presence, tries left, max tries, 0]   0xFC4  password (16)
// A generated key lands in the slot's other bank. The password word is one NVM word: a verify
// spends its try (and a right password restores them) in one program, a delete clears the presence
// there first and wipes the password bytes after.
//
// Data partitions (data_partitions.h) from 0x1000; 0xBA4..0xBFF and 0xE50..0xEFF stay free:
//   0x1000  zone count [n, 0, 0, 0]
//   0x1004  zone records, 32 x 12: [index, type, length (2, BE)] [access byte, 0, 0, 0] [counter (4, BE)]
//   0x1200  update journal: commit [5A, zone position, what, access byte] | offset (2, BE) | length (2, BE) |
//           counter (4, BE) | data (up to 752)
//   0x1500  zone bytes, zone after zone in table order, each rounded up to whole words, up to 0x4000
// An atomic update (and every decrement) goes through the journal: data words first, the commit
// word (one word: whole or not at all) next, then the zone's own words, and the commit word is
// cleared last. A journal whose commit word is valid is part of the state (read() lays it over
// the zone), so a power cut before the commit word leaves the old content and after it the new
// one; the next partition write finishes such a journal before anything else. Non-atomic updates
// write the zone's words directly, and a cut there leaves a mix (the chip promises nothing more).
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>

#include "simulator/nvm/nvm.h"
#include "simulator/stsafe_a120/state.h"

namespace kb::sim::stsafe_a120 {

// Thrown when a pending power cut stopped an NVM program part-way. The command in progress is
// abandoned; what reached the NVM stays.
class NvmWriteTorn : public std::runtime_error {
 public:
  NvmWriteTorn() : std::runtime_error("power lost during an NVM write") {}
};

NvmGeometry stsafe_nvm_geometry();

// Which persistent record the NVM byte at offset belongs to, by the layout above: "host key bank B
// commit word", "symmetric key slot 2 bank A", "life cycle", "unused" for a gap.
std::string nvm_record_name(size_t offset);

class StateStore {
 public:
  explicit StateStore(Nvm& nvm) : nvm_(nvm) {}

  State read() const;

  // Rewrites the whole image (fixture load). Every banked record is replaced.
  void write_all(const State& state);
  void write_host_key(const HostKeySlot& slot);
  void write_host_key_counter(uint32_t counter);
  void write_host_key_control(const HostKeyControl& control);
  void write_symmetric_slot_control(size_t slot, const SymmetricSlotControl& control);
  void write_symmetric_key(size_t slot, const SymmetricKeySlot& key);
  void write_symmetric_key_counter(size_t slot, uint32_t counter);
  void write_command_access(const CommandAccessTable& table);
  void write_life_cycle(LifeCycle lcs);
  void write_i2c_parameters(const I2cParameters& params);
  void write_random_counter(uint32_t counter);
  void write_private_key(size_t slot, const PrivateKeySlot& key);
  void write_private_key_uses(size_t slot, uint16_t uses_left);
  void write_public_key(size_t slot, const PublicKeySlot& key);  // the key part; flags stay
  void write_public_key_flags(size_t slot, const PublicKeyFlags& flags);
  void write_local_envelope_key(size_t slot, const LocalEnvelopeKey& key);
  // The password word with the present password's tries left (0..max tries).
  void write_password_tries(uint8_t tries_left);
  void delete_password();
  // Data partitions; `position` is the zone's place in State::data_partitions.
  // One word in place: the zone's access byte.
  void write_zone_access(size_t position, uint8_t access_byte);
  // Through the journal (see above): `data` at `offset` of the zone, and with them the counter and
  // the access byte when given.
  void write_zone_atomic(size_t position, size_t offset, std::span<const uint8_t> data, std::optional<uint32_t> counter,
                         std::optional<uint8_t> access_byte);
  // Straight into the zone's words, then the access byte when given.
  void write_zone_direct(size_t position, size_t offset, std::span<const uint8_t> data,
                         std::optional<uint8_t> access_byte);

  // A banked record: two banks of size bytes, bank 1 right after bank 0.
  struct Banks {
    size_t first = 0;
    size_t size = 0;
    bool (*valid)(std::span<const uint8_t> bank) = nullptr;  // checks beyond the commit marker
  };

 private:
  void program(size_t offset, std::span<const uint8_t> bytes);
  std::optional<size_t> active_bank(const Banks& banks) const;  // offset of the bank in use
  void write_banked(const Banks& banks, uint8_t commit2, uint8_t commit3, std::span<const uint8_t> body);
  // Applies and clears a committed journal left by a power cut (no-op when there is none).
  void settle_zone_journal();

  Nvm& nvm_;
};

}  // namespace kb::sim::stsafe_a120
