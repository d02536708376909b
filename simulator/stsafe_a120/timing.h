#pragma once
// How long the chip stays busy after a command write (fact sheet section 5, A120 column), and the
// per-bench overrides of that table (a fixture device entry's "timing_ms").
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "simulator/fixture/json_view.h"
#include "simulator/time/scheduler.h"

namespace kb::sim::stsafe_a120 {

// The library's figure for anything it has not characterised: every "n/a" row, Put Attribute and
// every extended command (fact sheet 5). No better figure is published for those.
inline constexpr uint32_t kUncharacterisedMs = 500;
// The largest override a fixture may give (one hour): far past any host's polling ceiling, and
// small enough that the nanosecond arithmetic cannot overflow.
inline constexpr uint32_t kMaxTimingOverrideMs = 3'600'000;

// Milliseconds of the published table for a standard command code (0x00..0x1F); codes the table
// does not list get kUncharacterisedMs.
uint32_t standard_command_time_ms(uint8_t code);
// Every extended command is kUncharacterisedMs in the published table.
uint32_t extended_command_time_ms(uint8_t ext_code);

// Busy time for a received frame under the published table, chosen from its first byte alone.
Nanoseconds busy_time_for_header(uint8_t header_byte);

// The name a timing row goes by in "timing_ms": the command's name from command_names.h in lower
// case with underscores ("put_attribute", "write_host_key_v2_plaintext", "generate_mac"); empty
// for a code the fact sheet does not name (no row to override).
std::string timing_name(uint8_t code, std::optional<uint8_t> ext_code);
// Every name timing_ms accepts, standard commands first, in code order.
std::vector<std::string> timing_names();

// One chip's execution times: the published table with the bench's overrides on top.
class CommandTimes {
 public:
  CommandTimes();

  uint32_t standard_ms(uint8_t code) const;
  uint32_t extended_ms(uint8_t ext_code) const;
  // Busy time for a received frame: the row of its code, for an extended command the row of its
  // second byte. A frame the chip will reject (bad CRC, unknown code) is timed by the same rule; a
  // lone 1F byte gets kUncharacterisedMs.
  Nanoseconds busy_time(std::span<const uint8_t> frame) const;

  // Reads a "timing_ms" object {name: whole milliseconds, ...}, all or nothing: an unknown name,
  // a value that is not a whole number (a string, a fraction, a negative number) or is above
  // kMaxTimingOverrideMs throws FixtureError at that key. Rows not named keep the published value.
  static CommandTimes from_json(const JsonView& timing_ms);
  // The rows set by name, as from_json takes them.
  const std::map<std::string, uint32_t>& overrides() const { return overrides_; }
  nlohmann::json overrides_json() const;

 private:
  std::array<uint32_t, 0x20> standard_{};
  std::array<uint32_t, 0x100> extended_{};
  std::map<std::string, uint32_t> overrides_;
};

}  // namespace kb::sim::stsafe_a120
