#include "core/stsafe/commands/update.h"

#include "core/stsafe/command_codes.h"
#include "core/stsafe/payload_writer.h"

namespace kb::core::stsafe::commands {

Status update_data_zone(CommandChannel& channel, uint8_t zone, uint16_t offset, std::span<const uint8_t> data,
                        const ZoneUpdateOptions& options) {
  const std::optional<uint8_t> option = zone_update_option(options.atomic, options.new_update_access);
  if (!option) return Code::kInvalidArgument;
  if (const size_t limit = zone_update_data_limit(channel, options.protection); data.size() > limit) {
    return Status::with_detail(Code::kFrameLimit, static_cast<uint16_t>(limit));
  }
  auto payload = PayloadWriter(channel.payload_buffer()).byte(*option).byte(zone).be16(offset).bytes(data).finish();
  if (!payload.ok()) return payload.status();
  auto response = zone_exchange(channel, CommandHeader::standard(command_code::kUpdate), *payload, expect_exactly(0),
                                options.protection);
  return response.ok() ? Status() : response.status();
}

}  // namespace kb::core::stsafe::commands
