#pragma once
// Carries out a fault plan on a bench: watches the bus (through its interceptor hook, not the
// trace observer), every device's NVM writes and virtual time, fires triggers and applies actions,
// and records each injection. Same bench, plan and seed: the same faults at the same virtual times.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "simulator/bus/i2c_bus.h"
#include "simulator/fault/fault_plan.h"
#include "simulator/fault/fault_record.h"
#include "simulator/nvm/nvm.h"

namespace kb::sim {
class Bench;
class Device;
enum class BusLevel : uint8_t;
}  // namespace kb::sim

namespace kb::sim::fault {

class FaultInjector final : public I2cInterceptor {
 public:
  // Checks the plan against the bench first (device names, an STSAFE for force_status and command
  // triggers) and throws FixtureError naming the plan entry; only then hooks in. Counting of bus
  // transactions and NVM writes starts here.
  FaultInjector(Bench& bench, FaultPlan plan);
  // The checks the constructor makes, without hooking in.
  static void check_fits(const Bench& bench, const FaultPlan& plan);
  // Refuses (FixtureError naming the plan entry) a plan with RTL-only actions on a bus at `level`
  // other than the RTL bus.
  static void check_bus_level(const FaultPlan& plan, BusLevel level);
  ~FaultInjector() override;
  FaultInjector(const FaultInjector&) = delete;
  FaultInjector& operator=(const FaultInjector&) = delete;

  const FaultPlan& plan() const { return plan_; }
  const std::vector<FaultRecord>& records() const { return records_; }

  // While suspended the plan sees nothing and fires nothing: loading a state file writes NVM, and
  // those writes are not the run's (Bench::load_state suspends the plan around them).
  void set_suspended(bool suspended) { suspended_ = suspended; }
  bool suspended() const { return suspended_; }

  // I2cInterceptor
  AddressPhaseFault on_address(const BusFaultPoint& point) override;
  size_t on_write_data(const BusFaultPoint& point, std::vector<uint8_t>& data) override;
  bool on_read_data(const BusFaultPoint& point, std::span<uint8_t> data) override;

 private:
  struct State {
    bool armed = false;  // fired; waiting for a transaction it can act on
    bool spent = false;  // one-shot fault done
    uint64_t injections = 0;
    uint64_t seen = 0;     // command occurrences / NVM writes counted by this fault
    uint64_t rng = 0;      // splitmix64 state for probability triggers
    std::string fired_by;  // trigger text of the firing waiting to be applied
  };
  enum class Moment : uint8_t { kBusAddress, kBusWriteData, kNvmWrite, kTimer };

  Device* device_named(const std::string& name) const;
  std::string device_at(uint8_t address7) const;
  bool roll(State& s, double p);

  // Fires a fault whose trigger matched. Immediate actions happen now; bus actions are armed.
  // Returns true when the NVM write being shown must be torn.
  bool fire(size_t i, const std::string& trigger_text, Moment moment, const std::string& nvm_device = {});
  void fire_due_timers();
  void schedule_timers();
  void cut_power(size_t i, const std::string& trigger_text, const std::string& where_device);
  void brown_out(size_t i, const std::string& trigger_text, bool deferred, const std::string& where_device);
  void force_status(size_t i, const std::string& trigger_text);
  // Whether an armed bus action can act on this transaction.
  bool eligible(const Action& a, const BusFaultPoint& p, bool target_acks) const;
  FaultRecord& record(size_t i, const std::string& trigger_text, const std::string& device);
  void finish_injection(size_t i);
  NvmWriteVerdict on_nvm_write(const std::string& device, const NvmWrite& write);

  Bench& bench_;
  FaultPlan plan_;
  std::vector<State> states_;
  std::vector<FaultRecord> records_;
  uint64_t bus_index_ = 0;  // transactions seen since install
  uint64_t nvm_index_ = 0;  // NVM writes seen since install, all devices
  // Addresses whose response was dropped: reads NACK until the next write.
  std::vector<uint8_t> dropped_;
  bool suspended_ = false;
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace kb::sim::fault
