// Verify (0x45, fact sheet B6.2), external mode: checks a P-256 signature of the 32-byte message
// in TempKey (or the Message Digest Buffer with bit 5) against a public key in the packet.
#include "simulator/atecc608a/commands/handlers.h"
#include "simulator/atecc608a/p256.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kModeMask = 0x07;
constexpr uint8_t kFromDigestBuffer = 0x20;
constexpr uint8_t kMacFlag = 0x80;
constexpr uint8_t kStored = 0x00, kValidateExternal = 0x01, kExternal = 0x02, kValidate = 0x03, kInvalidate = 0x07;
constexpr uint16_t kP256 = 0x0004;
}  // namespace

Reply run_verify(CommandContext& context, const CommandPacket& packet) {
  const uint8_t p1 = packet.param1;
  const uint8_t mode = p1 & kModeMask;
  if ((p1 & ~(kModeMask | kFromDigestBuffer | kMacFlag)) != 0) return Reply::status(Status::kParseError);
  if (mode != kStored && mode != kValidateExternal && mode != kExternal && mode != kValidate && mode != kInvalidate) {
    return Reply::status(Status::kParseError);
  }
  // Stored, validate and invalidate modes and the MAC output are not modelled yet.
  if (mode != kExternal || (p1 & kMacFlag) != 0) return Reply::status(Status::kExecutionError);
  if (packet.param2 != kP256 || packet.data.size() != 128) return Reply::status(Status::kParseError);
  const VolatileState& v = context.volatile_state;
  const bool from_buffer = (p1 & kFromDigestBuffer) != 0;
  if (!(from_buffer ? v.message_digest_buffer_valid : v.temp_key.valid)) return Reply::status(Status::kExecutionError);
  const std::span<const uint8_t> data(packet.data);
  const std::span<const uint8_t> public_xy = data.subspan(64, 64);
  if (!p256::public_key_is_valid(public_xy)) return Reply::status(Status::kExecutionError);
  std::array<uint8_t, 32> message{};
  const uint8_t* source = from_buffer ? v.message_digest_buffer.data() : v.temp_key.value.data();
  std::copy(source, source + 32, message.begin());
  const bool ok = p256::verify(public_xy, message, data.first<64>());
  return Reply::status(ok ? Status::kSuccess : Status::kMiscompare);
}

}  // namespace kb::sim::atecc608a
