#pragma once
// The STSAFE-A120 data partition as the host sees it (fact sheet 2.5): the zone table of Query
// tag 0x12, the option byte of Read / Update / Decrement, and how a zone command travels.
//   zone record  index | type (0 data, 1 counter) | AC byte | length (2, BE) | [counter (4, BE)]
//   AC byte      bit 7 read-AC change right | bits 6..4 read AC | bit 3 update-AC change right | bits 2..0 update AC
//   option       bits 2..0 new AC | bit 3 new change right | bit 4 change indicator | (Update) bit 7 atomic
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"

namespace kb::core::stsafe {

enum class ZoneType : uint8_t { kData = 0, kCounter = 1 };

// Zone access conditions (3 bits). Values ST's library does not name (2..5) are kept as sent.
enum class ZoneAccess : uint8_t { kAlways = 0, kHost = 1, kAuthAndHost = 6, kNever = 7 };
constexpr bool is_named_zone_access(ZoneAccess a) {
  return a == ZoneAccess::kAlways || a == ZoneAccess::kHost || a == ZoneAccess::kAuthAndHost || a == ZoneAccess::kNever;
}

struct DataPartitionRecord {
  uint8_t index = 0;
  ZoneType type = ZoneType::kData;
  bool read_change_right = false;
  ZoneAccess read_access = ZoneAccess::kAlways;
  bool update_change_right = false;
  ZoneAccess update_access = ZoneAccess::kAlways;
  uint16_t length = 0;   // data bytes (a counter zone's associated data)
  uint32_t counter = 0;  // counter zones only
};

inline constexpr size_t kMaxDataPartitions = 32;
struct DataPartitionTable {
  uint8_t count = 0;
  std::array<DataPartitionRecord, kMaxDataPartitions> zones{};

  // nullptr when no zone has that index.
  const DataPartitionRecord* find(uint8_t index) const;
};

// A change of a zone's access condition, carried by the option byte of a zone command.
struct ZoneAccessChange {
  ZoneAccess access = ZoneAccess::kAlways;
  bool change_right = false;  // whether the condition may be changed again afterwards
};

// How a zone command travels. kCommandTable: as the command access table says (plain when Read,
// Update and Decrement are FREE there). kHostMac: with C-MAC and R-MAC through the open host
// session even when the table says FREE, as a zone whose access condition is HOST needs (ST's
// STSE_HOST_C_MAC_R_MAC). The table's encryption flags apply in both.
enum class ZoneProtection : uint8_t { kCommandTable, kHostMac };

// How a Read, an Update and a Decrement are sent.
struct ZoneReadOptions {
  ZoneProtection protection = ZoneProtection::kCommandTable;
  // Sent with the last chunk, so the whole read happens under the zone's current condition.
  std::optional<ZoneAccessChange> new_read_access;
};

struct ZoneUpdateOptions {
  // The chip keeps the old or the new content if power fails during the write (option bit 7).
  // ST's high-level API defaults to non-atomic; this library defaults to atomic.
  bool atomic = true;
  ZoneProtection protection = ZoneProtection::kCommandTable;
  std::optional<ZoneAccessChange> new_update_access;
};

struct ZoneDecrementOptions {
  ZoneProtection protection = ZoneProtection::kCommandTable;
  // Decrement is under the zone's update access condition; this changes it.
  std::optional<ZoneAccessChange> new_update_access;
};

// Option bytes; nullopt when the change names an access condition ST's library does not name.
std::optional<uint8_t> zone_read_option(const std::optional<ZoneAccessChange>& change);
std::optional<uint8_t> zone_update_option(bool atomic, const std::optional<ZoneAccessChange>& change);

// Sends one zone command as `protection` says. kNotProvisioned (nothing sent) when it needs the
// host session and none is open.
Result<ResponseFrame> zone_exchange(CommandChannel& channel, CommandHeader header, std::span<const uint8_t> payload,
                                    ExpectedPayload expected, ZoneProtection protection);
// The protection a zone command gets.
Protection zone_protection(const CommandChannel& channel, CommandHeader header, ZoneProtection protection);

// Longest Read answer a response frame carries with room for an R-MAC (fact sheet 1.7: 752
// bytes of header and payload, R-MAC included): 747 bytes, counter included; 735 when the
// response is encrypted (the padding needs at least one byte and whole blocks).
inline constexpr size_t kMaxZoneReadAnswer = 747;
inline constexpr size_t kMaxEncryptedZoneReadAnswer = 735;

// Most data bytes one Update (after option, zone and offset) or Decrement (after option, zone,
// offset and amount) frame carries under the protection zone_protection() gives: Update 747 plain,
// 743 with a C-MAC; Decrement 743 and 739.
size_t zone_update_data_limit(const CommandChannel& channel, ZoneProtection protection);
size_t zone_decrement_data_limit(const CommandChannel& channel, ZoneProtection protection);

}  // namespace kb::core::stsafe
