// Decrement (0x04, fact sheet 2.5): option | zone | offset (2, BE) | amount (4, BE) | data
//   ← new counter (4, BE)
// Lowers a counter zone's counter by `amount` and writes the data into its associated bytes
// from `offset`, both in one atomic write. The counter never goes below zero: a decrement that
// would is refused and changes nothing. The option may change the zone's update access condition
// (the one Decrement is under).
#include "simulator/stsafe_a120/commands/handlers.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr size_t kFixedLength = 8;  // option | zone | offset | amount
}  // namespace

Response run_decrement(CommandContext& context, std::span<const uint8_t> payload) {
  if (payload.size() < kFixedLength) return Response::error(Status::kInconsistentCommandData);
  const std::optional<ZoneOption> option = parse_zone_option(payload[0], false);
  if (!option) return Response::error(Status::kValueOutOfRange);
  const std::optional<size_t> position = find_zone(context.state.data_partitions, payload[1]);
  if (!position) return Response::error(Status::kEntryNotFound);
  const DataPartition& zone = context.state.data_partitions[*position];
  if (zone.type != ZoneType::kCounter) return Response::error(Status::kWrongZoneType);
  if (!zone_access_granted(zone.update_access, context.zone_credentials())) {
    return Response::error(Status::kAccessConditionNotSatisfied);
  }
  const Status change = zone_access_change_status(*option, zone.update_access, zone.update_change_right);
  if (change != Status::kOk) return Response::error(change);
  const size_t offset = static_cast<size_t>(payload[2]) << 8 | payload[3];
  uint32_t amount = 0;
  for (size_t i = 4; i < kFixedLength; ++i) amount = amount << 8 | payload[i];
  if (amount == 0) return Response::error(Status::kValueOutOfRange);
  const std::span<const uint8_t> data = payload.subspan(kFixedLength);
  if (offset + data.size() > zone.data.size()) return Response::error(Status::kBoundaryExceeded);
  if (amount > zone.counter) return Response::error(Status::kCounterLimitExceeded);

  const uint32_t counter = zone.counter - amount;
  std::optional<uint8_t> access;
  if (option->change_access) {
    DataPartition changed = zone;
    changed.update_access = option->new_access;
    changed.update_change_right = option->new_change_right;
    access = changed.access_byte();
  }
  context.store.write_zone_atomic(*position, offset, data, counter, access);
  return Response::ok({static_cast<uint8_t>(counter >> 24), static_cast<uint8_t>(counter >> 16),
                       static_cast<uint8_t>(counter >> 8), static_cast<uint8_t>(counter)});
}

}  // namespace kb::sim::stsafe_a120
