// Read (0x05, fact sheet 2.5): option | zone | offset (2, BE) | length (2, BE)
//   ← data zone: `length` bytes from `offset`; counter zone: counter (4, BE) | `length` bytes of
//     its associated data from `offset`.
// The option may also change the zone's read access condition (data_partitions.h).
#include "simulator/stsafe_a120/commands/handlers.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr size_t kPayloadLength = 6;
constexpr size_t kCounterBytes = 4;
}  // namespace

Response run_read(CommandContext& context, std::span<const uint8_t> payload) {
  if (payload.size() != kPayloadLength) return Response::error(Status::kInconsistentCommandData);
  const std::optional<ZoneOption> option = parse_zone_option(payload[0], false);
  if (!option) return Response::error(Status::kValueOutOfRange);
  const std::optional<size_t> position = find_zone(context.state.data_partitions, payload[1]);
  if (!position) return Response::error(Status::kEntryNotFound);
  const DataPartition& zone = context.state.data_partitions[*position];
  if (!zone_access_granted(zone.read_access, context.zone_credentials())) {
    return Response::error(Status::kAccessConditionNotSatisfied);
  }
  const Status change = zone_access_change_status(*option, zone.read_access, zone.read_change_right);
  if (change != Status::kOk) return Response::error(change);
  const size_t offset = static_cast<size_t>(payload[2]) << 8 | payload[3];
  const size_t length = static_cast<size_t>(payload[4]) << 8 | payload[5];
  if (offset + length > zone.data.size()) return Response::error(Status::kBoundaryExceeded);
  const size_t counter_bytes = zone.type == ZoneType::kCounter ? kCounterBytes : 0;
  if (counter_bytes + length > kMaxZoneReadResponse) return Response::error(Status::kBufferLengthExceeded);

  if (option->change_access) {
    DataPartition changed = zone;
    changed.read_access = option->new_access;
    changed.read_change_right = option->new_change_right;
    context.store.write_zone_access(*position, changed.access_byte());
  }
  std::vector<uint8_t> out(counter_bytes + length);
  if (zone.type == ZoneType::kCounter) {
    for (size_t i = 0; i < kCounterBytes; ++i) out[i] = static_cast<uint8_t>(zone.counter >> (24 - 8 * i));
  }
  for (size_t i = 0; i < length; ++i) out[counter_bytes + i] = zone.data[offset + i];
  return Response::ok(std::move(out));
}

}  // namespace kb::sim::stsafe_a120
