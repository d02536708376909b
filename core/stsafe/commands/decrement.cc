#include "core/stsafe/commands/decrement.h"

#include "core/stsafe/command_codes.h"
#include "core/stsafe/payload_writer.h"

namespace kb::core::stsafe::commands {

Result<uint32_t> decrement_counter_zone(CommandChannel& channel, uint8_t zone, uint32_t amount, uint16_t offset,
                                        std::span<const uint8_t> data, const ZoneDecrementOptions& options) {
  // Same option layout as Read's (fact sheet 2.5).
  const std::optional<uint8_t> option = zone_read_option(options.new_update_access);
  if (!option || amount == 0) return Code::kInvalidArgument;
  if (const size_t limit = zone_decrement_data_limit(channel, options.protection); data.size() > limit) {
    return Status::with_detail(Code::kFrameLimit, static_cast<uint16_t>(limit));
  }
  auto payload = PayloadWriter(channel.payload_buffer())
                     .byte(*option)
                     .byte(zone)
                     .be16(offset)
                     .be16(static_cast<uint16_t>(amount >> 16))
                     .be16(static_cast<uint16_t>(amount & 0xFFFF))
                     .bytes(data)
                     .finish();
  if (!payload.ok()) return payload.status();
  auto response = zone_exchange(channel, CommandHeader::standard(command_code::kDecrement), *payload, expect_exactly(4),
                                options.protection);
  if (!response.ok()) return response.status();
  const std::span<const uint8_t> p = response->payload;
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

}  // namespace kb::core::stsafe::commands
