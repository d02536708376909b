#pragma once
// STSAFE-A120 secure element model, as STSELib sees it over I2C (shared/reference/
// stsafe-a120-protocol.md). One write = one command frame; the chip then NACKs its address for
// the command's execution time; afterwards every read returns the response from its first byte
// until the next command arrives.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "simulator/bench/device.h"
#include "simulator/bus/i2c_target.h"
#include "simulator/nvm/nvm.h"
#include "simulator/stsafe_a120/state.h"
#include "simulator/stsafe_a120/state_store.h"
#include "simulator/stsafe_a120/timing.h"
#include "simulator/stsafe_a120/volatile_state.h"
#include "simulator/time/scheduler.h"

namespace kb::sim::stsafe_a120 {

class Stsafe final : public kb::sim::Device, public kb::sim::I2cTarget {
 public:
  static constexpr uint8_t kDefaultAddress = 0x20;

  explicit Stsafe(kb::sim::Scheduler& scheduler);
  Stsafe(const Stsafe&) = delete;
  Stsafe& operator=(const Stsafe&) = delete;

  // Device
  std::string_view kind() const override { return "stsafe-a120"; }
  I2cTarget* i2c_target() override { return this; }
  void power_cycle() override;
  nlohmann::json save_state() const override;
  void load_state(const JsonView& state) override;
  // The command from receipt to completion, with the record its NVM write is in when seen from an
  // NVM write hook: "Write Host Key V2 Plaintext (0x1F 0x07) / host key bank B". After a torn
  // write, that line until the next command or power cycle.
  std::string activity() const override;
  void set_nvm_write_hook(std::function<NvmWriteVerdict(const NvmWrite&)> hook) override {
    nvm_.set_write_hook(std::move(hook));
  }
  // Names and rules in timing.h (CommandTimes::from_json).
  void set_timing_ms(const JsonView& timing_ms) override { times_ = CommandTimes::from_json(timing_ms); }
  const CommandTimes& command_times() const { return times_; }

  // I2cTarget
  bool accept_write() override;
  size_t on_write(std::span<const uint8_t> data) override;
  bool accept_read() override;
  void on_read(std::span<uint8_t> out) override;

  // Test reach-in, in the manner of a Zephyr emulator: read and set the chip's state directly.
  // Setters write through the NVM like a command would.
  const State& state() const { return state_; }
  void set_state(const State& state);
  void set_host_key_control(const HostKeyControl& control);
  void set_host_key(const HostKeySlot& slot);
  // Throws std::invalid_argument for a key the chip could not hold (bad key info, wrong length,
  // info naming another slot).
  void set_symmetric_key(size_t slot, const SymmetricKeySlot& key);
  void set_command_access(const CommandAccessTable& table);
  // The private key the next Generate ECDHE (1F 0B) uses instead of drawing one from the chip's
  // random stream (fact sheet 4.6 pins its vector to chip private key 32 x 11). 32 bytes, 1 <= d < n;
  // throws std::invalid_argument otherwise.
  void inject_next_ecdhe_private_key(std::span<const uint8_t> private_key);
  // Fault injection: the next command frame to complete is answered with this status (an error
  // frame, no payload) and not executed. Cleared by a power cycle.
  void force_next_status(uint8_t status) { forced_status_ = status; }
  std::optional<uint8_t> forced_status() const { return forced_status_; }
  const VolatileState& volatile_state() const { return volatile_; }
  Nvm& nvm() { return nvm_; }
  const Nvm& nvm() const { return nvm_; }
  // Frames answered so far (error answers included; oversize writes and power-cut commands not).
  uint64_t commands_executed() const { return commands_executed_; }
  bool busy() const { return pending_frame_.has_value(); }
  // After Hibernate with wake mode 02 (reset only): every command write NACKs until a power cycle.
  bool hibernating_until_reset() const { return hibernating_until_reset_; }
  bool has_response() const { return response_.has_value(); }
  // The wire bytes reads currently return (empty when there is none).
  std::vector<uint8_t> response() const { return response_.value_or(std::vector<uint8_t>{}); }

 private:
  void complete(uint64_t epoch);
  void reload_state() { state_ = store_.read(); }

  kb::sim::Scheduler& scheduler_;
  Nvm nvm_;
  StateStore store_;
  State state_;  // decoded copy of the NVM, refreshed after every write to it
  VolatileState volatile_;
  CommandTimes times_;
  std::optional<std::vector<uint8_t>> pending_frame_;  // received, execution not finished
  std::optional<std::vector<uint8_t>> response_;
  struct CommandCode {
    uint8_t code = 0;
    std::optional<uint8_t> ext_code;
  };
  std::optional<CommandCode> running_;  // from receipt until the answer (or the tear)
  std::string torn_activity_;
  std::optional<uint8_t> forced_status_;
  bool hibernating_until_reset_ = false;
  // Completion events hold a weak reference and the epoch they were scheduled in, so one that
  // outlives a power cycle (or the device) does nothing.
  uint64_t epoch_ = 0;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
  uint64_t commands_executed_ = 0;
};

}  // namespace kb::sim::stsafe_a120
