#include "simulator/stsafe_a120/trace_view.h"

#include <cstdio>
#include <string>
#include <variant>

#include "simulator/stsafe_a120/command_names.h"
#include "simulator/stsafe_a120/crc16.h"
#include "simulator/stsafe_a120/frame_decoder.h"
#include "simulator/stsafe_a120/status.h"

namespace kb::sim::stsafe_a120 {

namespace {

constexpr uint8_t kQuery = 0x14;
constexpr uint8_t kPutAttribute = 0x10;
constexpr uint8_t kRMacRequested = 0x40;
constexpr uint8_t kHostChannel = 0x20;
constexpr uint8_t kStatusMask = 0x1F;
constexpr size_t kResponseHead = 3;  // header + length
constexpr size_t kCrcLength = 2;

std::string hex_byte(uint8_t b) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", b);
  return buf;
}

const char* status_name(Status s) {
  switch (s) {
    case Status::kOk: return "OK";
    case Status::kCommunicationError: return "COMMUNICATION_ERROR";
    case Status::kInconsistentCommandData: return "INCONSISTENT_COMMAND_DATA";
    case Status::kValueOutOfRange: return "VALUE_OUT_OF_RANGE";
    case Status::kCommandCodeNotSupported: return "COMMAND_CODE_NOT_SUPPORTED";
    case Status::kUnexpectedError: return "UNEXPECTED_ERROR";
    case Status::kBufferLengthExceeded: return "BUFFER_LENGTH_EXCEEDED";
    case Status::kSessionError: return "SESSION_ERROR";
    case Status::kCMacCounterMaximumReached: return "C_MAC_COUNTER_MAXIMUM_REACHED";
    case Status::kInvalidLifeCycleState: return "INVALID_LIFE_CYCLE_STATE";
    case Status::kKeyNotFound: return "KEY_NOT_FOUND";
    case Status::kWrongKeyType: return "WRONG_KEY_TYPE";
    case Status::kSessionCounterOutOfRange: return "SESSION_COUNTER_OUT_OF_RANGE";
    case Status::kEntryNotFound: return "ENTRY_NOT_FOUND";
    case Status::kAccessConditionNotSatisfied: return "ACCESS_CONDITION_NOT_SATISFIED";
    case Status::kWrongZoneType: return "WRONG_ZONE_TYPE";
    case Status::kCounterLimitExceeded: return "COUNTER_LIMIT_EXCEEDED";
    case Status::kBoundaryExceeded: return "BOUNDARY_EXCEEDED";
    case Status::kInvalidCMac: return "INVALID_C_MAC";
    case Status::kChallengeMissing: return "CHALLENGE_MISSING";
    case Status::kCommandDecryptionError: return "COMMAND_DECRYPTION_ERROR";
    case Status::kInvalidPublicKey: return "INVALID_PUBLIC_KEY";
    case Status::kPasswordBlocked: return "PASSWORD_BLOCKED";
    case Status::kWrongKeyUsage: return "WRONG_KEY_USAGE";
    case Status::kWrongModeOfOperation: return "WRONG_MODE_OF_OPERATION";
    case Status::kWrongMacLength: return "WRONG_MAC_LENGTH";
    case Status::kCommandNotAuthorized: return "COMMAND_NOT_AUTHORIZED";
  }
  return nullptr;
}

}  // namespace

std::string status_text(uint8_t status) {
  const char* name = status_name(static_cast<Status>(status));
  return std::string(name != nullptr ? name : "status") + " (" + hex_byte(status) + ")";
}

nlohmann::json trace_command(std::span<const uint8_t> wire, const CommandAccessTable& access) {
  std::variant<CommandFrame, Status> decoded = decode_command_frame(wire);
  if (const Status* error = std::get_if<Status>(&decoded)) {
    const uint8_t code = wire[0] & kCodeMask;
    const std::optional<uint8_t> ext =
        code == kExtendedPrefix && wire.size() > 1 ? std::optional<uint8_t>(wire[1]) : std::nullopt;
    return {
        {"command", describe_command(code, ext)},
        {"frame_error", "not a frame (length or CRC); the chip answers " + status_text(static_cast<uint8_t>(*error))}};
  }
  const CommandFrame& f = std::get<CommandFrame>(decoded);
  nlohmann::json fields = {{"header", hex_byte(f.header)}, {"payload_length", f.payload.size()}};
  if (f.ext_code) fields["ext_code"] = hex_byte(*f.ext_code);
  // The subject of Query and Put Attribute is the first payload byte; under host encryption the
  // payload is ciphertext and the tag is not readable on the wire.
  const CommandAuthorization* rule = access.find(f.code, f.ext_code);
  const bool command_encrypted = f.is_protected() && rule != nullptr && (rule->encryption_flags & kCommandEncrypted);
  if ((f.code == kQuery || f.code == kPutAttribute) && !f.payload.empty() && !command_encrypted) {
    fields["tag"] = hex_byte(f.payload[0]);
  }
  nlohmann::json protection = {{"c_mac", (f.header & kCMacFlag) != 0},
                               {"r_mac_requested", (f.header & kRMacRequested) != 0},
                               {"host_channel", (f.header & kHostChannel) != 0}};
  if (f.is_protected()) {
    protection["command_encrypted"] = command_encrypted;
    protection["response_encrypted"] = rule != nullptr && (rule->encryption_flags & kResponseEncrypted) != 0;
  }
  return {{"command", describe_command(f.code, f.ext_code)}, {"fields", fields}, {"protection", protection}};
}

nlohmann::json trace_response(std::span<const uint8_t> wire) {
  nlohmann::json r = {{"status", status_text(wire[0] & kStatusMask)}, {"r_mac", (wire[0] & kRMacRequested) != 0}};
  if (wire.size() >= kResponseHead) {
    const size_t length = static_cast<size_t>(wire[1]) << 8 | wire[2];
    // L counts the payload and the CRC (fact sheet 1.3).
    r["payload_length"] = length >= kCrcLength ? length - kCrcLength : 0;
    if (length >= kCrcLength && wire.size() >= 1 + length + kCrcLength) {
      Crc16 crc;
      crc.update(wire[0]);
      crc.update(wire.subspan(kResponseHead, length - kCrcLength));
      const size_t at = kResponseHead + length - kCrcLength;
      const uint16_t sent = static_cast<uint16_t>(wire[at] << 8 | wire[at + 1]);
      r["crc"] = crc.value() == sent ? "ok" : "bad";
    } else {
      r["crc"] = "not read";
    }
  }
  return {{"response", r}};
}

}  // namespace kb::sim::stsafe_a120
