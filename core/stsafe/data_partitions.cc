#include "core/stsafe/data_partitions.h"

#include "core/stsafe/command_codes.h"
#include "core/stsafe/wipe.h"

namespace kb::core::stsafe {

namespace {
constexpr uint8_t kChangeIndicator = 0x10;
constexpr uint8_t kChangeRight = 0x08;
constexpr uint8_t kAtomic = 0x80;

std::optional<uint8_t> change_bits(const std::optional<ZoneAccessChange>& change) {
  if (!change) return uint8_t{0};
  if (!is_named_zone_access(change->access)) return std::nullopt;
  return static_cast<uint8_t>(kChangeIndicator | (change->change_right ? kChangeRight : 0) |
                              static_cast<uint8_t>(change->access));
}
}  // namespace

const DataPartitionRecord* DataPartitionTable::find(uint8_t index) const {
  for (size_t i = 0; i < count && i < zones.size(); ++i) {
    if (zones[i].index == index) return &zones[i];
  }
  return nullptr;
}

std::optional<uint8_t> zone_read_option(const std::optional<ZoneAccessChange>& change) {
  return change_bits(change);
}

std::optional<uint8_t> zone_update_option(bool atomic, const std::optional<ZoneAccessChange>& change) {
  const std::optional<uint8_t> bits = change_bits(change);
  if (!bits) return std::nullopt;
  return static_cast<uint8_t>(*bits | (atomic ? kAtomic : 0));
}

Protection zone_protection(const CommandChannel& channel, CommandHeader header, ZoneProtection protection) {
  Protection p = channel.protection(header);
  if (protection == ZoneProtection::kHostMac) p.authenticated = true;
  return p;
}

size_t zone_update_data_limit(const CommandChannel& channel, ZoneProtection protection) {
  const Protection p = zone_protection(channel, CommandHeader::standard(command_code::kUpdate), protection);
  return max_command_payload(p, 1) - 4;  // option, zone, offset (2)
}

size_t zone_decrement_data_limit(const CommandChannel& channel, ZoneProtection protection) {
  const Protection p = zone_protection(channel, CommandHeader::standard(command_code::kDecrement), protection);
  return max_command_payload(p, 1) - 8;  // option, zone, offset (2), amount (4)
}

Result<ResponseFrame> zone_exchange(CommandChannel& channel, CommandHeader header, std::span<const uint8_t> payload,
                                    ExpectedPayload expected, ZoneProtection protection) {
  const Protection p = zone_protection(channel, header, protection);
  // What the table asks for already: the channel's own path.
  if (p == channel.protection(header)) return channel.exchange(header, payload, expected);
  Result<ResponseFrame> response = Code::kNotProvisioned;
  if (channel.session().is_open()) {
    response = channel.session().exchange(channel.transport(), header, payload, p, expected);
  }
  // Zone data does not outlive the command, as on the channel's own path.
  const std::span<uint8_t> scratch = channel.payload_buffer();
  if (payload.data() == scratch.data()) wipe(scratch.first(payload.size()));
  return response;
}

}  // namespace kb::core::stsafe
