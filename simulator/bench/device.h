#pragma once
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "simulator/bus/i2c_bus.h"
#include "simulator/bus/i2c_target.h"
#include "simulator/fixture/json_view.h"
#include "simulator/nvm/nvm.h"

namespace kb::sim {

// A device model placed on a bench. Its persistent state round-trips through JSON so a fixture
// can start a run in any state and `--state` can carry a chip from one run to the next.
class Device {
 public:
  virtual ~Device() = default;
  virtual std::string_view kind() const = 0;  // the fixture "type", e.g. "stsafe-a120"
  // The bus face of the device, or null for memory-mapped devices.
  virtual I2cTarget* i2c_target() { return nullptr; }
  // A device that watches every transaction on the bus, not only its own (the ATECC608A wakes on
  // a long low of SDA whoever it is for), or null.
  virtual I2cWireListener* wire_listener() { return nullptr; }
  // The 7-bit address the device's own persistent configuration gives it, for devices that have
  // one (the ATECC608A's config byte 16); the bench refuses a fixture or state that places the
  // device elsewhere.
  virtual std::optional<uint8_t> configured_address7() const { return std::nullopt; }
  // Supply off then on: volatile state is lost, anything in progress is abandoned.
  virtual void power_cycle() = 0;
  virtual nlohmann::json save_state() const = 0;
  // Replaces the persistent state. Throws FixtureError naming the JSON path of a bad value and
  // leaves the device unchanged.
  virtual void load_state(const JsonView& state) = 0;
  // Execution-time overrides from the bench fixture's device entry ("timing_ms", an object of
  // command names and whole milliseconds), for a device with a command timing table. Bench
  // configuration like the address: not part of save_state(), kept across load_state(). Throws
  // FixtureError naming the key of a bad entry and leaves the device unchanged; a device without
  // a timing table refuses any.
  virtual void set_timing_ms(const JsonView& timing_ms) {
    timing_ms.fail("a " + std::string(kind()) + " has no command timing table to override");
  }
  // One line saying what the device is doing right now, for reports that must say where a fault
  // landed (e.g. "Put Attribute (0x10) / host key bank B"); empty when idle. After a power cut
  // tore an NVM write it names the interrupted operation until power_cycle() or the next work.
  virtual std::string activity() const { return {}; }
  // Fault injection: hook every NVM the device programs (including memories it creates later);
  // null removes it. Devices without NVM ignore it.
  virtual void set_nvm_write_hook(std::function<NvmWriteVerdict(const NvmWrite&)> hook) { (void)hook; }
};

}  // namespace kb::sim
