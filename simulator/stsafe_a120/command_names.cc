#include "simulator/stsafe_a120/command_names.h"

#include <array>
#include <cstdio>

namespace kb::sim::stsafe_a120 {

namespace {
// Fact sheet 2.1, indexed by code.
constexpr std::array<std::string_view, 0x1D> kStandard = {
    "Echo",
    "Reset",
    "Generate Random",
    "Start Session",
    "Decrement",
    "Read",
    "Update",
    "Increment",
    "Derive LoRa Key",
    "Generate MAC",
    "Verify MAC",
    "Unwrap Issuer Envelope",
    "Delete",
    "Hibernate",
    "Wrap Local Envelope",
    "Unwrap Local Envelope",
    "Put Attribute",
    "Generate Key",
    "Put Key",
    "Configure",
    "Query",
    "Get Signature",
    "Generate Signature",
    "Verify Signature",
    "Establish Key",
    "Standby",
    "Verify Password",
    "Encrypt",
    "Decrypt",
};

// Fact sheet 2.2, indexed by extended code; the reserved 0x0C and 0x0D have no name.
constexpr std::array<std::string_view, 0x1B> kExtended = {
    "Start Hash",
    "Process Hash",
    "Finish Hash",
    "Start Volatile KEK Session",
    "Establish Symmetric Keys",
    "Confirm Symmetric Keys",
    "Stop Volatile KEK Session",
    "Write Host Key V2 Plaintext",
    "Write Host Key V2 Wrapped",
    "Write Symmetric Key Wrapped",
    "Write Public Key",
    "Generate ECDHE",
    "",
    "",
    "Generate Challenge",
    "Verify Entity Signature",
    "Derive Keys",
    "Start Encrypt",
    "Process Encrypt",
    "Finish Encrypt",
    "Start Decrypt",
    "Process Decrypt",
    "Finish Decrypt",
    "Write Symmetric Key Plaintext",
    "Establish Host Key V2",
    "Erase Symmetric Key Slot",
    "Decompress Public Key",
};

std::string hex_byte(uint8_t b) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%02X", b);
  return text;
}
}  // namespace

std::string_view standard_command_name(uint8_t code) {
  return code < kStandard.size() ? kStandard[code] : std::string_view{};
}

std::string_view extended_command_name(uint8_t ext_code) {
  return ext_code < kExtended.size() ? kExtended[ext_code] : std::string_view{};
}

std::string describe_command(uint8_t code, std::optional<uint8_t> ext_code) {
  const std::string codes = ext_code ? hex_byte(code) + " " + hex_byte(*ext_code) : hex_byte(code);
  const std::string_view name = ext_code ? extended_command_name(*ext_code) : standard_command_name(code);
  if (name.empty()) return "command " + codes;
  return std::string(name) + " (" + codes + ")";
}

}  // namespace kb::sim::stsafe_a120
