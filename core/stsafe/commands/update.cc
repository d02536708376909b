#include "core/stsafe/commands/update.h"

#include "core/stsafe/command_codes.h"
#include "core/stsafe/payload_writer.h"

namespace kb::core::stsafe::commands {

Status update_data_zone(CommandChannel& channel, uint8_t zone, uint16_t offset, std::span<const uint8_t> data,
                        const ZoneUpdateOptions& options) {
  const std::optional<uint8_t> option = zone_update_option(options.atomic, options.new_update_access);
  if (!option) return Code::kInvalidArgument;
  // Frames over the limit (after the C-MAC and any padding) are refused below with nothing sent.
  auto payload = PayloadWriter(channel.payload_buffer()).byte(*option).byte(zone).be16(offset).bytes(data).finish();
  if (!payload.ok()) return payload.status();
  auto response = zone_exchange(channel, CommandHeader::standard(command_code::kUpdate), *payload, expect_exactly(0),
                                options.protection);
  return response.ok() ? Status() : response.status();
}

}  // namespace kb::core::stsafe::commands
