#pragma once
// The command authorization configuration (fact sheet 2.5 query 0x24 layout, 8.3 factory content):
// for each access-controlled command, the access condition and whether the host secure channel
// must encrypt its command and/or response. The host secure channel (host_session.h) enforces it.
#include <cstdint>
#include <optional>
#include <vector>

namespace kb::sim::stsafe_a120 {

// Access conditions (fact sheet 2.5, query 0x24).
enum class AccessCondition : uint8_t { kNever = 0, kFree = 1, kAdmin = 2, kHost = 3 };

inline constexpr uint8_t kResponseEncrypted = 0x01;
inline constexpr uint8_t kCommandEncrypted = 0x02;

struct CommandAuthorization {
  uint8_t code = 0;
  uint8_t ext_code = 0;  // meaningful when code == 0x1F
  AccessCondition access = AccessCondition::kFree;
  uint8_t encryption_flags = 0;  // kCommandEncrypted | kResponseEncrypted
  bool operator==(const CommandAuthorization&) const = default;
};

// Factory table: the 18 standard codes marked "A120 AC table = yes" in fact sheet 2.1, then the
// extended codes 0x00..0x1A, all FREE without encryption except 0x08 (HOST): 45 records.
std::vector<CommandAuthorization> factory_command_authorizations();

// The tag-0x24 answer: change-rights byte | record count | records, a record being
// code [ext code if code == 0x1F] | AC | flags.
std::vector<uint8_t> encode_command_authorizations(uint8_t change_rights,
                                                   const std::vector<CommandAuthorization>& records);

// Change-rights byte: bit 0 encryption flags changeable (put 0x2A), bit 1 access conditions
// changeable (put 0x29). The real chip in STSELib PR #45 reported 0x03.
inline constexpr uint8_t kEncryptionFlagsChangeable = 0x01;
inline constexpr uint8_t kAccessConditionsChangeable = 0x02;
inline constexpr uint8_t kFactoryCommandChangeRights = 0x03;

// The persistent table. The set of records is the factory one; puts and fixtures change only
// their access conditions and encryption flags.
struct CommandAccessTable {
  uint8_t change_rights = kFactoryCommandChangeRights;
  std::vector<CommandAuthorization> records = factory_command_authorizations();

  // The record of a command, or null for a command the table does not list (such a command is
  // FREE and never encrypted, as the host library assumes).
  const CommandAuthorization* find(uint8_t code, std::optional<uint8_t> ext_code) const;
  CommandAuthorization* find(uint8_t code, std::optional<uint8_t> ext_code);
  bool operator==(const CommandAccessTable&) const = default;
};

}  // namespace kb::sim::stsafe_a120
