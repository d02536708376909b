#pragma once
// The slice of CryptoCell CC312 the key flows reach: the write-only AES and ChaCha key registers a
// KMU push fills (fact sheet §1.8), and the shadow-key derivation of §3.6 keyed by the pushed AES
// key, offered through a model-only register port (nrf5340_map.h, docs/fidelity.md).
#include <array>
#include <cstdint>

#include "simulator/time/scheduler.h"

namespace kb::sim::nrf {

class CryptoCell {
 public:
  explicit CryptoCell(Scheduler& scheduler);

  // True for an address inside the AES or ChaCha key register arrays.
  static bool is_key_register(uint32_t address);
  // The 16-byte-aligned key register addresses a KMU push may target.
  static bool is_push_destination(uint32_t address);

  // CPU writes to a key register (secure APB). Key registers read back as zero.
  void write_key_word(uint32_t address, uint32_t value);
  // A KMU push: four words from the slot's VALUE into dest.
  void push(uint32_t dest, const std::array<uint32_t, 4>& words);

  uint32_t read_port(uint32_t offset, bool& mapped) const;
  void write_port(uint32_t offset, uint32_t value, bool& mapped);

  // Power loss: key registers, port registers and any derivation in progress are gone.
  void reset();

  // For tests: what the key registers hold (LE bytes of words 0..7) and which words were loaded.
  std::array<uint8_t, 32> aes_key() const { return bytes_of(aes_); }
  std::array<uint8_t, 32> chacha_key() const { return bytes_of(chacha_); }
  uint8_t aes_loaded_words() const { return aes_loaded_; }
  uint64_t derivations() const { return derivations_; }

 private:
  static std::array<uint8_t, 32> bytes_of(const std::array<uint32_t, 8>& words);
  void start();

  Scheduler& scheduler_;
  std::array<uint32_t, 8> aes_{};
  std::array<uint32_t, 8> chacha_{};
  uint8_t aes_loaded_ = 0;  // bit i: AES key word i written since reset
  // Port registers.
  uint32_t events_done_ = 0;
  uint32_t events_error_ = 0;
  uint32_t keybits_ = 0;
  uint32_t label_size_ = 0;
  uint32_t context_size_ = 0;
  uint32_t output_size_ = 0;
  uint32_t error_src_ = 0;
  std::array<uint32_t, 16> label_{};
  std::array<uint32_t, 16> context_{};
  std::array<uint32_t, 16> output_{};
  bool busy_ = false;
  uint64_t generation_ = 0;  // completions scheduled before a reset must not land after it
  uint64_t derivations_ = 0;
};

}  // namespace kb::sim::nrf
