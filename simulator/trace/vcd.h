#pragma once
// Waveforms of SCL and SDA as a Value Change Dump (IEEE 1364-2005 section 18), the format GTKWave
// and PulseView open, and a small reader for the same subset (tests check the edges they hold).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/bus/i2c_bus.h"

namespace kb::sim::trace {

// Records SCL and SDA in nanoseconds of virtual time, and a decoded-byte signal beside them.
// On an RTL bus: every change of the resolved lines. On the transaction-level bus: edges synthesized
// from each transaction's wire view (START, nine bit-times per byte, STOP), so a run without the RTL
// bus can be looked at in the same viewers; those edges keep the bus's bit-time but not its
// clock stretching or busy polling gaps beyond what the transactions' own times show.
// The signals byte[7] .. byte[0] hold each byte a decoder reads off SCL and SDA (the address byte
// included) during its eight data bits, and are released (z) over the acknowledge and between
// transactions. Detaches itself when destroyed.
class VcdRecorder : private I2cWireListener {
 public:
  explicit VcdRecorder(I2cBus& bus);
  ~VcdRecorder();
  VcdRecorder(const VcdRecorder&) = delete;
  VcdRecorder& operator=(const VcdRecorder&) = delete;

  // The dump so far (header and every change).
  std::string text() const;
  // Written through the atomic file writer; throws files::FileError.
  void save(const std::string& path) const;
  size_t changes() const { return changes_; }
  // True when the edges are synthesized from transactions (the bus is not at the bit level).
  bool synthesized() const { return bit_level_ == nullptr; }

 private:
  void on_wire(const WireTransaction& t) override;
  void on_lines(Nanoseconds at, bool scl, bool sda);
  void decode(Nanoseconds at, bool scl, bool sda);
  void emit_byte(Nanoseconds at, int value);  // -1: released

  struct Event {
    Nanoseconds at;
    char id;
    char value;
  };
  I2cBus& bus_;
  I2cBitLevel* bit_level_;
  std::vector<Event> line_events_;
  std::vector<Event> byte_events_;
  Nanoseconds first_ns_ = 0;
  Nanoseconds last_ns_ = 0;
  bool first_scl_ = true;
  bool first_sda_ = true;
  bool scl_ = true;
  bool sda_ = true;
  bool first_ = true;
  size_t changes_ = 0;
  // The line decoder behind the byte signals.
  bool in_frame_ = false;
  int bit_count_ = 0;  // data bits sampled in the current byte (0..8)
  uint8_t shift_ = 0;
  Nanoseconds byte_start_ns_ = 0;
  int shown_byte_ = -1;
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
