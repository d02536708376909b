#pragma once
// The nRF5340 KMU (fact sheet §1.2, §1.5–1.7): slot selection, the access filter in front of the
// UICR key-slot region, and the push of a slot's value to its CryptoCell destination.
#include <cstdint>
#include <optional>
#include <string_view>

#include "simulator/nrf/cryptocell.h"
#include "simulator/nrf/uicr_store.h"
#include "simulator/time/scheduler.h"

namespace kb::sim::nrf {

// §1.7, derived from a slot's PERM/DEST/VALUE words.
enum class SlotState : uint8_t { kEmpty, kStaged, kConfigured, kRevoked };
std::string_view slot_state_name(SlotState s);
SlotState slot_state_of(const UicrStore& uicr, unsigned slot);

// Which slot and field a key-region offset names.
struct KeyRegionWord {
  unsigned slot;
  enum class Field : uint8_t { kDest, kPerm, kValue } field;
  unsigned value_index;  // for kValue
};
// Inline: the KMU filter decodes on every key-region access.
inline std::optional<KeyRegionWord> decode_key_region(uint32_t offset) {
  if (offset < kUicrKeyConfigBegin || offset >= kUicrKeyValueEnd || offset % 4 != 0) return std::nullopt;
  if (offset < kUicrKeyValueBegin) {
    const uint32_t rel = offset - kUicrKeyConfigBegin;
    return KeyRegionWord{rel / 8, rel % 8 == 0 ? KeyRegionWord::Field::kDest : KeyRegionWord::Field::kPerm, 0};
  }
  const uint32_t rel = offset - kUicrKeyValueBegin;
  return KeyRegionWord{rel / 16, KeyRegionWord::Field::kValue, (rel % 16) / 4};
}

class Kmu {
 public:
  Kmu(const UicrStore& uicr, CryptoCell& cryptocell, Scheduler& scheduler);

  // Registers of the KMU half of the shared block. mapped = false for an offset the KMU lacks.
  uint32_t read_register(uint32_t offset, bool& mapped) const;
  void write_register(uint32_t offset, uint32_t value, bool& mapped);

  // A CPU read of the key-slot region through the filter: the stored word, or 0xDEADDEAD with
  // STATUS.BLOCKED set when the slot is not the selected one, not readable, or revoked.
  uint32_t read_key_region(uint32_t offset);
  // Whether a CPU write to the key-slot region may reach the NVMC. A refusal sets STATUS.BLOCKED.
  bool admit_key_region_write(uint32_t offset, uint32_t value);
  // Any other refused UICR write (the OTP halfword rule) is reported the same way.
  void block() { status_ |= kKmuStatusBlocked; }

  // The UICR index of the selected slot, if any.
  std::optional<unsigned> selected() const {
    if ((status_ & kKmuStatusSelected) == 0) return std::nullopt;
    return select_ - 1;
  }
  void reset();

 private:
  void push();
  void finish_push(uint64_t generation, uint32_t event_offset);

  const UicrStore& uicr_;
  CryptoCell& cryptocell_;
  Scheduler& scheduler_;
  uint32_t select_ = 0;
  uint32_t status_ = 0;
  uint32_t events_pushed_ = 0;
  uint32_t events_revoked_ = 0;
  uint32_t events_error_ = 0;
  uint32_t inten_ = 0;
  uint64_t generation_ = 0;
};

}  // namespace kb::sim::nrf
