// GenDig (0x15, fact sheet B6.2): folds a stored value into TempKey. TempKey := SHA-256 of
//   input (32) | 0x15 zone KeyID-LSB KeyID-MSB (or the 4 OtherData bytes for a NoMac key) |
//   SN[8] SN[0:1] | 25 bytes (zeros, or the counter / slot configuration) | TempKey (32)
// where input is a config or OTP block, the first 32 bytes of a data slot, the host's shared
// nonce, or zeros. A data-slot digest marks TempKey with that slot, which encrypted Read and Write
// then demand of their ReadKey/WriteKey.
#include "simulator/atecc608a/chip_digest.h"
#include "simulator/atecc608a/commands/handlers.h"
#include "simulator/atecc608a/key_use.h"
#include "simulator/atecc608a/monotonic_counter.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kOpcode = 0x15;
enum : uint8_t { kConfig = 0, kOtp = 1, kData = 2, kSharedNonce = 3, kCounter = 4, kKeyConfig = 5 };
// Shared nonce: Param2 bit 15 puts TempKey first and the host's nonce last.
constexpr uint16_t kTempKeyFirst = 0x8000;
constexpr size_t kNoMacOtherData = 4;
constexpr size_t kSharedNonceLength = 32;

bool key_id_in_range(uint8_t zone, uint16_t key_id) {
  switch (zone) {
    case kConfig: return key_id < 4;
    case kOtp: return key_id < 2;
    case kData:
    case kKeyConfig: return key_id < kSlotCount;
    case kSharedNonce: return (key_id & ~kTempKeyFirst) == 0;
    case kCounter: return key_id < kCounterCount;
  }
  return false;
}

bool data_length_fits(uint8_t zone, size_t length) {
  // cryptoauthlib sends 4 OtherData bytes with every data-zone GenDig so a NoMac key hashes the
  // same; the other zones take the 4 bytes too and ignore them (inference).
  if (zone == kSharedNonce) return length == kSharedNonceLength;
  return length == 0 || length == kNoMacOtherData;
}
}  // namespace

Reply run_gendig(CommandContext& context, const CommandPacket& packet) {
  const uint8_t zone = packet.param1;
  const uint16_t key_id = packet.param2;
  if (zone > kKeyConfig || !key_id_in_range(zone, key_id) || !data_length_fits(zone, packet.data.size())) {
    return Reply::status(Status::kParseError);
  }
  Eeprom& e = context.eeprom;
  VolatileState& v = context.volatile_state;
  TempKey& t = v.temp_key;
  // TempKey is always part of the message, so it must hold something.
  if (!t.valid) return Reply::status(Status::kExecutionError);
  const auto sn = serial_number(e);
  const std::span<const uint8_t> other(packet.data);
  DigestMessage m;
  bool no_mac_key = false;
  switch (zone) {
    case kConfig: m.add(e.config().subspan(key_id * kBlockSize, kBlockSize)); break;
    case kOtp:
      if (!e.data_locked()) return Reply::status(Status::kExecutionError);
      m.add(e.otp().subspan(key_id * kBlockSize, kBlockSize));
      break;
    case kData: {
      const KeyConfig kc = e.key_config(key_id);
      no_mac_key = e.slot_config(key_id).no_mac();
      // A data-zone digest needs the slot policies in force and a symmetric key; a NoMac key's
      // message takes its command bytes from the 4 OtherData bytes, so they must be there.
      if (!e.data_locked() || kc.is_private() || (no_mac_key && other.size() != kNoMacOtherData)) {
        return Reply::status(Status::kExecutionError);
      }
      if (const Status s = use_key(context, KeyUse{key_id, t.from_random}); s != Status::kSuccess) {
        return Reply::status(s);
      }
      m.add(e.slot(key_id).first(kBlockSize));
      break;
    }
    case kSharedNonce: m.add((key_id & kTempKeyFirst) != 0 ? temp_key_value(t) : other); break;
    default: m.zeros(32); break;
  }
  if (no_mac_key) {
    m.add(other);
  } else {
    // The shared-nonce message carries only the low byte of Param2.
    m.add({kOpcode, zone, static_cast<uint8_t>(key_id),
           zone == kSharedNonce ? uint8_t{0} : static_cast<uint8_t>(key_id >> 8)});
  }
  m.add({sn[8], sn[0], sn[1]});
  if (zone == kCounter) {
    const uint32_t count = counter_value(e, key_id);
    m.add({0x00, static_cast<uint8_t>(count), static_cast<uint8_t>(count >> 8), static_cast<uint8_t>(count >> 16),
           static_cast<uint8_t>(count >> 24)});
    m.zeros(20);
  } else if (zone == kKeyConfig) {
    m.add({0x00}).le16(e.slot_config(key_id).raw).le16(e.key_config(key_id).raw);
    m.add({static_cast<uint8_t>(e.slot_locked(key_id) ? 1 : 0)}).zeros(19);
  } else {
    m.zeros(25);
  }
  m.add(zone == kSharedNonce && (key_id & kTempKeyFirst) != 0 ? other : std::span<const uint8_t>(temp_key_value(t)));
  const Digest digest = m.sha256();
  std::copy(digest.begin(), digest.end(), t.value.begin());
  t.upper_valid = false;
  t.gen_key_data = false;
  t.holds_private_key = false;
  t.gen_dig_data = zone == kData;
  t.key_id = zone == kData ? static_cast<uint8_t>(key_id) : 0;
  t.no_mac = t.no_mac || no_mac_key;
  // Proving knowledge of a key through GenDig authorizes it for ReqAuth (inference).
  if (zone == kData) v.authorized_key = static_cast<uint8_t>(key_id);
  return Reply::ok();
}

}  // namespace kb::sim::atecc608a
