#pragma once
// Read (0x05, fact sheet 2.5): option | zone | offset (2, BE) | length (2, BE)
//   ← data zone: the bytes; counter zone: counter (4, BE) | associated data.
#include <cstdint>
#include <optional>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/data_partitions.h"

namespace kb::core::stsafe::commands {

// Fills `out` from `offset` of a data zone, in as many Read commands as the frame limit needs
// (kMaxZoneReadAnswer bytes each, kMaxEncryptedZoneReadAnswer when the response is encrypted).
// An empty `out` still sends one Read of 0 bytes (how a read access condition is changed alone).
// Errors: an unnamed access condition in the change, or offset + out.size() past 65535 →
// kInvalidArgument with nothing sent; no open host session when one is needed → kNotProvisioned;
// the chip's refusals as device statuses (0x10 no such zone, 0x11 access condition, 0x14 past the
// zone's end, ...). A chunk that fails stops the read; earlier chunks stay in `out`.
Status read_data_zone(CommandChannel& channel, uint8_t zone, uint16_t offset, std::span<uint8_t> out,
                      const ZoneReadOptions& options = {});
// The same for a counter zone: `associated_data` from `offset`, and the counter (from the last chunk).
Result<uint32_t> read_counter_zone(CommandChannel& channel, uint8_t zone, uint16_t offset,
                                   std::span<uint8_t> associated_data, const ZoneReadOptions& options = {});

}  // namespace kb::core::stsafe::commands
