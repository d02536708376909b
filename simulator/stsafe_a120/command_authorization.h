#pragma once
// The command authorization configuration the chip reports for query tag 0x24 (fact sheet 2.5
// layout, 8.3 factory content).
#include <cstdint>
#include <vector>

namespace kb::sim::stsafe_a120 {

// Access conditions (fact sheet 2.5, query 0x24).
enum class AccessCondition : uint8_t { kNever = 0, kFree = 1, kAdmin = 2, kHost = 3 };

struct CommandAuthorization {
  uint8_t code = 0;
  uint8_t ext_code = 0;  // meaningful when code == 0x1F
  AccessCondition access = AccessCondition::kFree;
  uint8_t encryption_flags = 0;  // bit 1 command encrypted, bit 0 response encrypted
};

// Factory table: the 18 standard codes marked "A120 AC table = yes" in fact sheet 2.1, then the
// extended codes 0x00..0x1A, all FREE without encryption except 0x08 (HOST): 45 records.
std::vector<CommandAuthorization> factory_command_authorizations();

// The tag-0x24 answer: change-rights byte | record count | records, a record being
// code [ext code if code == 0x1F] | AC | flags.
std::vector<uint8_t> encode_command_authorizations(uint8_t change_rights,
                                                   const std::vector<CommandAuthorization>& records);

// Change-rights byte the real chip in STSELib PR #45 reported: AC and encryption flags changeable.
inline constexpr uint8_t kFactoryCommandChangeRights = 0x03;

}  // namespace kb::sim::stsafe_a120
