// Read (0x02, fact sheet B6.2): 4 or 32 bytes of the config, OTP or data zone. A slot with
// SlotConfig.EncryptRead comes out XORed with TempKey, which a GenDig over its ReadKey slot must
// have made from a random Nonce (cryptoauthlib's encrypted read); the read spends TempKey.
#include "simulator/atecc608a/chip_digest.h"
#include "simulator/atecc608a/commands/handlers.h"

namespace kb::sim::atecc608a {

Reply run_read(CommandContext& context, const CommandPacket& packet) {
  constexpr uint8_t kAllowedBits = 0x83;
  if (!packet.data.empty() || (packet.param1 & ~kAllowedBits) != 0) return Reply::status(Status::kParseError);
  const bool block32 = (packet.param1 & 0x80) != 0;
  const auto access = decode_address(packet.param1 & 0x03, packet.param2, block32);
  if (!access) return Reply::status(Status::kParseError);
  const Eeprom& e = context.eeprom;
  std::span<const uint8_t> source;
  bool encrypted = false;
  switch (access->zone) {
    case Zone::kConfig: source = e.config(); break;  // always readable
    case Zone::kOtp:
      if (!e.data_locked()) return Reply::status(Status::kExecutionError);
      source = e.otp();
      break;
    case Zone::kData: {
      if (!e.data_locked()) return Reply::status(Status::kExecutionError);
      const SlotConfig sc = e.slot_config(access->slot);
      // A private key is never read out, whatever IsSecret says. EncryptRead wins over IsSecret
      // (the datasheet pairs them), and only 32-byte reads can be encrypted.
      if (e.key_config(access->slot).is_private() || (sc.is_secret() && !sc.encrypt_read())) {
        return Reply::status(Status::kExecutionError);
      }
      encrypted = sc.encrypt_read();
      if (encrypted && (!block32 || !temp_key_encrypts_with(context.volatile_state.temp_key, sc.read_key()))) {
        return Reply::status(Status::kExecutionError);
      }
      source = e.slot(access->slot);
      break;
    }
  }
  Reply r;
  r.payload.assign(block32 ? kBlockSize : kWordSize, 0x00);  // filler past a short slot's end
  const auto bytes = source.subspan(access->offset, access->length);
  std::copy(bytes.begin(), bytes.end(), r.payload.begin());
  if (encrypted) {
    TempKey& t = context.volatile_state.temp_key;
    for (size_t i = 0; i < r.payload.size(); ++i) r.payload[i] ^= t.value[i];
    t.valid = false;
  }
  return r;
}

}  // namespace kb::sim::atecc608a
