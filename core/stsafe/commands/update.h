#pragma once
// Update (0x06, fact sheet 2.5): option | zone | offset (2, BE) | data   ← nothing
#include <cstdint>
#include <optional>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/data_partitions.h"

namespace kb::core::stsafe::commands {

// Writes `data` at `offset` of a data zone in one command (a write split over several commands
// could not be atomic). Errors: an unnamed access condition in the change → kInvalidArgument, data
// over zone_update_data_limit() for the protection used → kFrameLimit (detail: the limit), both
// with nothing sent; no open host
// session when one is needed → kNotProvisioned; the chip's refusals as device statuses (0x10 no
// such zone, 0x11 access condition or change right, 0x12 a counter zone, 0x14 past the zone's end).
Status update_data_zone(CommandChannel& channel, uint8_t zone, uint16_t offset, std::span<const uint8_t> data,
                        const ZoneUpdateOptions& options = {});

}  // namespace kb::core::stsafe::commands
