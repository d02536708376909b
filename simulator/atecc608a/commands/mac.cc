// MAC (0x08, fact sheet B6.2): SHA-256 of
//   key or TempKey (32) | challenge or TempKey (32) | 0x08 mode KeyID (LE) |
//   OTP[0:10], or OTP[0:7] or zeros then 3 zeros | SN[8] | SN[4:7] or zeros | SN[0:1] | SN[2:3] or zeros
// returned to the host. Mode bit 0 takes the second block from TempKey (no challenge is sent),
// bit 1 the first; bit 2 must match TempKey's source (0 = random Nonce); bit 4 includes 88 OTP
// bits, bit 5 64; bit 6 the whole serial number.
#include "simulator/atecc608a/chip_digest.h"
#include "simulator/atecc608a/commands/handlers.h"
#include "simulator/atecc608a/key_use.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kOpcode = 0x08;
constexpr uint8_t kSecondFromTempKey = 0x01, kFirstFromTempKey = 0x02, kSourceNotRandom = 0x04;
constexpr uint8_t kOtp88 = 0x10, kOtp64 = 0x20, kFullSerial = 0x40;
constexpr uint8_t kModeBits = 0x77;
constexpr size_t kChallengeLength = 32;
}  // namespace

Reply run_mac(CommandContext& context, const CommandPacket& packet) {
  const uint8_t mode = packet.param1;
  const bool challenge_sent = (mode & kSecondFromTempKey) == 0;
  if ((mode & ~kModeBits) != 0 || packet.param2 >= kSlotCount ||
      packet.data.size() != (challenge_sent ? kChallengeLength : 0)) {
    return Reply::status(Status::kParseError);
  }
  Eeprom& e = context.eeprom;
  VolatileState& v = context.volatile_state;
  TempKey& t = v.temp_key;
  const size_t slot = packet.param2;
  const bool uses_temp_key = (mode & (kSecondFromTempKey | kFirstFromTempKey)) != 0;
  const bool uses_slot = (mode & kFirstFromTempKey) == 0;
  if (uses_temp_key && (!t.valid || t.no_mac || ((mode & kSourceNotRandom) != 0) == t.from_random)) {
    // A TempKey that cannot take part is spent anyway, as the chip leaves nothing half used.
    t.valid = false;
    return Reply::status(Status::kExecutionError);
  }
  if (uses_slot) {
    // Slot policies apply once the data zone is locked; a private key and a NoMac key never MAC.
    if (!e.data_locked() || e.key_config(slot).is_private() || e.slot_config(slot).no_mac()) {
      return Reply::status(Status::kExecutionError);
    }
    if (const Status s = use_key(context, KeyUse{slot, uses_temp_key && t.from_random}); s != Status::kSuccess) {
      return Reply::status(s);
    }
  }
  const auto sn = serial_number(e);
  const auto otp = e.otp();
  const std::span<const uint8_t> key = e.slot(slot).first(kBlockSize);
  DigestMessage m;
  m.add((mode & kFirstFromTempKey) != 0 ? std::span<const uint8_t>(temp_key_value(t)) : key);
  m.add(challenge_sent ? std::span<const uint8_t>(packet.data) : std::span<const uint8_t>(temp_key_value(t)));
  m.add({kOpcode, mode}).le16(packet.param2);
  if ((mode & kOtp88) != 0) {
    m.add(otp.first(11));
  } else {
    if ((mode & kOtp64) != 0) {
      m.add(otp.first(8));
    } else {
      m.zeros(8);
    }
    m.zeros(3);
  }
  const bool full = (mode & kFullSerial) != 0;
  m.add({sn[8]});
  if (full) {
    m.add(std::span<const uint8_t>(sn).subspan(4, 4));
  } else {
    m.zeros(4);
  }
  m.add({sn[0], sn[1]});
  if (full) {
    m.add({sn[2], sn[3]});
  } else {
    m.zeros(2);
  }
  const Digest mac = m.sha256();
  // Every MAC leaves TempKey spent (inference from cryptoauthlib's host model of the command).
  t.valid = false;
  return Reply{{mac.begin(), mac.end()}};
}

}  // namespace kb::sim::atecc608a
