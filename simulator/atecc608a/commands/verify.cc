// Verify (0x45, fact sheet B6.2): checks a P-256 signature of the 32-byte message in TempKey (or
// the Message Digest Buffer with bit 5) against a public key from the packet (External 0x02,
// ValidateExternal 0x01, Param2 = key type 0x0004) or from a slot (Stored 0x00). With bit 7 a
// success answers a MAC under the IO protection key instead of 0x00. Validate / Invalidate are in
// verify_validate.cc.
#include "simulator/atecc608a/commands/verify_modes.h"
#include "simulator/atecc608a/io_protection.h"
#include "simulator/atecc608a/p256.h"
#include "simulator/atecc608a/public_key_slot.h"
#include "simulator/atecc608a/symmetric.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kOpcode = 0x45;
constexpr uint8_t kModeMask = 0x07;
constexpr uint8_t kFromDigestBuffer = 0x20;
constexpr uint8_t kMacFlag = 0x80;
constexpr uint8_t kStored = 0x00, kValidateExternal = 0x01, kExternal = 0x02, kValidate = 0x03, kInvalidate = 0x07;
constexpr uint16_t kP256 = 0x0004;
constexpr size_t kSignature = 64, kPublicKey = 64, kOtherData = 19;

bool parameters_valid(const CommandPacket& packet) {
  const uint8_t mode = packet.param1 & kModeMask;
  const bool mac = (packet.param1 & kMacFlag) != 0;
  if ((packet.param1 & ~(kModeMask | kFromDigestBuffer | kMacFlag)) != 0) return false;
  switch (mode) {
    case kStored: return packet.param2 < kSlotCount && packet.data.size() == kSignature;
    case kExternal: return packet.param2 == kP256 && packet.data.size() == kSignature + kPublicKey;
    // The MAC exists for External and Stored only.
    case kValidateExternal: return !mac && packet.param2 == kP256 && packet.data.size() == kSignature + kPublicKey;
    case kValidate:
    case kInvalidate: return !mac && packet.param2 < kSlotCount && packet.data.size() == kSignature + kOtherData;
    default: return false;
  }
}

// SHA-256(IO key | message | system nonce | signature | opcode | mode | Param2 LE), the system
// nonce being the half of the message digest buffer the message does not use.
std::optional<symmetric::Digest> verify_mac(const CommandContext& context, const CommandPacket& packet,
                                            std::span<const uint8_t, 32> message) {
  const auto key = io_protection_key(context.eeprom);
  const VolatileState& v = context.volatile_state;
  if (!key || !v.message_digest_buffer_valid) return std::nullopt;
  const bool from_buffer = (packet.param1 & kFromDigestBuffer) != 0;
  const auto nonce = std::span<const uint8_t>(v.message_digest_buffer).subspan(from_buffer ? 32 : 0, 32);
  std::vector<uint8_t> input(key->begin(), key->end());
  input.insert(input.end(), message.begin(), message.end());
  input.insert(input.end(), nonce.begin(), nonce.end());
  input.insert(input.end(), packet.data.begin(), packet.data.begin() + kSignature);
  for (uint8_t b :
       {kOpcode, packet.param1, static_cast<uint8_t>(packet.param2), static_cast<uint8_t>(packet.param2 >> 8)}) {
    input.push_back(b);
  }
  return symmetric::sha256(input);
}
}  // namespace

Reply run_verify(CommandContext& context, const CommandPacket& packet) {
  if (!parameters_valid(packet)) return Reply::status(Status::kParseError);
  const uint8_t mode = packet.param1 & kModeMask;
  if (mode == kValidate || mode == kInvalidate) return verify_validate(context, packet);
  const Eeprom& e = context.eeprom;
  const VolatileState& v = context.volatile_state;
  const bool from_buffer = (packet.param1 & kFromDigestBuffer) != 0;
  if (!(from_buffer ? v.message_digest_buffer_valid : v.temp_key.valid)) return Reply::status(Status::kExecutionError);
  const std::span<const uint8_t> data(packet.data);
  std::array<uint8_t, 64> public_xy{};
  if (mode == kStored) {
    // A key that needs validation is usable only once validated (Verify Validate).
    if (!e.data_locked() || !public_key_usable(e, packet.param2)) return Reply::status(Status::kExecutionError);
    public_xy = stored_public_key(e, packet.param2);
  } else {
    std::copy(data.begin() + kSignature, data.end(), public_xy.begin());
  }
  if (!p256::public_key_is_valid(public_xy)) return Reply::status(Status::kExecutionError);
  std::array<uint8_t, 32> message{};
  const uint8_t* source = from_buffer ? v.message_digest_buffer.data() : v.temp_key.value.data();
  std::copy(source, source + 32, message.begin());
  if (!p256::verify(public_xy, message, data.first<kSignature>())) return Reply::status(Status::kMiscompare);
  if ((packet.param1 & kMacFlag) == 0) return Reply::ok();
  const auto mac = verify_mac(context, packet, message);
  if (!mac) return Reply::status(Status::kExecutionError);
  return Reply{{mac->begin(), mac->end()}};
}

}  // namespace kb::sim::atecc608a
