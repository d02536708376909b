// CheckMac (0x28, fact sheet B6.2): checks a response a host computed for a challenge with a key
// the chip holds. Expected = SHA-256 of
//   key or TempKey (32) | ClientChal or TempKey (32) | OtherData[0:3] | OTP[0:7] or zeros |
//   OtherData[4:6] | SN[8] | OtherData[7:10] | SN[0:1] | OtherData[11:12]
// Mode bit 0 takes the second block from TempKey, bit 1 the first, bit 2 must match TempKey's
// source, bit 5 includes 64 OTP bits. 0x00 on a match (which authorizes the key for ReqAuth),
// 0x01 otherwise.
#include "simulator/atecc608a/chip_digest.h"
#include "simulator/atecc608a/commands/handlers.h"
#include "simulator/atecc608a/key_use.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kSecondFromTempKey = 0x01, kFirstFromTempKey = 0x02, kSourceNotRandom = 0x04, kOtp64 = 0x20;
constexpr uint8_t kModeBits = 0x27;
constexpr size_t kChallengeLength = 32, kResponseLength = 32, kOtherDataLength = 13;
}  // namespace

Reply run_check_mac(CommandContext& context, const CommandPacket& packet) {
  const uint8_t mode = packet.param1;
  if ((mode & ~kModeBits) != 0 || packet.param2 >= kSlotCount ||
      packet.data.size() != kChallengeLength + kResponseLength + kOtherDataLength) {
    return Reply::status(Status::kParseError);
  }
  Eeprom& e = context.eeprom;
  VolatileState& v = context.volatile_state;
  TempKey& t = v.temp_key;
  const size_t slot = packet.param2;
  const bool uses_temp_key = (mode & (kSecondFromTempKey | kFirstFromTempKey)) != 0;
  if (uses_temp_key && (!t.valid || ((mode & kSourceNotRandom) != 0) == t.from_random)) {
    return Reply::status(Status::kExecutionError);
  }
  if (!e.data_locked() || e.key_config(slot).is_private()) return Reply::status(Status::kExecutionError);
  if ((mode & kFirstFromTempKey) == 0) {
    if (const Status s = use_key(context, KeyUse{slot, uses_temp_key && t.from_random}); s != Status::kSuccess) {
      return Reply::status(s);
    }
  }
  const std::span<const uint8_t> data(packet.data);
  const auto challenge = data.first(kChallengeLength);
  const auto response = data.subspan(kChallengeLength, kResponseLength);
  const auto other = data.subspan(kChallengeLength + kResponseLength);
  const auto sn = serial_number(e);
  DigestMessage m;
  m.add((mode & kFirstFromTempKey) != 0 ? std::span<const uint8_t>(temp_key_value(t)) : e.slot(slot).first(kBlockSize));
  m.add((mode & kSecondFromTempKey) != 0 ? std::span<const uint8_t>(temp_key_value(t)) : challenge);
  m.add(other.first(4));
  if ((mode & kOtp64) != 0) {
    m.add(e.otp().first(8));
  } else {
    m.zeros(8);
  }
  m.add(other.subspan(4, 3)).add({sn[8]}).add(other.subspan(7, 4)).add({sn[0], sn[1]}).add(other.subspan(11, 2));
  const bool match = digests_equal(m.sha256(), response);
  // TempKey is consumed when it took part (inference); a miss withdraws any authorization.
  if (uses_temp_key) t.valid = false;
  if (match) {
    v.authorized_key = static_cast<uint8_t>(slot);
  } else {
    v.authorized_key.reset();
  }
  return Reply::status(match ? Status::kSuccess : Status::kMiscompare);
}

}  // namespace kb::sim::atecc608a
