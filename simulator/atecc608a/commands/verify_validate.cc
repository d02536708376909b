// Verify validate / invalidate (fact sheet B6.2 Verify; cryptoauthlib's validation flow): the
// public key in slot Param2 is validated (nibble 0x5) or invalidated (0xA) when the signature in
// the packet verifies, under the parent public key in slot SlotConfig[Param2].ReadKey, the Sign
// internal message built from TempKey and the 19 OtherData bytes. TempKey must be the GenKey
// PubKey digest of that slot (GenKeyData, KeyId = Param2), and OtherData[17] bit 0 must say which
// of the two modes this is.
#include "simulator/atecc608a/commands/verify_modes.h"
#include "simulator/atecc608a/internal_message.h"
#include "simulator/atecc608a/p256.h"
#include "simulator/atecc608a/public_key_slot.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kInvalidateBit = 0x04;
constexpr size_t kSignature = 64;
}  // namespace

Reply verify_validate(CommandContext& context, const CommandPacket& packet) {
  Eeprom& e = context.eeprom;
  const size_t slot = packet.param2;
  const bool invalidate = (packet.param1 & kInvalidateBit) != 0;
  const std::span<const uint8_t> data(packet.data);
  const std::span<const uint8_t, 19> other_data = data.subspan<kSignature, 19>();
  const TempKey& t = context.volatile_state.temp_key;
  const size_t parent = e.slot_config(slot).read_key();
  if (!e.data_locked() || !holds_public_key_format(slot) || !public_key_needs_validation(e, slot) ||
      !holds_public_key_format(parent) || !t.valid || !t.gen_key_data || t.key_id != slot ||
      ((other_data[17] & 0x01) != 0) != invalidate) {
    return Reply::status(Status::kExecutionError);
  }
  const std::array<uint8_t, 64> parent_key = stored_public_key(e, parent);
  if (!p256::public_key_is_valid(parent_key)) return Reply::status(Status::kExecutionError);
  const auto message = internal_message_digest(e, std::span<const uint8_t>(t.value).first<32>(), other_data);
  if (!p256::verify(parent_key, message, data.first<kSignature>())) return Reply::status(Status::kMiscompare);
  set_validation_state(e, slot, invalidate ? kPublicKeyInvalidated : kPublicKeyValidated);
  return Reply::ok();
}

}  // namespace kb::sim::atecc608a
