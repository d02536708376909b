#pragma once
// The chip's data partition: numbered zones of user NVM that Read (0x05), Update (0x06) and
// Decrement (0x04) address, and that Query tag 0x12 lists (fact sheet 2.5). A data zone holds
// bytes; a counter zone holds a 32-bit counter that only goes down, plus associated bytes that
// change only together with it.
//
// Zone information record, query 0x12 (one per zone, in table order):
//   index (1) | type (1: 0 data, 1 counter) | access byte (1) | data length (2, BE) | [counter (4, BE)]
// Access byte: bit 7 read-AC change right, bits 6..4 read AC, bit 3 update-AC change right,
// bits 2..0 update AC. The query answer is the zone count then the records.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "simulator/stsafe_a120/status.h"

namespace kb::sim::stsafe_a120 {

enum class ZoneType : uint8_t { kData = 0, kCounter = 1 };

// Zone access conditions, 3 bits (the values ST's library names for zones; 2..5 are unassigned).
enum class ZoneAccess : uint8_t {
  kFree = 0,               // always granted
  kHost = 1,               // granted to a command with a valid host C-MAC
  kAuthenticatedHost = 6,  // host C-MAC and an entity authenticated by Verify Entity Signature
  kNever = 7,
};
// nullopt for the unassigned values 2..5.
std::optional<ZoneAccess> zone_access_from_bits(uint8_t bits);
// How strict a condition is: free < host < authenticated host < never. A change of access
// condition may only keep or raise it (the model's reading of STSELib issue #63).
int zone_access_strictness(ZoneAccess access);

// The model's NVM room (state_store.h layout).
inline constexpr size_t kMaxDataPartitions = 32;
inline constexpr size_t kDataPartitionCapacity = 0x2B00;  // zone bytes, each zone rounded up to 4
// Longest Read answer (counter included): the 752-byte frame less the header and an R-MAC.
inline constexpr size_t kMaxZoneReadResponse = 747;
// Counter value of the counter zones on a factory chip (SPL05 table of the reference examples).
inline constexpr uint32_t kFactoryZoneCounter = 500000;

struct DataPartition {
  uint8_t index = 0;
  ZoneType type = ZoneType::kData;
  ZoneAccess read_access = ZoneAccess::kFree;
  bool read_change_right = false;
  ZoneAccess update_access = ZoneAccess::kFree;
  bool update_change_right = true;
  uint32_t counter = 0;       // counter zones only; 0 for data zones
  std::vector<uint8_t> data;  // the zone's bytes (associated data of a counter zone); size = length

  uint8_t access_byte() const;
  // Sets the four access fields from an access byte; false (nothing changed) when a 3-bit
  // condition is one of the unassigned values.
  bool set_access_byte(uint8_t byte);
  bool operator==(const DataPartition&) const = default;
};

// What the model takes for an SPL05 chip (docs/fidelity.md): the eight zones the reference
// examples print, zone 0 being the 1000-byte zone the device certificate goes in, all bytes 00.
std::vector<DataPartition> factory_data_partitions();

// Empty when the NVM can hold the table (at most kMaxDataPartitions zones, indexes unique,
// lengths at most 0xFFFF and all zones within kDataPartitionCapacity, data zones with counter 0);
// else what is wrong.
std::string_view data_partitions_problem(std::span<const DataPartition> zones);
// Bytes a zone takes in the NVM: its length rounded up to whole words.
size_t zone_footprint(size_t length);

// Position in the table of the zone with that index, or nullopt.
std::optional<size_t> find_zone(std::span<const DataPartition> zones, uint8_t index);

// The query 0x12 answer.
std::vector<uint8_t> encode_data_partition_table(std::span<const DataPartition> zones);

// The option byte of Read, Update and Decrement (fact sheet 2.5): bits 2..0 new access condition,
// bit 3 new change right, bit 4 "change the access condition"; Update's bit 7 asks for an atomic
// write. The remaining bits are zero. Read changes the read AC; Update and Decrement the update AC.
struct ZoneOption {
  bool change_access = false;
  ZoneAccess new_access = ZoneAccess::kFree;  // meaningful when change_access
  bool new_change_right = false;
  bool atomic = false;  // Update only
};
// nullopt when a reserved bit is set, or a change asks for an unassigned access condition. Without
// the change bit, bits 3..0 are ignored (ST's library sends them that way).
std::optional<ZoneOption> parse_zone_option(uint8_t byte, bool is_update);

// What a zone command brings to a zone access condition.
struct ZoneCredentials {
  bool host_authenticated = false;    // the frame came through the host channel with a valid C-MAC
  bool entity_authenticated = false;  // an entity passed Verify entity signature since the last reset
};
// Whether a command meets a zone access condition: FREE always, HOST with a valid host C-MAC,
// AUTH + HOST with both a valid host C-MAC and an authenticated entity (which generic public key
// slot authenticated it does not matter: the zone record names none), NEVER never.
bool zone_access_granted(ZoneAccess access, const ZoneCredentials& credentials);
// kOk when the option's access condition change may be made to a condition that is now
// (current, change_right): the change right must still be there and the new condition may not be
// weaker; else ACCESS_CONDITION_NOT_SATISFIED.
Status zone_access_change_status(const ZoneOption& option, ZoneAccess current, bool change_right);

}  // namespace kb::sim::stsafe_a120
