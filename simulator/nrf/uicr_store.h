#pragma once
// The UICR's 4 KiB of flash behind the NVMC: words only lose bits until ERASEALL, each word may be
// programmed nWRITE times between erases, and OTP words and key-slot PERM words follow the
// write-once halfword rule (fact sheet §1.3, §1.6). Programming goes through kb::sim::Nvm so a
// power cut tears a run of writes exactly at a word boundary.
#include <array>
#include <cstdint>
#include <span>

#include "simulator/nrf/nrf5340_map.h"
#include "simulator/nvm/nvm.h"

namespace kb::sim::nrf {

inline constexpr unsigned kUicrWords = kUicrSize / 4;

enum class ProgramOutcome : uint8_t {
  kProgrammed,  // the word now holds old & value
  kBlocked,     // a halfword rule refused it; nothing changed
  kTorn,        // power was cut before the word landed; it keeps its old value
};

struct ProgramResult {
  ProgramOutcome outcome;
  Nanoseconds cost = 0;
};

// True for words whose two halfwords are each write-once: the OTP array and every PERM word.
bool is_halfword_once_word(uint32_t offset);
// The halfword rule: each half that is not 0xFFFF in value may only land on a half reading 0xFFFF.
bool halfword_write_allowed(uint32_t current, uint32_t value);

class UicrStore {
 public:
  UicrStore();

  uint32_t word(uint32_t offset) const;
  std::span<const uint8_t> bytes() const { return nvm_.bytes(); }
  uint8_t writes_since_erase(uint32_t offset) const { return writes_[offset / 4]; }
  uint64_t nwrite_violations() const { return nwrite_violations_; }

  // One NVMC word program at a word-aligned offset, halfword rule included.
  ProgramResult program(uint32_t offset, uint32_t value);
  // The KMU's own zeroization of a revoked slot's value words: not subject to the halfword rule.
  ProgramResult zeroize(uint32_t offset);
  void erase_all();

  // Replaces the contents wholesale (state load). counts[i] is word i's writes since erase.
  void restore(const std::array<uint32_t, kUicrWords>& words, const std::array<uint8_t, kUicrWords>& counts);

  Nvm& nvm() { return nvm_; }

 private:
  ProgramResult land(uint32_t offset, uint32_t value);
  Nvm nvm_;
  std::array<uint8_t, kUicrWords> writes_{};
  uint64_t nwrite_violations_ = 0;
};

}  // namespace kb::sim::nrf
