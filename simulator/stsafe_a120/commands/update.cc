// Update (0x06, fact sheet 2.5): option | zone | offset (2, BE) | data   ← nothing
// Writes the data into a data zone from `offset`; option bit 7 asks for an atomic write (old or
// new content after a power cut, never a mix). The option may also change the zone's update
// access condition, in the same write. Counter zones change only through Decrement.
#include "simulator/stsafe_a120/commands/handlers.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr size_t kFixedLength = 4;  // option | zone | offset
}  // namespace

Response run_update(CommandContext& context, std::span<const uint8_t> payload) {
  if (payload.size() < kFixedLength) return Response::error(Status::kInconsistentCommandData);
  const std::optional<ZoneOption> option = parse_zone_option(payload[0], true);
  if (!option) return Response::error(Status::kValueOutOfRange);
  const std::optional<size_t> position = find_zone(context.state.data_partitions, payload[1]);
  if (!position) return Response::error(Status::kEntryNotFound);
  const DataPartition& zone = context.state.data_partitions[*position];
  if (zone.type != ZoneType::kData) return Response::error(Status::kWrongZoneType);
  if (!zone_access_granted(zone.update_access, context.zone_credentials())) {
    return Response::error(Status::kAccessConditionNotSatisfied);
  }
  const Status change = zone_access_change_status(*option, zone.update_access, zone.update_change_right);
  if (change != Status::kOk) return Response::error(change);
  const size_t offset = static_cast<size_t>(payload[2]) << 8 | payload[3];
  const std::span<const uint8_t> data = payload.subspan(kFixedLength);
  if (offset + data.size() > zone.data.size()) return Response::error(Status::kBoundaryExceeded);

  std::optional<uint8_t> access;
  if (option->change_access) {
    DataPartition changed = zone;
    changed.update_access = option->new_access;
    changed.update_change_right = option->new_change_right;
    access = changed.access_byte();
  }
  if (option->atomic) {
    context.store.write_zone_atomic(*position, offset, data, std::nullopt, access);
  } else {
    context.store.write_zone_direct(*position, offset, data, access);
  }
  return Response::ok();
}

}  // namespace kb::sim::stsafe_a120
