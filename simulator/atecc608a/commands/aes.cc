// AES (0x51, fact sheet B6.2): one AES-128 ECB block encrypted or decrypted with a key from a
// slot (KeyType AES; mode bits 6-7 pick the 16-byte key within the slot) or from TempKey
// (Param2 0xFFFF), or the GCM field multiply (GFM) of a host H and a host block.
#include "simulator/atecc608a/commands/handlers.h"
#include "simulator/atecc608a/config_options.h"
#include "simulator/atecc608a/symmetric.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kOperationMask = 0x07;
constexpr uint8_t kReservedBits = 0x38;
constexpr uint8_t kEncrypt = 0x00, kDecrypt = 0x01, kGfm = 0x03;
constexpr uint16_t kTempKeyId = 0xFFFF;
constexpr size_t kKeyLength = 16;

// The 16-byte key, or nullopt when the source may not be used as an AES key.
std::optional<symmetric::Block> aes_key(const CommandContext& context, uint16_t key_id, size_t key_block) {
  symmetric::Block key{};
  const size_t offset = key_block * kKeyLength;
  if (key_id == kTempKeyId) {
    const TempKey& t = context.volatile_state.temp_key;
    if (!t.valid || (offset >= 32 && !t.upper_valid)) return std::nullopt;
    std::copy(t.value.begin() + static_cast<std::ptrdiff_t>(offset),
              t.value.begin() + static_cast<std::ptrdiff_t>(offset + kKeyLength), key.begin());
    return key;
  }
  const Eeprom& e = context.eeprom;
  const size_t slot = key_id;
  if (!e.data_locked() || e.key_config(slot).key_type() != static_cast<uint8_t>(KeyType::kAes) ||
      offset + kKeyLength > slot_size(slot)) {
    return std::nullopt;
  }
  const auto bytes = e.slot(slot).subspan(offset, kKeyLength);
  std::copy(bytes.begin(), bytes.end(), key.begin());
  return key;
}
}  // namespace

Reply run_aes(CommandContext& context, const CommandPacket& packet) {
  const uint8_t operation = packet.param1 & kOperationMask;
  const bool gfm = operation == kGfm;
  if ((packet.param1 & kReservedBits) != 0 || (operation != kEncrypt && operation != kDecrypt && !gfm) ||
      packet.data.size() != (gfm ? 2 * kKeyLength : kKeyLength)) {
    return Reply::status(Status::kParseError);
  }
  if (!gfm && packet.param2 >= kSlotCount && packet.param2 != kTempKeyId) return Reply::status(Status::kParseError);
  if (!aes_enabled(context.eeprom)) return Reply::status(Status::kExecutionError);
  const std::span<const uint8_t> data(packet.data);
  if (gfm) {
    // Param2 and the key block are not used: H comes with the data (an inference).
    const symmetric::Block product = symmetric::gcm_multiply(data.first<16>(), data.subspan<16, 16>());
    return Reply{{product.begin(), product.end()}};
  }
  const auto key = aes_key(context, packet.param2, packet.param1 >> 6);
  if (!key) return Reply::status(Status::kExecutionError);
  const symmetric::Block out = operation == kEncrypt ? symmetric::aes128_encrypt(*key, data.first<16>())
                                                     : symmetric::aes128_decrypt(*key, data.first<16>());
  return Reply{{out.begin(), out.end()}};
}

}  // namespace kb::sim::atecc608a
