#pragma once
// How the STSAFE-A120 model reads its own traffic, for transaction traces: a command frame through
// the model's frame decoder and access table, a response through its response layout.
#include <nlohmann/json.hpp>
#include <span>

#include "simulator/stsafe_a120/command_authorization.h"

namespace kb::sim::stsafe_a120 {

// {"command": "Query (0x14)", "fields": {...}, "protection": {...}}, or {"frame_error": ...} for
// bytes that are no frame.
nlohmann::json trace_command(std::span<const uint8_t> wire, const CommandAccessTable& access);
// {"response": {"status": "OK (0x00)", "r_mac": false, "payload_length": N, "crc": "ok"}}.
nlohmann::json trace_response(std::span<const uint8_t> wire);

// "INVALID_C_MAC (0x16)": the fact sheet's name of a response status.
std::string status_text(uint8_t status);

}  // namespace kb::sim::stsafe_a120
