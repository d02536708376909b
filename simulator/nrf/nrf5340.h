#pragma once
// A register-accurate slice of the nRF5340 application core for key provisioning: KMU, UICR
// (OTP, lifecycle words, key slots), NVMC and the CryptoCell key destinations, behind its memory
// map (fact sheet nrf-kmu-lifecycle.md). Firmware reaches it with 32-bit reads and writes.
//
// NVMC programs stall the CPU for tWRITE (the firmware runs from flash), so each programmed word
// advances virtual time by 43 µs before write32 returns. A power cut armed on the UICR's NVM tears
// the run of writes at a word boundary; the chip is then dead until power_cycle().
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "simulator/bench/device.h"
#include "simulator/nrf/cryptocell.h"
#include "simulator/nrf/kmu.h"
#include "simulator/nrf/uicr_names.h"
#include "simulator/nrf/uicr_store.h"
#include "simulator/nvm/nvm.h"
#include "simulator/time/scheduler.h"

namespace kb::sim::nrf {

// The PSA lifecycle as the bootloader-storage words encode it (§5.2), decoded device-side.
enum class Lifecycle : uint8_t { kAssembly, kProvisioning, kSecured, kDecommissioned, kUnreadable };
std::string_view lifecycle_name(Lifecycle l);
// w0, w1: the words at BL_STORAGE+0 and +4 (halfwords provisioning, secure, padding, decommissioned).
Lifecycle decode_lifecycle(uint32_t w0, uint32_t w1);
// Code flash: 256 pages of 4 KiB, flash semantics, tWRITE and tERASEPAGE of §7.
NvmGeometry code_flash_geometry();

// One CPU access to the memory map as the chip saw it, for traces.
struct RegisterAccess {
  Nanoseconds start_ns = 0;
  Nanoseconds end_ns = 0;  // later than start_ns when an NVMC program stalled the CPU
  uint32_t address = 0;
  uint32_t value = 0;  // the word written, or the word read
  bool write = false;
  bool bus_error = false;  // unmapped or misaligned: a read answered 0, a write was ignored
  // The chip was dead after a power cut, or died in this access (a torn program): a read answered
  // 0, a write was lost.
  bool unpowered = false;
};

class Nrf5340 final : public Device {
 public:
  explicit Nrf5340(Scheduler& scheduler);
  ~Nrf5340() override;

  std::string_view kind() const override { return "nrf5340"; }
  void power_cycle() override;
  nlohmann::json save_state() const override;
  void load_state(const JsonView& state) override;
  // The last NVMC program or erase since power-up (the one in progress when seen from an NVM write
  // hook, the torn one after a power cut): "NVMC write 0xFFFF0000 to UICR+0x0100 (BL_STORAGE
  // lifecycle word 0)". Empty after power_cycle().
  std::string activity() const override;
  void set_nvm_write_hook(std::function<NvmWriteVerdict(const NvmWrite&)> hook) override;
  // The NVMs behind the NVMC, for fault injection hooks. The code flash is created on first use.
  Nvm& uicr_nvm() { return uicr_.nvm(); }
  Nvm& code_flash() { return flash(); }

  // The CPU's view of the bus. Unmapped or misaligned addresses read 0 and ignore writes (on silicon
  // a bus fault); they are counted in bus_errors().
  uint32_t read32(uint32_t address);
  void write32(uint32_t address, uint32_t value);
  // Sees every read32 and write32 once it has returned; null removes it.
  void set_access_observer(std::function<void(const RegisterAccess&)> observer) {
    access_observer_ = std::move(observer);
  }

  // False once a power cut fired, until power_cycle(): reads answer 0, writes are lost.
  bool powered() const { return powered_; }
  // The k-th UICR word programmed from now (0 = the next) is cut before it lands. Stays armed across
  // power cycles and state loads until it fires.
  void arm_power_cut_after_words(uint64_t words) { uicr_.nvm().arm_power_cut_after_words(words); }

  // Inspection for tests, bypassing the KMU filter.
  const UicrStore& uicr() const { return uicr_; }
  uint32_t uicr_word(uint32_t offset) const { return uicr_.word(offset); }
  const CryptoCell& cryptocell() const { return cryptocell_; }
  const Kmu& kmu() const { return kmu_; }
  SlotState slot_state(unsigned slot) const { return slot_state_of(uicr_, slot); }
  Lifecycle lifecycle() const;
  // Nordic's "is written" test (§3.5) on the two physical slots of a 256-bit HUK.
  bool huk_written(unsigned first_slot) const;
  // Both identity-key slots carry the identity-key permissions (§8.2).
  bool identity_key_written() const;
  uint64_t bus_errors() const { return bus_errors_; }
  uint64_t ignored_writes() const { return ignored_writes_; }
  uint64_t nvmc_words_programmed() const { return uicr_words_programmed_ + flash_words_programmed_; }
  uint64_t nwrite_violations() const { return uicr_.nwrite_violations(); }
  uint32_t nvmc_config() const { return nvmc_config_; }

 private:
  uint32_t read_mapped(uint32_t address);
  void write_mapped(uint32_t address, uint32_t value);
  uint32_t read_uicr(uint32_t offset);
  void write_uicr(uint32_t offset, uint32_t value);
  uint32_t read_flash(uint32_t offset) const;
  void write_flash(uint32_t offset, uint32_t value);
  uint32_t read_block(uint32_t offset);
  void write_block(uint32_t offset, uint32_t value);
  void erase_all();
  // Charges a programmed word, or kills the chip when the program was torn.
  bool settle(const ProgramResult& r);
  Nvm& flash();
  void reset_volatile();

  Scheduler& scheduler_;
  std::optional<NvmcOperation> last_nvmc_;
  UicrStore uicr_;
  std::unique_ptr<Nvm> flash_;  // allocated on first program: most runs never touch code flash
  // The fault hook, and the flash memory it was last given to (a state load replaces the flash).
  std::function<NvmWriteVerdict(const NvmWrite&)> nvm_hook_;
  const Nvm* hooked_flash_ = nullptr;
  CryptoCell cryptocell_;
  Kmu kmu_;
  uint32_t nvmc_config_ = 0;
  uint32_t nvmc_partial_cfg_ = 0;
  uint32_t nvmc_config_ns_ = 0;
  uint32_t nvmc_write_uicr_ns_ = 0;
  bool powered_ = true;
  uint64_t bus_errors_ = 0;
  uint64_t ignored_writes_ = 0;
  uint64_t uicr_words_programmed_ = 0;
  uint64_t flash_words_programmed_ = 0;
  std::function<void(const RegisterAccess&)> access_observer_;
};

}  // namespace kb::sim::nrf
