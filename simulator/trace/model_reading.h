#pragma once
// The models' reading of transactions for a trace: the device at the address decodes the bytes
// with its own decoder (simulator/stsafe_a120/trace_view.h, simulator/atecc608a/trace_view.h; other
// devices say nothing), and a response read is labelled with the command it answers, the last
// command that device read from a write.
#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>

#include "simulator/bench/bench.h"

namespace kb::sim::trace {

class ModelReading {
 public:
  explicit ModelReading(const Bench& bench) : bench_(bench) {}

  // {"command", "fields", "protection"} or null.
  nlohmann::json of_write(uint8_t address7, std::span<const uint8_t> tx);
  // {"response", "answers"} or null. A write-read's read answers its own write: no "answers".
  nlohmann::json of_read(uint8_t address7, std::span<const uint8_t> rx, bool after_own_write);
  // Both halves of a write-read in one object.
  nlohmann::json of_write_read(uint8_t address7, std::span<const uint8_t> tx, std::span<const uint8_t> rx);

 private:
  nlohmann::json decode(uint8_t address7, bool is_read, std::span<const uint8_t> bytes) const;
  const Bench& bench_;
  std::array<nlohmann::json, 128> last_command_{};
};

}  // namespace kb::sim::trace
