#include "simulator/trace/model_reading.h"

#include "simulator/atecc608a/atecc608a.h"
#include "simulator/atecc608a/trace_view.h"
#include "simulator/stsafe_a120/stsafe.h"
#include "simulator/stsafe_a120/trace_view.h"

namespace kb::sim::trace {

nlohmann::json ModelReading::decode(uint8_t address7, bool is_read, std::span<const uint8_t> bytes) const {
  if (bytes.empty()) return nullptr;
  for (const BenchDevice& d : bench_.devices()) {
    if (d.address7 != address7 || d.device->i2c_target() == nullptr) continue;
    // The model's state as the bytes met it: a command write is read before the chip executes it.
    if (const auto* stsafe = dynamic_cast<const stsafe_a120::Stsafe*>(d.device.get())) {
      return is_read ? stsafe_a120::trace_response(bytes)
                     : stsafe_a120::trace_command(bytes, stsafe->state().command_access);
    }
    if (const auto* atecc = dynamic_cast<const atecc608a::Atecc608a*>(d.device.get())) {
      return is_read ? atecc608a::trace_response(bytes, atecc->output()) : atecc608a::trace_command(bytes);
    }
    return nullptr;
  }
  return nullptr;
}

nlohmann::json ModelReading::of_write(uint8_t address7, std::span<const uint8_t> tx) {
  nlohmann::json j = decode(address7, false, tx);
  if (j.is_object() && j.contains("command")) last_command_[address7 & 0x7F] = j["command"];
  return j;
}

nlohmann::json ModelReading::of_read(uint8_t address7, std::span<const uint8_t> rx, bool after_own_write) {
  nlohmann::json j = decode(address7, true, rx);
  const nlohmann::json& last = last_command_[address7 & 0x7F];
  if (!after_own_write && !last.is_null()) {
    if (!j.is_object()) j = nlohmann::json::object();
    j["answers"] = last;
  }
  return j;
}

nlohmann::json ModelReading::of_write_read(uint8_t address7, std::span<const uint8_t> tx, std::span<const uint8_t> rx) {
  nlohmann::json j = of_write(address7, tx);
  nlohmann::json response = of_read(address7, rx, true);
  if (response.is_object()) {
    if (!j.is_object()) j = nlohmann::json::object();
    for (auto& [key, value] : response.items()) j[key] = value;
  }
  return j;
}

}  // namespace kb::sim::trace
