#pragma once
// How the ATECC608A model reads its own traffic, for transaction traces: the word address of a
// write and the command packet after word address 0x03, the count and status of a response group.
#include <nlohmann/json.hpp>
#include <span>

namespace kb::sim::atecc608a {

// {"command": "Nonce (0x16)", "fields": {"word_address", "opcode", "param1", "param2", "data_length"}},
// {"command": "Sleep (word address 0x01)"}, or {"frame_error": ...} for a packet the chip refuses.
nlohmann::json trace_command(std::span<const uint8_t> wire);
// {"response": {"count": N, "status": "Success (0x00)" (status groups only), "crc": "ok"}}. output is
// the chip's output buffer: a read that continues inside it is read as that group, with its offset.
nlohmann::json trace_response(std::span<const uint8_t> wire, std::span<const uint8_t> output = {});

}  // namespace kb::sim::atecc608a
