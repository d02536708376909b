#include "simulator/atecc608a/trace_view.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <variant>

#include "simulator/atecc608a/crc16.h"
#include "simulator/atecc608a/dispatcher.h"
#include "simulator/atecc608a/packet.h"
#include "simulator/atecc608a/status.h"

namespace kb::sim::atecc608a {

namespace {

constexpr size_t kStatusGroupLength = 4;
constexpr uint8_t kWakeToken = 0x11;

std::string hex_byte(unsigned b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", b & 0xFFu);
  return buf;
}

std::string status_text(uint8_t s) {
  const char* name = "status";
  switch (static_cast<Status>(s)) {
    case Status::kSuccess: name = "Success"; break;
    case Status::kMiscompare: name = "Miscompare"; break;
    case Status::kParseError: name = "Parse error"; break;
    case Status::kEccFault: name = "ECC fault"; break;
    case Status::kSelfTestError: name = "Self test error"; break;
    case Status::kHealthTestError: name = "Health test error"; break;
    case Status::kExecutionError: name = "Execution error"; break;
    case Status::kAfterWake: name = "After wake"; break;
    case Status::kWatchdogAboutToExpire: name = "Watchdog about to expire"; break;
    case Status::kCommunicationError: name = "Communication error"; break;
  }
  return std::string(name) + " (" + hex_byte(s) + ")";
}

}  // namespace

nlohmann::json trace_command(std::span<const uint8_t> wire) {
  switch (wire[0]) {
    // The chip answers none of these: the next group read is another command's, or the wake token.
    case 0x00: return {{"command", "Reset (word address 0x00)"}, {"awaits_response", false}};
    case 0x01: return {{"command", "Sleep (word address 0x01)"}, {"awaits_response", false}};
    case 0x02: return {{"command", "Idle (word address 0x02)"}, {"awaits_response", false}};
    case 0x03: break;
    default: return {{"frame_error", "reserved word address " + hex_byte(wire[0]) + " (not acknowledged)"}};
  }
  const std::span<const uint8_t> packet = wire.subspan(1);
  if (packet.empty()) return {{"command", "Command (word address 0x03)"}, {"frame_error", "no packet"}};
  // The chip takes count bytes; anything after them in the same write is ignored.
  const size_t count = packet[0];
  const std::span<const uint8_t> taken = packet.first(std::min(count, packet.size()));
  const std::variant<CommandPacket, Status> decoded = decode_packet(taken);
  const std::string name = packet.size() > 1 ? command_name(packet[1]) : "Command";
  if (const Status* error = std::get_if<Status>(&decoded)) {
    return {{"command", name},
            {"frame_error", "packet refused (count " + std::to_string(count) + " of " + std::to_string(packet.size()) +
                                " bytes sent, or CRC); the chip answers " + status_text(static_cast<uint8_t>(*error))}};
  }
  const CommandPacket& p = std::get<CommandPacket>(decoded);
  return {{"command", name},
          {"fields",
           {{"word_address", "0x03"},
            {"opcode", hex_byte(p.opcode)},
            {"param1", hex_byte(p.param1)},
            {"param2", p.param2},
            {"data_length", p.data.size()}}}};
}

nlohmann::json trace_response(std::span<const uint8_t> wire, std::span<const uint8_t> output) {
  // cryptoauthlib reads the count byte alone, then the rest: a read may start inside the group.
  size_t offset = 0;
  if (!output.empty() && wire.size() <= output.size()) {
    for (size_t at = 0; at + wire.size() <= output.size(); ++at) {
      if (std::equal(wire.begin(), wire.end(), output.begin() + static_cast<std::ptrdiff_t>(at))) {
        offset = at;
        break;
      }
    }
  }
  const std::span<const uint8_t> group = offset == 0 ? wire : output;
  const size_t count = group[0];
  nlohmann::json r = {{"count", count}};
  if (offset != 0) r["offset"] = offset;
  if (count == kStatusGroupLength && group.size() >= 2) r["status"] = status_text(group[1]);
  if (count == kStatusGroupLength && group.size() >= 2 && group[1] == kWakeToken) r["wake_token"] = true;
  if (count >= 3 && group.size() >= count) {
    const uint16_t sent = static_cast<uint16_t>(group[count - 2] | group[count - 1] << 8);
    r["crc"] = crc16(group.first(count - 2)) == sent ? "ok" : "bad";
  } else {
    r["crc"] = "not read";
  }
  return {{"response", r}};
}

}  // namespace kb::sim::atecc608a
