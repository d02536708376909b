#include "simulator/nrf/kmu.h"

namespace kb::sim::nrf {

std::string_view slot_state_name(SlotState s) {
  switch (s) {
    case SlotState::kEmpty: return "empty";
    case SlotState::kStaged: return "staged";
    case SlotState::kConfigured: return "configured";
    case SlotState::kRevoked: return "revoked";
  }
  return "empty";
}

SlotState slot_state_of(const UicrStore& uicr, unsigned slot) {
  const uint32_t perm = uicr.word(perm_offset(slot));
  if ((perm & kPermStateActive) == 0) return SlotState::kRevoked;
  if ((perm & 0xFFFFu) != 0xFFFFu) return SlotState::kConfigured;
  bool erased = perm == 0xFFFFFFFFu && uicr.word(dest_offset(slot)) == 0xFFFFFFFFu;
  for (unsigned i = 0; i < 4; ++i) erased = erased && uicr.word(value_offset(slot, i)) == 0xFFFFFFFFu;
  return erased ? SlotState::kEmpty : SlotState::kStaged;
}

Kmu::Kmu(const UicrStore& uicr, CryptoCell& cryptocell, Scheduler& scheduler)
    : uicr_(uicr), cryptocell_(cryptocell), scheduler_(scheduler) {}

uint32_t Kmu::read_register(uint32_t offset, bool& mapped) const {
  mapped = true;
  switch (offset) {
    case kKmuTasksPushKeyslot: return 0;
    case kKmuEventsPushed: return events_pushed_;
    case kKmuEventsRevoked: return events_revoked_;
    case kKmuEventsError: return events_error_;
    case kKmuInten:
    case kKmuIntenset:
    case kKmuIntenclr: return inten_;
    case kKmuIntpend: return inten_ & (events_pushed_ | events_revoked_ << 1 | events_error_ << 2);
    case kKmuStatus: return status_;
    case kKmuSelectKeyslot: return select_;
    default: mapped = false; return 0;
  }
}

void Kmu::write_register(uint32_t offset, uint32_t value, bool& mapped) {
  mapped = true;
  switch (offset) {
    case kKmuTasksPushKeyslot:
      if (value & 1u) push();
      return;
    case kKmuEventsPushed: events_pushed_ = value & 1u; return;
    case kKmuEventsRevoked: events_revoked_ = value & 1u; return;
    case kKmuEventsError: events_error_ = value & 1u; return;
    case kKmuInten: inten_ = value & 7u; return;
    case kKmuIntenset: inten_ |= value & 7u; return;
    case kKmuIntenclr: inten_ &= ~(value & 7u); return;
    case kKmuSelectKeyslot:
      // STATUS is cleared and re-evaluated on every write of SELECTKEYSLOT (§1.2).
      select_ = value & 0xFFu;
      status_ = (select_ >= 1 && select_ <= kKeySlots) ? kKmuStatusSelected : 0;
      return;
    case kKmuIntpend:
    case kKmuStatus: return;  // read-only
    default: mapped = false; return;
  }
}

uint32_t Kmu::read_key_region(uint32_t offset) {
  auto word = decode_key_region(offset);
  auto sel = selected();
  if (!word || !sel || *sel != word->slot) {
    block();
    return kBlockedRead;
  }
  if (word->field != KeyRegionWord::Field::kValue) return uicr_.word(offset);
  const uint32_t perm = uicr_.word(perm_offset(word->slot));
  if ((perm & kPermStateActive) == 0 || (perm & kPermRead) == 0) {
    block();
    return kBlockedRead;
  }
  return uicr_.word(offset);
}

bool Kmu::admit_key_region_write(uint32_t offset, uint32_t value) {
  (void)value;
  auto word = decode_key_region(offset);
  auto sel = selected();
  bool allowed = word && sel && *sel == word->slot;
  if (allowed) {
    const uint32_t perm = uicr_.word(perm_offset(word->slot));
    const bool revoked = (perm & kPermStateActive) == 0;
    const bool configured = (perm & 0xFFFFu) != 0xFFFFu;
    if (revoked) {
      allowed = false;
    } else if (word->field != KeyRegionWord::Field::kPerm && configured && (perm & kPermWrite) == 0) {
      allowed = false;
    }
  }
  if (!allowed) block();
  return allowed;
}

void Kmu::push() {
  auto sel = selected();
  uint32_t event = kKmuEventsPushed;
  if (!sel) {
    event = kKmuEventsError;
  } else {
    const unsigned slot = *sel;
    const uint32_t perm = uicr_.word(perm_offset(slot));
    const uint32_t dest = uicr_.word(dest_offset(slot));
    if ((perm & kPermStateActive) == 0) {
      event = kKmuEventsRevoked;
    } else if ((perm & kPermPush) == 0 || !CryptoCell::is_push_destination(dest)) {
      event = kKmuEventsError;
    } else {
      std::array<uint32_t, 4> words{};
      for (unsigned i = 0; i < 4; ++i) words[i] = uicr_.word(value_offset(slot, i));
      const uint64_t generation = generation_;
      scheduler_.schedule_in(kPushNs, [this, generation, dest, words] {
        if (generation != generation_) return;
        cryptocell_.push(dest, words);
        events_pushed_ = 1;
      });
      return;
    }
  }
  finish_push(generation_, event);
}

void Kmu::finish_push(uint64_t generation, uint32_t event_offset) {
  scheduler_.schedule_in(kPushNs, [this, generation, event_offset] {
    if (generation != generation_) return;
    if (event_offset == kKmuEventsRevoked) events_revoked_ = 1;
    if (event_offset == kKmuEventsError) events_error_ = 1;
  });
}

void Kmu::reset() {
  ++generation_;
  select_ = status_ = 0;
  events_pushed_ = events_revoked_ = events_error_ = 0;
  inten_ = 0;
}

}  // namespace kb::sim::nrf
