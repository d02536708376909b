#pragma once
// Microchip ATECC608A secure element model, as cryptoauthlib sees it over I2C (shared/reference/
// psa-se-atecc608a.md part B). The chip sleeps until SDA is held low for tWLO (whoever the
// traffic is for), answers 04 11 33 43 tWHI later, takes one command packet after word address
// 0x03, NACKs its address while it executes, and serves the response group from a read pointer
// that word address 0x00 rewinds. Idle (0x02) keeps TempKey and the other SRAM buffers, sleep
// (0x01) and the watchdog lose them.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "simulator/atecc608a/chip_latches.h"
#include "simulator/atecc608a/eeprom.h"
#include "simulator/atecc608a/volatile_state.h"
#include "simulator/bench/device.h"
#include "simulator/bus/i2c_bus.h"
#include "simulator/bus/sda_watcher.h"
#include "simulator/nvm/nvm.h"
#include "simulator/time/scheduler.h"

namespace kb::sim::atecc608a {

class Atecc608a final : public kb::sim::Device,
                        public kb::sim::I2cTarget,
                        public kb::sim::I2cWireListener,
                        public kb::sim::SdaWatcher {
 public:
  static constexpr uint8_t kDefaultAddress = 0x60;

  enum class Power : uint8_t { kSleep, kIdle, kAwake };

  explicit Atecc608a(kb::sim::Scheduler& scheduler);
  Atecc608a(const Atecc608a&) = delete;
  Atecc608a& operator=(const Atecc608a&) = delete;

  // Device
  std::string_view kind() const override { return "atecc608a"; }
  I2cTarget* i2c_target() override { return this; }
  I2cWireListener* wire_listener() override { return this; }
  // Config byte 16 (8-bit form) shifted right; with ChipMode bit 0 set and UserExtraAdd written,
  // byte 85 instead (B7.1).
  std::optional<uint8_t> configured_address7() const override;
  void power_cycle() override;
  nlohmann::json save_state() const override;
  void load_state(const JsonView& state) override;
  std::string activity() const override;
  void set_nvm_write_hook(std::function<NvmWriteVerdict(const NvmWrite&)> hook) override {
    nvm_.set_write_hook(std::move(hook));
  }

  // I2cTarget
  bool accept_write() override;
  size_t on_write(std::span<const uint8_t> data) override;
  bool accept_read() override;
  void on_read(std::span<uint8_t> out) override;

  // The wake detector, on SDA alone (SCL is ignored while asleep, B5.2). On the transaction level
  // the wire listener feeds it each transaction's SDA low runs; on the RTL bus the bench removes
  // the wire listener and has the bus call on_sda with the resolved line.
  void on_wire(const WireTransaction& t) override;
  void on_sda(Nanoseconds at, bool high) override;

  // Test reach-in.
  const Eeprom& eeprom() const { return eeprom_; }
  EepromImage image() const { return eeprom_.image(); }
  // Writes through the NVM like a command would.
  void set_image(const EepromImage& image);
  const VolatileState& volatile_state() const { return volatile_; }
  // Stands in for commands the model does not run yet (TempKey made by GenDig or GenKey).
  VolatileState& mutable_volatile_state() { return volatile_; }
  const ChipLatches& latches() const { return latches_; }
  // Fault injection: these SelfTest bits fail from now on, also in the power-on self-test.
  void set_broken_self_tests(uint8_t bits) { latches_.broken_self_tests = bits; }
  Nvm& nvm() { return nvm_; }
  const Nvm& nvm() const { return nvm_; }
  Power power() const { return power_; }
  bool busy() const { return pending_.has_value(); }
  // The opcode being executed while busy (tests wait for its maximum time).
  std::optional<uint8_t> running_opcode() const { return busy() ? running_ : std::nullopt; }
  // Virtual time from which an awake chip answers on the bus (tWHI after its wake edge).
  Nanoseconds ready_at() const { return ready_at_; }
  Nanoseconds watchdog_at() const { return watchdog_at_; }
  uint64_t commands_executed() const { return commands_executed_; }
  // The whole output buffer (empty when there is none).
  const std::vector<uint8_t>& output() const { return output_; }

 private:
  bool answering() const;
  void wake(Nanoseconds edge);
  // ChipOptions bit 0: the self tests at wake; a failure enters failure mode.
  bool power_on_self_test_passes();
  void go_to_sleep();
  void go_idle();
  void receive_command(std::span<const uint8_t> bytes);
  void start(std::vector<uint8_t> packet);
  void complete(uint64_t epoch);

  kb::sim::Scheduler& scheduler_;
  Nvm nvm_;
  Eeprom eeprom_;
  VolatileState volatile_;
  ChipLatches latches_;
  Power power_ = Power::kSleep;
  Nanoseconds ready_at_ = 0;
  Nanoseconds watchdog_at_ = 0;
  std::vector<uint8_t> input_;                   // command bytes received so far (a partial packet until count)
  std::optional<std::vector<uint8_t>> pending_;  // received, execution not finished
  std::optional<uint8_t> running_;               // opcode from receipt to completion (or the tear)
  std::string torn_activity_;
  std::vector<uint8_t> output_;
  size_t read_pointer_ = 0;
  // SDA levels before this time do not wake the chip: they belong to the transaction that put it
  // to sleep or idle.
  Nanoseconds asleep_since_ = 0;
  // The falling edge of SDA while it is low.
  std::optional<Nanoseconds> sda_low_since_;
  // Scheduled events carry the epoch they were made in and a weak reference, so a stale one does
  // nothing: epoch_ for command completions (bumped by power cycles), wake_epoch_ for the
  // watchdog (bumped by every wake, idle, sleep and power cycle).
  uint64_t epoch_ = 0;
  uint64_t wake_epoch_ = 0;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
  uint64_t commands_executed_ = 0;
};

}  // namespace kb::sim::atecc608a
