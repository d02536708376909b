#include "simulator/stsafe_a120/data_partitions.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint8_t kReadChangeRight = 0x80;
constexpr int kReadShift = 4;
constexpr uint8_t kUpdateChangeRight = 0x08;
constexpr uint8_t kAccessMask = 0x07;
constexpr size_t kWord = 4;

DataPartition zone(uint8_t index, ZoneType type, size_t length, ZoneAccess update) {
  DataPartition z;
  z.index = index;
  z.type = type;
  z.read_access = ZoneAccess::kFree;
  z.read_change_right = false;
  z.update_access = update;
  z.update_change_right = true;
  z.counter = type == ZoneType::kCounter ? kFactoryZoneCounter : 0;
  z.data.assign(length, 0x00);
  return z;
}
}  // namespace

std::optional<ZoneAccess> zone_access_from_bits(uint8_t bits) {
  switch (bits) {
    case 0: return ZoneAccess::kFree;
    case 1: return ZoneAccess::kHost;
    case 6: return ZoneAccess::kAuthenticatedHost;
    case 7: return ZoneAccess::kNever;
  }
  return std::nullopt;
}

int zone_access_strictness(ZoneAccess access) {
  switch (access) {
    case ZoneAccess::kFree: return 0;
    case ZoneAccess::kHost: return 1;
    case ZoneAccess::kAuthenticatedHost: return 2;
    case ZoneAccess::kNever: return 3;
  }
  return 3;
}

uint8_t DataPartition::access_byte() const {
  return static_cast<uint8_t>((read_change_right ? kReadChangeRight : 0) |
                              static_cast<uint8_t>(read_access) << kReadShift |
                              (update_change_right ? kUpdateChangeRight : 0) | static_cast<uint8_t>(update_access));
}

bool DataPartition::set_access_byte(uint8_t byte) {
  const auto read = zone_access_from_bits((byte >> kReadShift) & kAccessMask);
  const auto update = zone_access_from_bits(byte & kAccessMask);
  if (!read || !update) return false;
  read_change_right = (byte & kReadChangeRight) != 0;
  read_access = *read;
  update_change_right = (byte & kUpdateChangeRight) != 0;
  update_access = *update;
  return true;
}

std::vector<DataPartition> factory_data_partitions() {
  // Lengths, types, access conditions and counters as the reference examples print an SPL05
  // chip's table; zone 0 (the certificate zone) is the one nobody may update.
  return {
      zone(0, ZoneType::kData, 1000, ZoneAccess::kNever), zone(1, ZoneType::kData, 700, ZoneAccess::kFree),
      zone(2, ZoneType::kData, 600, ZoneAccess::kFree),   zone(3, ZoneType::kData, 600, ZoneAccess::kFree),
      zone(4, ZoneType::kData, 1696, ZoneAccess::kFree),  zone(5, ZoneType::kCounter, 64, ZoneAccess::kFree),
      zone(6, ZoneType::kCounter, 64, ZoneAccess::kFree), zone(7, ZoneType::kData, 1578, ZoneAccess::kFree),
  };
}

size_t zone_footprint(size_t length) {
  return (length + kWord - 1) / kWord * kWord;
}

std::string_view data_partitions_problem(std::span<const DataPartition> zones) {
  if (zones.size() > kMaxDataPartitions) return "more than 32 zones";
  size_t used = 0;
  for (size_t i = 0; i < zones.size(); ++i) {
    const DataPartition& z = zones[i];
    for (size_t j = 0; j < i; ++j) {
      if (zones[j].index == z.index) return "two zones have the same index";
    }
    if (z.data.size() > 0xFFFF) return "a zone is longer than 65535 bytes";
    if (z.type == ZoneType::kData && z.counter != 0) return "a data zone has a counter";
    used += zone_footprint(z.data.size());
    if (used > kDataPartitionCapacity) return "the zones do not fit the model's 11008 bytes of zone memory";
  }
  return {};
}

std::optional<size_t> find_zone(std::span<const DataPartition> zones, uint8_t index) {
  for (size_t i = 0; i < zones.size(); ++i) {
    if (zones[i].index == index) return i;
  }
  return std::nullopt;
}

std::vector<uint8_t> encode_data_partition_table(std::span<const DataPartition> zones) {
  std::vector<uint8_t> out{static_cast<uint8_t>(zones.size())};
  for (const DataPartition& z : zones) {
    const size_t n = z.data.size();
    out.push_back(z.index);
    out.push_back(static_cast<uint8_t>(z.type));
    out.push_back(z.access_byte());
    out.push_back(static_cast<uint8_t>(n >> 8));
    out.push_back(static_cast<uint8_t>(n));
    if (z.type == ZoneType::kCounter) {
      for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(z.counter >> shift));
    }
  }
  return out;
}

std::optional<ZoneOption> parse_zone_option(uint8_t byte, bool is_update) {
  constexpr uint8_t kChange = 0x10;
  constexpr uint8_t kChangeRight = 0x08;
  constexpr uint8_t kAtomic = 0x80;
  const uint8_t reserved = is_update ? 0x60 : 0xE0;
  if ((byte & reserved) != 0) return std::nullopt;
  ZoneOption o;
  o.atomic = is_update && (byte & kAtomic) != 0;
  o.change_access = (byte & kChange) != 0;
  if (!o.change_access) return o;
  const auto access = zone_access_from_bits(byte & kAccessMask);
  if (!access) return std::nullopt;
  o.new_access = *access;
  o.new_change_right = (byte & kChangeRight) != 0;
  return o;
}

bool zone_access_granted(ZoneAccess access, const ZoneCredentials& credentials) {
  switch (access) {
    case ZoneAccess::kFree: return true;
    case ZoneAccess::kHost: return credentials.host_authenticated;
    case ZoneAccess::kAuthenticatedHost: return credentials.host_authenticated && credentials.entity_authenticated;
    case ZoneAccess::kNever: return false;
  }
  return false;
}

Status zone_access_change_status(const ZoneOption& option, ZoneAccess current, bool change_right) {
  if (!option.change_access) return Status::kOk;
  if (!change_right) return Status::kAccessConditionNotSatisfied;
  if (zone_access_strictness(option.new_access) < zone_access_strictness(current)) {
    return Status::kAccessConditionNotSatisfied;
  }
  return Status::kOk;
}

}  // namespace kb::sim::stsafe_a120
