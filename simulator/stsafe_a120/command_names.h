#pragma once
// Human names of STSAFE-A command codes (fact sheet 2.1, 2.2), device-side, for activity lines and
// fault reports. The host library keeps its own table.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kb::sim::stsafe_a120 {

// Empty for a code the fact sheet does not name.
std::string_view standard_command_name(uint8_t code);
std::string_view extended_command_name(uint8_t ext_code);

// "Put Attribute (0x10)", "Write Host Key V2 Plaintext (0x1F 0x07)", "command 0x1D" for an
// unnamed code. code is the header's low five bits.
std::string describe_command(uint8_t code, std::optional<uint8_t> ext_code);

}  // namespace kb::sim::stsafe_a120
