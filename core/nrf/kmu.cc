#include "core/nrf/kmu.h"

#include "core/nrf/nrf_status.h"
#include "core/nrf/poll.h"

namespace kb::core::nrf {

namespace {

// The push latency is unpublished; nrfx's nRF54L driver allows 500 polls of 10 µs (§1.9).
constexpr uint32_t kPushBudgetUs = 5000;
constexpr uint32_t kPushStepUs = 1;

uint32_t le_word(KeySlotValue v, unsigned i) {
  return static_cast<uint32_t>(v[4 * i]) | static_cast<uint32_t>(v[4 * i + 1]) << 8 |
         static_cast<uint32_t>(v[4 * i + 2]) << 16 | static_cast<uint32_t>(v[4 * i + 3]) << 24;
}

// A deselect on every exit path, as the PS requires "select key slot 0" last.
class Selection {
 public:
  Selection(hal::RegisterBus& bus, uint32_t select_address) : bus_(bus), address_(select_address) {}
  ~Selection() { bus_.write32(address_, 0); }
  Selection(const Selection&) = delete;
  Selection& operator=(const Selection&) = delete;

 private:
  hal::RegisterBus& bus_;
  uint32_t address_;
};

}  // namespace

bool Kmu::select(unsigned slot) {
  set_reg(reg::kSelectKeyslot, slot + 1);
  return (reg(reg::kKmuStatus) & reg::kKmuStatusSelected) != 0;
}

bool Kmu::blocked() {
  return (reg(reg::kKmuStatus) & reg::kKmuStatusBlocked) != 0;
}

Status Kmu::program_and_verify(uint32_t address, uint32_t value) {
  KB_TRY(nvmc_.write_word(address, value));
  // A refused write leaves BLOCKED set; a torn or lost one reads back different.
  if (blocked() || bus_.read32(address) != value) return nrf_status(NrfStatus::kKmuWriteKeyFailed);
  return Status();
}

Status Kmu::write_key_slot(unsigned slot, uint32_t dest, uint32_t perm, KeySlotValue value) {
  if (slot >= kKmuSlotCount) return nrf_status(NrfStatus::kKmuInvalidSlot);
  // PERM must configure the slot (low half programmed) and leave it active.
  if ((perm & 0xFFFFu) == 0xFFFFu || (perm & kPermStateActive) == 0) {
    return nrf_status(NrfStatus::kKmuWriteInvalidPerm);
  }
  const bool pushable = (perm & kPermPush) != 0;
  if (pushable ? !is_key_destination(soc_, dest) : (dest != kNoDestination && !is_key_destination(soc_, dest))) {
    return nrf_status(NrfStatus::kKmuWrongAddress);
  }
  if (slot_is_written(slot)) return nrf_status(NrfStatus::kKmuAlreadyFilled);

  Selection selection(bus_, soc_.kmu_nvmc_base + reg::kSelectKeyslot);
  if (!select(slot)) return nrf_status(NrfStatus::kKmuInvalidSlot);
  if (dest != kNoDestination) KB_TRY(program_and_verify(slot_dest_address(soc_, slot), dest));
  for (unsigned i = 0; i < 4; ++i) KB_TRY(program_and_verify(slot_value_address(soc_, slot, i), le_word(value, i)));
  // Permissions last: from here on a push-only value can no longer be read back.
  return program_and_verify(slot_perm_address(soc_, slot), perm);
}

bool Kmu::slot_is_written(unsigned slot) {
  if (slot >= kKmuSlotCount) return false;
  Selection selection(bus_, soc_.kmu_nvmc_base + reg::kSelectKeyslot);
  (void)select(slot);
  if (bus_.read32(slot_perm_address(soc_, slot)) != kErasedWord) return true;
  if (bus_.read32(slot_dest_address(soc_, slot)) != kErasedWord) return true;
  for (unsigned i = 0; i < 4; ++i) {
    if (bus_.read32(slot_value_address(soc_, slot, i)) != kErasedWord) return true;
  }
  return false;
}

uint32_t Kmu::read_perm(unsigned slot) {
  Selection selection(bus_, soc_.kmu_nvmc_base + reg::kSelectKeyslot);
  (void)select(slot);
  return bus_.read32(slot_perm_address(soc_, slot));
}

uint32_t Kmu::read_dest(unsigned slot) {
  Selection selection(bus_, soc_.kmu_nvmc_base + reg::kSelectKeyslot);
  (void)select(slot);
  return bus_.read32(slot_dest_address(soc_, slot));
}

Status Kmu::read_value(unsigned slot, std::span<uint8_t, 16> out) {
  if (slot >= kKmuSlotCount) return nrf_status(NrfStatus::kKmuInvalidSlot);
  Selection selection(bus_, soc_.kmu_nvmc_base + reg::kSelectKeyslot);
  if (!select(slot)) return nrf_status(NrfStatus::kKmuInvalidSlot);
  for (unsigned i = 0; i < 4; ++i) {
    const uint32_t w = bus_.read32(slot_value_address(soc_, slot, i));
    for (unsigned b = 0; b < 4; ++b) out[4 * i + b] = static_cast<uint8_t>(w >> (8 * b));
  }
  // 0xDEADDEAD is also a possible stored word; BLOCKED tells the two apart.
  if (blocked()) {
    for (auto& b : out) b = 0;
    return nrf_status(NrfStatus::kKmuReadBlocked);
  }
  return Status();
}

Status Kmu::push(unsigned slot) {
  if (slot >= kKmuSlotCount) return nrf_status(NrfStatus::kKmuInvalidSlot);
  Selection selection(bus_, soc_.kmu_nvmc_base + reg::kSelectKeyslot);
  if (!select(slot)) return nrf_status(NrfStatus::kKmuInvalidSlot);
  set_reg(reg::kEventsKeyslotPushed, 0);
  set_reg(reg::kEventsKeyslotRevoked, 0);
  set_reg(reg::kEventsKeyslotError, 0);
  set_reg(reg::kTasksPushKeyslot, 1);
  uint32_t pushed = 0, revoked = 0, error = 0;
  const bool done = poll_until(nvmc_.clock(), kPushBudgetUs, kPushStepUs, [&] {
    pushed = reg(reg::kEventsKeyslotPushed);
    revoked = reg(reg::kEventsKeyslotRevoked);
    error = reg(reg::kEventsKeyslotError);
    return (pushed | revoked | error) != 0;
  });
  set_reg(reg::kEventsKeyslotPushed, 0);
  set_reg(reg::kEventsKeyslotRevoked, 0);
  set_reg(reg::kEventsKeyslotError, 0);
  if (!done) return nrf_status(NrfStatus::kKmuTimeout);
  if (revoked) return nrf_status(NrfStatus::kKmuPushRevoked);
  if (error) return nrf_status(NrfStatus::kKmuPushError);
  return Status();
}

Status Kmu::revoke(unsigned slot) {
  if (slot >= kKmuSlotCount) return nrf_status(NrfStatus::kKmuInvalidSlot);
  Selection selection(bus_, soc_.kmu_nvmc_base + reg::kSelectKeyslot);
  if (!select(slot)) return nrf_status(NrfStatus::kKmuInvalidSlot);
  // Upper halfword only, the lower half given as 0xFFFF (§1.6).
  KB_TRY(nvmc_.write_word(slot_perm_address(soc_, slot), 0xFFFEFFFFu));
  if (blocked() || (bus_.read32(slot_perm_address(soc_, slot)) & kPermStateActive) != 0) {
    return nrf_status(NrfStatus::kKmuWriteKeyFailed);
  }
  return Status();
}

}  // namespace kb::core::nrf
