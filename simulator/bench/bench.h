#pragma once
// A bench: one virtual clock, one I2C bus, and the devices on it, built from a JSON fixture.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "simulator/bench/device.h"
#include "simulator/bus/i2c_bus.h"
#include "simulator/time/scheduler.h"

namespace kb::sim {

namespace fault {
class FaultInjector;
struct FaultPlan;
}  // namespace fault

struct BenchDevice {
  std::string name;      // unique on the bench; how state files match devices
  uint8_t address7 = 0;  // bus address, for I2C devices
  std::unique_ptr<Device> device;
};

// Which bus carries the transactions: the transaction-level model, or the RTL front ends on
// bit-level SCL and SDA (simulator/rtl; fixture "bus": {"level": "rtl"}, CLI --bus rtl).
enum class BusLevel : uint8_t { kTransaction, kRtl };
const char* bus_level_name(BusLevel level);

class Bench {
 public:
  static constexpr uint32_t kDefaultRateHz = 400000;

  // The default bench: a factory-personalised STSAFE-A120 (device key in slot 0, its certificate
  // in zone 0, personalisation.h) named "stsafe" at 0x20 on a 400 kHz bus.
  static std::unique_ptr<Bench> make_default();
  // The fixture make_default() builds from.
  static nlohmann::json default_fixture();
  // Throws FixtureError (file, JSON path, problem) on a bad fixture.
  static std::unique_ptr<Bench> from_file(const std::string& path);
  static std::unique_ptr<Bench> from_json(const nlohmann::json& fixture, const std::string& source);

  explicit Bench(uint32_t rate_hz);
  ~Bench();
  Bench(const Bench&) = delete;
  Bench& operator=(const Bench&) = delete;

  Scheduler& scheduler() { return scheduler_; }
  const Scheduler& scheduler() const { return scheduler_; }
  I2cBus& bus() { return bus_; }
  // Moves the bus to another level; devices stay attached. Throws BusLevelError when this build
  // has no RTL bus (Verilator was not found), or a fault plan in force needs the other level.
  void set_bus_level(BusLevel level);
  BusLevel bus_level() const { return bus_.is_bit_level() ? BusLevel::kRtl : BusLevel::kTransaction; }

  // Adds a device; I2C devices are attached to the bus at address7.
  Device& add(std::string name, uint8_t address7, std::unique_ptr<Device> device);
  const std::vector<BenchDevice>& devices() const { return devices_; }
  Device* find(std::string_view name);
  // The first device of a given model type, for tests that reach in and for recorders that name
  // what a model saw.
  template <typename T>
  T* first() {
    for (auto& d : devices_) {
      if (auto* t = dynamic_cast<T*>(d.device.get())) return t;
    }
    return nullptr;
  }
  template <typename T>
  const T* first() const {
    return const_cast<Bench*>(this)->first<T>();
  }

  // Supply off: every device loses its volatile state and the bus sees no one (address NACK)
  // until power_on().
  void power_off();
  void power_on() { powered_ = true; }
  bool powered() const { return powered_; }
  void power_cycle() {
    power_off();
    power_on();
  }

  // Replaces any plan in force. Throws FixtureError (the plan's file, JSON path, problem) when the
  // plan does not fit this bench, and then leaves the previous plan in force. Counting of bus
  // transactions and NVM writes starts here: install after loading state.
  fault::FaultInjector& install_fault_plan(const fault::FaultPlan& plan);
  void clear_fault_plan();
  // The injector in force, or null.
  const fault::FaultInjector* faults() const { return faults_.get(); }

  // {"format": "keybench-state/1", "virtual_time_ns": N, "devices": [{"name", "type", "state"}]}
  nlohmann::json save_state() const;
  void save_state_file(const std::string& path) const;  // throws std::runtime_error on I/O failure
  // Restores device states by name. All-or-nothing: a bad file changes no device.
  void load_state(const nlohmann::json& state, const std::string& source);
  void load_state_file(const std::string& path);

 private:
  Scheduler scheduler_;
  I2cBus bus_;
  std::vector<BenchDevice> devices_;
  bool powered_ = true;
  std::unique_ptr<fault::FaultInjector> faults_;  // last: unhooks before the devices go
};

// Builds a model from its fixture "type"; throws FixtureError on an unknown type.
std::unique_ptr<Device> make_device(const JsonView& type, Scheduler& scheduler);

}  // namespace kb::sim
