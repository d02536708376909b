// SHA (0x47, fact sheet B6.2): SHA-256 over several commands: Start, Update with exactly 64
// bytes, End with the last 0..63 bytes (the chip pads). The context lives in SRAM: it survives
// idle and is lost on sleep.
#include <cryptopp/sha.h>

#include "simulator/atecc608a/commands/handlers.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kStart = 0x00, kUpdate = 0x01, kEnd = 0x02;
constexpr uint8_t kModeMask = 0x07;
constexpr uint8_t kTargetMask = 0xC0;
constexpr uint8_t kTargetTempKey = 0x00, kTargetDigestBuffer = 0x40, kTargetOutputOnly = 0xC0;
constexpr size_t kBlock = 64;
}  // namespace

Reply run_sha(CommandContext& context, const CommandPacket& packet) {
  const uint8_t mode = packet.param1 & kModeMask;
  const uint8_t target = packet.param1 & kTargetMask;
  if ((packet.param1 & ~(kModeMask | kTargetMask)) != 0) return Reply::status(Status::kParseError);
  // Public-key, HMAC and context read/write modes are not modelled yet.
  if (mode > kEnd) return Reply::status(Status::kExecutionError);
  VolatileState& v = context.volatile_state;
  switch (mode) {
    case kStart:
      if (!packet.data.empty() || target != 0) return Reply::status(Status::kParseError);
      v.sha_message.emplace();
      return Reply::ok();
    case kUpdate:
      if (packet.data.size() != kBlock || packet.param2 != kBlock || target != 0) {
        return Reply::status(Status::kParseError);
      }
      if (!v.sha_message) return Reply::status(Status::kExecutionError);
      v.sha_message->insert(v.sha_message->end(), packet.data.begin(), packet.data.end());
      return Reply::ok();
    default: {
      if (packet.data.size() >= kBlock || packet.param2 != packet.data.size() ||
          (target != kTargetTempKey && target != kTargetDigestBuffer && target != kTargetOutputOnly)) {
        return Reply::status(Status::kParseError);
      }
      if (!v.sha_message) return Reply::status(Status::kExecutionError);
      std::vector<uint8_t> message = std::move(*v.sha_message);
      v.sha_message.reset();
      message.insert(message.end(), packet.data.begin(), packet.data.end());
      std::array<uint8_t, 32> digest{};
      CryptoPP::SHA256().CalculateDigest(digest.data(), message.data(), message.size());
      // The digest is returned, and also kept in TempKey or the message digest buffer (an inference).
      if (target == kTargetTempKey) {
        v.temp_key = TempKey{};
        std::copy(digest.begin(), digest.end(), v.temp_key.value.begin());
        v.temp_key.valid = true;
      } else if (target == kTargetDigestBuffer) {
        v.message_digest_buffer = {};
        std::copy(digest.begin(), digest.end(), v.message_digest_buffer.begin());
        v.message_digest_buffer_valid = true;
      }
      return Reply{{digest.begin(), digest.end()}};
    }
  }
}

}  // namespace kb::sim::atecc608a
