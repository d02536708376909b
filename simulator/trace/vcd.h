#pragma once
// Waveforms of SCL and SDA as a Value Change Dump (IEEE 1364-2005 section 18), the format GTKWave
// and PulseView open, and a small reader for the same subset (tests check the edges they hold).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/bus/i2c_bus.h"

namespace kb::sim::trace {

// Records every change of the resolved SCL and SDA lines of an RTL bus, in nanoseconds of virtual
// time. Detaches itself when destroyed.
class VcdRecorder {
 public:
  // Throws BusLevelError when the bus is not at the bit level.
  explicit VcdRecorder(I2cBus& bus);
  ~VcdRecorder();
  VcdRecorder(const VcdRecorder&) = delete;
  VcdRecorder& operator=(const VcdRecorder&) = delete;

  // The dump so far (header and every change).
  std::string text() const;
  // Written through the atomic file writer; throws files::FileError.
  void save(const std::string& path) const;
  size_t changes() const { return changes_; }

 private:
  void on_lines(Nanoseconds at, bool scl, bool sda);
  I2cBitLevel* bit_level_;
  std::string body_;
  Nanoseconds last_ns_ = 0;
  bool have_time_ = false;
  bool scl_ = true;
  bool sda_ = true;
  bool first_ = true;
  size_t changes_ = 0;
};

// One value change read back from a dump.
struct VcdChange {
  uint64_t time;  // in the dump's timescale units
  std::string signal;
  char value;  // '0', '1', 'x' or 'z'
};

struct VcdDump {
  std::string timescale;             // e.g. "1ns"
  std::vector<std::string> signals;  // names in declaration order
  std::vector<VcdChange> changes;    // in file order, initial values at their time
};

// Reads scalar $var wires, #time stamps and scalar value changes; throws std::runtime_error
// naming the line of anything else it cannot read.
VcdDump parse_vcd(std::string_view text);

}  // namespace kb::sim::trace
