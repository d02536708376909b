#pragma once
// Decrement (0x04, fact sheet 2.5): option | zone | offset (2, BE) | amount (4, BE) | data
//   ← new counter (4, BE)
#include <cstdint>
#include <optional>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/data_partitions.h"

namespace kb::core::stsafe::commands {

// Lowers a counter zone's counter by `amount` and writes `data` (may be empty) at `offset` of its
// associated data, in one atomic command; returns the new counter. Errors: amount 0 (ST's library
// refuses it too) or an unnamed access condition → kInvalidArgument, data over
// zone_decrement_data_limit() → kFrameLimit (detail: the limit), both with nothing sent; no open host session when one
// is needed → kNotProvisioned; the chip's refusals as device statuses (0x10 no such zone, 0x11 access condition, 0x12 a
// data zone, 0x13 the counter would go below zero, 0x14 data past the zone's end).
Result<uint32_t> decrement_counter_zone(CommandChannel& channel, uint8_t zone, uint32_t amount, uint16_t offset,
                                        std::span<const uint8_t> data, const ZoneDecrementOptions& options = {});

}  // namespace kb::core::stsafe::commands
