#include "firmware/secure_data_storage/secure_data_storage.h"

#include <algorithm>
#include <array>

#include "core/stsafe/stsafe.h"
#include "firmware/key_pair_generation/ecc_steps.h"

namespace kb::fw {

namespace {

using core::Code;
using core::Status;
using core::stsafe::DataPartitionRecord;
using core::stsafe::DataPartitionTable;
using core::stsafe::ZoneAccess;
using core::stsafe::ZoneType;

// Longer requests are cut to this; an update must fit one frame anyway (the library refuses more).
constexpr size_t kMaxBytes = 1024;
constexpr uint8_t kAccessConditionNotSatisfied = 0x11;
constexpr uint8_t kCounterLimitExceeded = 0x13;

const char* access_name(ZoneAccess a) {
  switch (a) {
    case ZoneAccess::kAlways: return "ALWAYS";
    case ZoneAccess::kHost: return "HOST";
    case ZoneAccess::kAuthAndHost: return "AUTH+HOST";
    case ZoneAccess::kNever: return "NEVER";
  }
  return "(unnamed)";
}

void print_table(hal::Console& c, const DataPartitionTable& table) {
  c.print("\n - Data partition (%u zones):\n", static_cast<unsigned>(table.count));
  c.write("\t zone | type    | read AC   | update AC  | length | counter\n");
  for (size_t i = 0; i < table.count; ++i) {
    const DataPartitionRecord& z = table.zones[i];
    c.print("\t  %3u | %-7s | %-9s | %-9s%s | %6u |", static_cast<unsigned>(z.index),
            z.type == ZoneType::kCounter ? "counter" : "data", access_name(z.read_access), access_name(z.update_access),
            z.update_change_right ? "*" : " ", static_cast<unsigned>(z.length));
    if (z.type == ZoneType::kCounter) c.print(" %u", static_cast<unsigned>(z.counter));
    c.write("\n");
  }
  c.write("\t (* the update access condition may still change)\n");
}

// The zone's record, of the type the step needs, else kInvalidArgument (reported).
const DataPartitionRecord* zone_of(hal::Console& c, const DataPartitionTable& table, uint8_t index, ZoneType type) {
  const DataPartitionRecord* z = table.find(index);
  if (z == nullptr) {
    c.print("\n ## Zone %u is not in the chip's data partition\n", static_cast<unsigned>(index));
  } else if (z->type != type) {
    c.print("\n ## Zone %u is a %s zone, not a %s zone\n", static_cast<unsigned>(index),
            z->type == ZoneType::kCounter ? "counter" : "data", type == ZoneType::kCounter ? "counter" : "data");
    z = nullptr;
  }
  return z;
}

bool same(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

Status zone_access(hal::Platform& platform, core::stsafe::Stsafe& se, const DataPartitionTable& table,
                   const SecureDataStorageOptions& o) {
  hal::Console& c = platform.console;
  const DataPartitionRecord* z = zone_of(c, table, o.data_zone, ZoneType::kData);
  if (z == nullptr) return Code::kInvalidArgument;
  const size_t n = std::min<size_t>({o.data_bytes, z->length, kMaxBytes});
  const unsigned zone = o.data_zone;
  c.print("\n - Zone access (data zone %u)\n", zone);
  std::array<uint8_t, kMaxBytes> before{}, written{}, after{};
  if (Status s = se.read_data_zone(o.data_zone, 0, std::span(before.data(), n)); !s.ok()) {
    return ecc::report(c, "stse_data_storage_read_data_zone", s);
  }
  c.print("\n - Read zone %u (offset 0, %u bytes):\n", zone, static_cast<unsigned>(n));
  ecc::print_hex_block(c, std::span(before.data(), n));

  if (platform.crypto.random(std::span(written.data(), n)) != hal::CryptoResult::kOk) {
    return ecc::report(c, "host random", Code::kCrypto);
  }
  c.print("\n - Update zone %u (offset 0, %u random bytes, atomic):\n", zone, static_cast<unsigned>(n));
  ecc::print_hex_block(c, std::span(written.data(), n));
  if (Status s = se.update_data_zone(o.data_zone, 0, std::span(written.data(), n)); !s.ok()) {
    if (s.code() == Code::kDeviceStatus && s.device_status() == kAccessConditionNotSatisfied) {
      c.print("\n ## The chip refuses the update: zone %u's update access condition is %s\n", zone,
              access_name(z->update_access));
    }
    return ecc::report(c, "stse_data_storage_update_data_zone", s);
  }

  if (Status s = se.read_data_zone(o.data_zone, 0, std::span(after.data(), n)); !s.ok()) {
    return ecc::report(c, "stse_data_storage_read_data_zone", s);
  }
  c.print("\n - Read zone %u back:\n", zone);
  ecc::print_hex_block(c, std::span(after.data(), n));
  if (!same(std::span(after.data(), n), std::span(written.data(), n))) {
    c.print(" - Zone %u read back : DIFFERS from the update (FAILED)\n", zone);
    return Code::kCheckFailed;
  }
  c.print(" - Zone %u read back : equals the update\n", zone);
  return Status();
}

Status counter_access(hal::Platform& platform, core::stsafe::Stsafe& se, const DataPartitionTable& table,
                      const SecureDataStorageOptions& o) {
  hal::Console& c = platform.console;
  const DataPartitionRecord* z = zone_of(c, table, o.counter_zone, ZoneType::kCounter);
  if (z == nullptr) return Code::kInvalidArgument;
  const size_t n = std::min<size_t>({o.associated_bytes, z->length, kMaxBytes});
  const unsigned zone = o.counter_zone;
  c.print("\n - Counter access (counter zone %u)\n", zone);
  std::array<uint8_t, kMaxBytes> before{}, written{}, after{};
  auto counter = se.read_counter_zone(o.counter_zone, 0, std::span(before.data(), n));
  if (!counter.ok()) return ecc::report(c, "stse_data_storage_read_counter_zone", counter.status());
  c.print("\n - Read counter zone %u (offset 0, %u bytes)\n\t o associated data:\n", zone, static_cast<unsigned>(n));
  ecc::print_hex_block(c, std::span(before.data(), n));
  c.print("\t o counter value : %u\n", static_cast<unsigned>(*counter));

  if (platform.crypto.random(std::span(written.data(), n)) != hal::CryptoResult::kOk) {
    return ecc::report(c, "host random", Code::kCrypto);
  }
  c.print("\n - Decrement counter zone %u by %u, with new associated data:\n", zone,
          static_cast<unsigned>(o.decrement));
  ecc::print_hex_block(c, std::span(written.data(), n));
  auto decremented = se.decrement_counter_zone(o.counter_zone, o.decrement, 0, std::span(written.data(), n));
  if (!decremented.ok()) {
    const Status s = decremented.status();
    if (s.code() == Code::kDeviceStatus && s.device_status() == kCounterLimitExceeded) {
      c.print("\n ## The chip refuses the decrement: counter %u is below %u, and a counter never goes below zero\n",
              static_cast<unsigned>(*counter), static_cast<unsigned>(o.decrement));
    } else if (s.code() == Code::kDeviceStatus && s.device_status() == kAccessConditionNotSatisfied) {
      c.print("\n ## The chip refuses the decrement: zone %u's update access condition is %s\n", zone,
              access_name(z->update_access));
    }
    return ecc::report(c, "stse_data_storage_decrement_counter_zone", s);
  }
  c.print("\t o new counter value : %u\n", static_cast<unsigned>(*decremented));

  auto now = se.read_counter_zone(o.counter_zone, 0, std::span(after.data(), n));
  if (!now.ok()) return ecc::report(c, "stse_data_storage_read_counter_zone", now.status());
  c.print("\n - Read counter zone %u back\n\t o associated data:\n", zone);
  ecc::print_hex_block(c, std::span(after.data(), n));
  c.print("\t o counter value : %u\n", static_cast<unsigned>(*now));
  const bool went_down = *counter >= o.decrement && *now == *counter - o.decrement && *decremented == *now;
  if (!went_down) {
    c.print(" - Counter zone %u : %u -> %u, not down by %u (FAILED)\n", zone, static_cast<unsigned>(*counter),
            static_cast<unsigned>(*now), static_cast<unsigned>(o.decrement));
    return Code::kCheckFailed;
  }
  if (!same(std::span(after.data(), n), std::span(written.data(), n))) {
    c.print(" - Counter zone %u associated data : DIFFERS from the decrement's (FAILED)\n", zone);
    return Code::kCheckFailed;
  }
  c.print(" - Counter zone %u : %u -> %u, down by %u, associated data equals the decrement's\n", zone,
          static_cast<unsigned>(*counter), static_cast<unsigned>(*now), static_cast<unsigned>(o.decrement));
  return Status();
}

}  // namespace

Status run_secure_data_storage(hal::Platform& platform, const SecureDataStorageOptions& o) {
  hal::Console& c = platform.console;
  ecc::print_banner(c, "STSAFE-A120 secure data storage: zone access and counter access",
                    "Reads, updates and reads back a data zone; reads, decrements and reads back a counter zone");
  c.write("\n - Initialize target STSAFE-A120\n");
  core::stsafe::Stsafe se(platform.i2c, platform.clock, platform.crypto, o.address7);
  if (Status s = se.init(); !s.ok()) return ecc::report(c, "stse_init", s);
  auto table = se.query_data_partitions();
  if (!table.ok()) return ecc::report(c, "stse_data_storage_get_partitioning_table", table.status());
  print_table(c, *table);

  KB_TRY(zone_access(platform, se, *table, o));
  KB_TRY(counter_access(platform, se, *table, o));
  c.write("\n - Zone access and counter access : SUCCESS\n");
  return Status();
}

}  // namespace kb::fw
