#include "core/stsafe/commands/read.h"

#include <algorithm>

#include "core/stsafe/command_codes.h"
#include "core/stsafe/payload_writer.h"

namespace kb::core::stsafe::commands {

namespace {
constexpr size_t kCounterBytes = 4;
constexpr size_t kMaxOffset = 0xFFFF;

// One loop for both zone kinds; `counter` is null for a data zone.
Status read_zone(CommandChannel& channel, uint8_t zone, uint16_t offset, std::span<uint8_t> out,
                 const ZoneReadOptions& options, uint32_t* counter) {
  const std::optional<uint8_t> change_option = zone_read_option(options.new_read_access);
  if (!change_option || offset + out.size() > kMaxOffset + 1) return Code::kInvalidArgument;
  const CommandHeader header = CommandHeader::standard(command_code::kRead);
  const size_t prefix = counter != nullptr ? kCounterBytes : 0;
  const size_t answer = zone_protection(channel, header, options.protection).response_encrypted
                            ? kMaxEncryptedZoneReadAnswer
                            : kMaxZoneReadAnswer;
  const size_t chunk = answer - prefix;
  size_t done = 0;
  do {
    const size_t n = std::min(chunk, out.size() - done);
    const bool last = done + n == out.size();
    const size_t at = offset + done;
    auto payload = PayloadWriter(channel.payload_buffer())
                       .byte(last ? *change_option : uint8_t{0})
                       .byte(zone)
                       .be16(static_cast<uint16_t>(at))
                       .be16(static_cast<uint16_t>(n))
                       .finish();
    if (!payload.ok()) return payload.status();
    auto response =
        zone_exchange(channel, header, *payload, expect_exactly(static_cast<uint16_t>(prefix + n)), options.protection);
    if (!response.ok()) return response.status();
    std::span<const uint8_t> p = response->payload;
    if (counter != nullptr) {
      *counter = (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
    }
    std::copy(p.begin() + static_cast<std::ptrdiff_t>(prefix), p.end(),
              out.begin() + static_cast<std::ptrdiff_t>(done));
    done += n;
  } while (done < out.size());
  return Code::kOk;
}
}  // namespace

Status read_data_zone(CommandChannel& channel, uint8_t zone, uint16_t offset, std::span<uint8_t> out,
                      const ZoneReadOptions& options) {
  return read_zone(channel, zone, offset, out, options, nullptr);
}

Result<uint32_t> read_counter_zone(CommandChannel& channel, uint8_t zone, uint16_t offset,
                                   std::span<uint8_t> associated_data, const ZoneReadOptions& options) {
  uint32_t counter = 0;
  KB_TRY(read_zone(channel, zone, offset, associated_data, options, &counter));
  return counter;
}

}  // namespace kb::core::stsafe::commands
