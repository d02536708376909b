#include "simulator/nrf/nrf5340.h"

#include "simulator/nrf/nrf5340_map.h"

namespace kb::sim::nrf {

NvmGeometry code_flash_geometry() {
  NvmGeometry g;
  g.size = kFlashSize;
  g.page_size = kFlashPageSize;
  g.word_size = 4;
  g.erased_value = 0xFF;
  g.program_clears_bits_only = true;
  g.program_word_ns = kWordProgramNs;
  g.erase_page_ns = kPageEraseNs;
  return g;
}

namespace {

bool in_range(uint32_t address, uint32_t base, uint32_t size) {
  return address >= base && address - base < size;
}

}  // namespace

std::string_view lifecycle_name(Lifecycle l) {
  switch (l) {
    case Lifecycle::kAssembly: return "assembly";
    case Lifecycle::kProvisioning: return "provisioning";
    case Lifecycle::kSecured: return "secured";
    case Lifecycle::kDecommissioned: return "decommissioned";
    case Lifecycle::kUnreadable: return "unreadable";
  }
  return "unreadable";
}

Nrf5340::Nrf5340(Scheduler& scheduler)
    : scheduler_(scheduler), cryptocell_(scheduler), kmu_(uicr_, cryptocell_, scheduler) {}

Nrf5340::~Nrf5340() = default;

Nvm& Nrf5340::flash() {
  if (!flash_) flash_ = std::make_unique<Nvm>(code_flash_geometry());
  if (hooked_flash_ != flash_.get()) {
    flash_->set_write_hook(nvm_hook_);
    hooked_flash_ = flash_.get();
  }
  return *flash_;
}

void Nrf5340::set_nvm_write_hook(std::function<NvmWriteVerdict(const NvmWrite&)> hook) {
  nvm_hook_ = std::move(hook);
  uicr_.nvm().set_write_hook(nvm_hook_);
  hooked_flash_ = nullptr;  // flash() hands the hook over on its next use
}

void Nrf5340::reset_volatile() {
  kmu_.reset();
  cryptocell_.reset();
  nvmc_config_ = nvmc_partial_cfg_ = nvmc_config_ns_ = nvmc_write_uicr_ns_ = 0;
}

void Nrf5340::power_cycle() {
  reset_volatile();
  last_nvmc_.reset();
  powered_ = true;
}

std::string Nrf5340::activity() const {
  return last_nvmc_ ? describe_nvmc_operation(*last_nvmc_) : std::string{};
}

uint32_t Nrf5340::read32(uint32_t address) {
  if (!access_observer_) return read_mapped(address);
  RegisterAccess a;
  a.start_ns = scheduler_.now();
  a.address = address;
  const uint64_t errors = bus_errors_;
  a.value = read_mapped(address);
  a.bus_error = bus_errors_ != errors;
  a.unpowered = !powered_;
  a.end_ns = scheduler_.now();
  access_observer_(a);
  return a.value;
}

void Nrf5340::write32(uint32_t address, uint32_t value) {
  if (!access_observer_) return write_mapped(address, value);
  RegisterAccess a;
  a.start_ns = scheduler_.now();
  a.address = address;
  a.value = value;
  a.write = true;
  const uint64_t errors = bus_errors_;
  write_mapped(address, value);
  a.bus_error = bus_errors_ != errors;
  a.unpowered = !powered_;
  a.end_ns = scheduler_.now();
  access_observer_(a);
}

uint32_t Nrf5340::read_mapped(uint32_t address) {
  if (!powered_) return 0;
  if (address % 4 != 0) {
    ++bus_errors_;
    return 0;
  }
  if (in_range(address, kFlashBase, kFlashSize)) return read_flash(address - kFlashBase);
  if (in_range(address, kUicrBase, kUicrSize)) return read_uicr(address - kUicrBase);
  if (in_range(address, kKmuNvmcBase, 0x1000)) return read_block(address - kKmuNvmcBase);
  // Key registers are write-only: a read answers zero, never the key.
  if (CryptoCell::is_key_register(address)) return 0;
  if (in_range(address, kKdfPortBase, 0x1000)) {
    bool mapped = false;
    uint32_t v = cryptocell_.read_port(address - kKdfPortBase, mapped);
    if (mapped) return v;
  }
  ++bus_errors_;
  return 0;
}

void Nrf5340::write_mapped(uint32_t address, uint32_t value) {
  if (!powered_) return;
  if (address % 4 != 0) {
    ++bus_errors_;
    return;
  }
  if (in_range(address, kFlashBase, kFlashSize)) return write_flash(address - kFlashBase, value);
  if (in_range(address, kUicrBase, kUicrSize)) return write_uicr(address - kUicrBase, value);
  if (in_range(address, kKmuNvmcBase, 0x1000)) return write_block(address - kKmuNvmcBase, value);
  if (CryptoCell::is_key_register(address)) return cryptocell_.write_key_word(address, value);
  if (in_range(address, kKdfPortBase, 0x1000)) {
    bool mapped = false;
    cryptocell_.write_port(address - kKdfPortBase, value, mapped);
    if (mapped) return;
  }
  ++bus_errors_;
}

uint32_t Nrf5340::read_uicr(uint32_t offset) {
  if (offset < kUicrKeyConfigBegin) return uicr_.word(offset);
  return kmu_.read_key_region(offset);
}

bool Nrf5340::settle(const ProgramResult& r) {
  switch (r.outcome) {
    case ProgramOutcome::kProgrammed:
      ++uicr_words_programmed_;
      scheduler_.advance_by(r.cost);
      return true;
    case ProgramOutcome::kBlocked: kmu_.block(); return false;
    case ProgramOutcome::kTorn: powered_ = false; return false;
  }
  return false;
}

void Nrf5340::write_uicr(uint32_t offset, uint32_t value) {
  // Page erase does not reach the UICR; only a write-enabled NVMC programs it (§1.6).
  if ((nvmc_config_ & 7u) != kWenWrite) {
    ++ignored_writes_;
    return;
  }
  const bool key_region = offset >= kUicrKeyConfigBegin;
  if (key_region && !kmu_.admit_key_region_write(offset, value)) return;
  last_nvmc_ = NvmcOperation{NvmcOperation::Kind::kUicrWrite, offset, value};
  if (!settle(uicr_.program(offset, value))) return;
  auto word = decode_key_region(offset);
  // Clearing STATE revokes the slot, and the KMU zeroizes its value words (§1.6).
  if (word && word->field == KeyRegionWord::Field::kPerm && (uicr_.word(offset) & kPermStateActive) == 0) {
    for (unsigned i = 0; i < 4; ++i) {
      last_nvmc_ = NvmcOperation{NvmcOperation::Kind::kKmuZeroize, value_offset(word->slot, i), 0};
      if (!settle(uicr_.zeroize(value_offset(word->slot, i)))) return;
    }
  }
}

uint32_t Nrf5340::read_flash(uint32_t offset) const {
  if (!flash_) return 0xFFFFFFFFu;
  uint8_t b[4];
  flash_->read(offset, b);
  return static_cast<uint32_t>(b[0]) | static_cast<uint32_t>(b[1]) << 8 | static_cast<uint32_t>(b[2]) << 16 |
         static_cast<uint32_t>(b[3]) << 24;
}

void Nrf5340::write_flash(uint32_t offset, uint32_t value) {
  const uint32_t wen = nvmc_config_ & 7u;
  if (wen == kWenWrite) {
    const uint8_t b[4] = {static_cast<uint8_t>(value), static_cast<uint8_t>(value >> 8),
                          static_cast<uint8_t>(value >> 16), static_cast<uint8_t>(value >> 24)};
    last_nvmc_ = NvmcOperation{NvmcOperation::Kind::kFlashWrite, offset, value};
    auto cost = flash().program(offset, b);
    if (!cost) {
      powered_ = false;
      return;
    }
    ++flash_words_programmed_;
    scheduler_.advance_by(*cost);
    return;
  }
  // Erase-enabled: writing 0xFFFFFFFF to a word erases the page holding it.
  if (wen == kWenErase && value == 0xFFFFFFFFu) {
    last_nvmc_ = NvmcOperation{NvmcOperation::Kind::kFlashPageErase, offset, value};
    auto cost = flash().erase_page(offset / kFlashPageSize);
    if (!cost) {
      powered_ = false;
      return;
    }
    scheduler_.advance_by(*cost);
    return;
  }
  ++ignored_writes_;
}

uint32_t Nrf5340::read_block(uint32_t offset) {
  bool mapped = false;
  uint32_t v = kmu_.read_register(offset, mapped);
  if (mapped) return v;
  switch (offset) {
    // The CPU stalls through every program and erase, so it never observes the NVMC busy.
    case kNvmcReady:
    case kNvmcReadyNext: return 1;
    case kNvmcConfig: return nvmc_config_;
    case kNvmcEraseAll: return 0;
    case kNvmcErasePagePartialCfg: return nvmc_partial_cfg_;
    case kNvmcConfigNs: return nvmc_config_ns_;
    case kNvmcWriteUicrNs: return nvmc_write_uicr_ns_;
    default: ++bus_errors_; return 0;
  }
}

void Nrf5340::write_block(uint32_t offset, uint32_t value) {
  bool mapped = false;
  kmu_.write_register(offset, value, mapped);
  if (mapped) return;
  switch (offset) {
    case kNvmcConfig: nvmc_config_ = value & 7u; return;
    case kNvmcEraseAll:
      if (value & 1u) erase_all();
      return;
    case kNvmcErasePagePartialCfg: nvmc_partial_cfg_ = value & 0x7Fu; return;
    case kNvmcConfigNs: nvmc_config_ns_ = value & 3u; return;
    case kNvmcWriteUicrNs: nvmc_write_uicr_ns_ = value; return;
    case kNvmcReady:
    case kNvmcReadyNext: return;  // read-only
    default: ++bus_errors_; return;
  }
}

void Nrf5340::erase_all() {
  // ERASEALL needs erase enabled, and UICR.ERASEPROTECT = 0 (Protected) blocks it (§1.6).
  if ((nvmc_config_ & 7u) != kWenErase || uicr_.word(kUicrEraseprotect) == 0) {
    ++ignored_writes_;
    return;
  }
  last_nvmc_ = NvmcOperation{NvmcOperation::Kind::kEraseAll, 0, 0};
  uicr_.erase_all();
  if (flash_) (void)flash_->erase_all();
  scheduler_.advance_by(kEraseAllNs);
}

Lifecycle decode_lifecycle(uint32_t w0, uint32_t w1) {
  const uint32_t provisioning = w0 & 0xFFFFu, secure = w0 >> 16, decommissioned = w1 >> 16;
  auto is = [&](uint32_t p, uint32_t s, uint32_t d) { return provisioning == p && secure == s && decommissioned == d; };
  if (is(0xFFFF, 0xFFFF, 0xFFFF)) return Lifecycle::kAssembly;
  if (is(0x0000, 0xFFFF, 0xFFFF)) return Lifecycle::kProvisioning;
  if (is(0x0000, 0x0000, 0xFFFF)) return Lifecycle::kSecured;
  if (is(0x0000, 0x0000, 0x0000)) return Lifecycle::kDecommissioned;
  return Lifecycle::kUnreadable;
}

Lifecycle Nrf5340::lifecycle() const {
  return decode_lifecycle(uicr_.word(kBlStorageOffset), uicr_.word(kBlStorageOffset + 4));
}

bool Nrf5340::huk_written(unsigned first_slot) const {
  return slot_state(first_slot) != SlotState::kEmpty || slot_state(first_slot + 1) != SlotState::kEmpty;
}

bool Nrf5340::identity_key_written() const {
  return uicr_.word(perm_offset(6)) == 0xFFFFFFFAu && uicr_.word(perm_offset(7)) == 0xFFFFFFFAu;
}

}  // namespace kb::sim::nrf
