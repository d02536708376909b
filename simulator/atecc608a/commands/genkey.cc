// GenKey (0x40, fact sheet B6.2): mode 0x04 creates a P-256 private key in a slot (or, with Param2
// 0xFFFF, in TempKey) from the RNG and returns its public key; mode 0x00 recomputes the public key
// of a stored private key. Bit 3 (0x08) then also folds the public key into TempKey, and mode 0x10
// does only that for the public key of slot Param2:
//   TempKey := SHA-256(TempKey | 0x40 mode KeyID (LE), or 0x40 OtherData[0:2] | SN[8] SN[0:1] |
//                      25 zeros | X Y)
#include "simulator/atecc608a/chip_digest.h"
#include "simulator/atecc608a/chip_random.h"
#include "simulator/atecc608a/commands/handlers.h"
#include "simulator/atecc608a/p256.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kOpcode = 0x40;
constexpr uint8_t kPrivate = 0x04;
constexpr uint8_t kDigest = 0x08;
constexpr uint8_t kPubKeyDigest = 0x10;
constexpr uint8_t kMac = 0x20;
constexpr uint8_t kModeBits = kPrivate | kDigest | kPubKeyDigest | kMac;
constexpr uint16_t kTempKeySlot = 0xFFFF;
constexpr size_t kOtherDataLength = 3;

bool is_p256_private(const KeyConfig& kc) {
  return kc.is_private() && kc.key_type() == static_cast<uint8_t>(KeyType::kP256);
}

std::array<uint8_t, 32> fresh_private_key(CommandContext& context) {
  std::array<uint8_t, 32> d{};
  do {
    d = draw_random(context.eeprom, context.volatile_state, false);
  } while (!p256::private_key_is_valid(d));
  return d;
}

// The public key a PubKeyDigest covers: computed for a private-key slot, else the X and Y stored
// in a public-key slot's layout (B7.4) (inference: the sheet names only "the public key stored").
std::optional<std::vector<uint8_t>> slot_public_key(const Eeprom& e, size_t slot) {
  const KeyConfig kc = e.key_config(slot);
  if (kc.key_type() != static_cast<uint8_t>(KeyType::kP256)) return std::nullopt;
  if (kc.is_private()) return p256::public_key(e.slot(slot).subspan(4, 32));
  if (slot_size(slot) < 72) return std::nullopt;
  std::vector<uint8_t> xy;
  for (uint8_t b : e.slot(slot).subspan(4, 32)) xy.push_back(b);
  for (uint8_t b : e.slot(slot).subspan(40, 32)) xy.push_back(b);
  return xy;
}

void fold_public_key(CommandContext& context, const CommandPacket& packet, std::span<const uint8_t> xy) {
  TempKey& t = context.volatile_state.temp_key;
  const auto sn = serial_number(context.eeprom);
  DigestMessage m;
  m.add(temp_key_value(t)).add({kOpcode});
  if ((packet.param1 & kPubKeyDigest) != 0) {
    m.add(packet.data);
  } else {
    m.add({packet.param1}).le16(packet.param2);
  }
  m.add({sn[8], sn[0], sn[1]}).zeros(25).add(xy);
  const Digest d = m.sha256();
  std::copy(d.begin(), d.end(), t.value.begin());
  t.upper_valid = false;
  t.gen_dig_data = false;
  t.gen_key_data = true;
  t.holds_private_key = false;
  t.key_id = static_cast<uint8_t>(packet.param2);
}
}  // namespace

Reply run_genkey(CommandContext& context, const CommandPacket& packet) {
  const uint8_t mode = packet.param1;
  if ((mode & ~kModeBits) != 0) return Reply::status(Status::kParseError);
  // OtherData is what a PubKeyDigest hashes; a plain digest may carry it too, unused.
  const bool other_data_ok = (mode & kPubKeyDigest) != 0 ? packet.data.size() == kOtherDataLength
                             : (mode & kDigest) != 0     ? packet.data.empty() || packet.data.size() == kOtherDataLength
                                                         : packet.data.empty();
  if (!other_data_ok) return Reply::status(Status::kParseError);
  if (packet.param2 >= kSlotCount && packet.param2 != kTempKeySlot) return Reply::status(Status::kParseError);
  // The MAC over the public key has no formula in the fact sheet.
  if ((mode & kMac) != 0) return Reply::status(Status::kExecutionError);
  Eeprom& e = context.eeprom;
  TempKey& t = context.volatile_state.temp_key;
  if (!e.config_locked()) return Reply::status(Status::kExecutionError);
  const bool digest = (mode & (kDigest | kPubKeyDigest)) != 0;
  // A digest folds into TempKey, which must hold something to fold into.
  if (digest && !t.valid) return Reply::status(Status::kExecutionError);
  if ((mode & kPubKeyDigest) != 0) {
    if (packet.param2 == kTempKeySlot) return Reply::status(Status::kExecutionError);
    const auto xy = slot_public_key(e, packet.param2);
    if (!xy) return Reply::status(Status::kExecutionError);
    fold_public_key(context, packet, *xy);
    return Reply::ok();
  }
  if (packet.param2 == kTempKeySlot) {
    // A volatile key: only creation makes sense, and its digest would overwrite it.
    if ((mode & kPrivate) == 0 || digest) return Reply::status(Status::kExecutionError);
    const auto d = fresh_private_key(context);
    t = TempKey{};
    std::copy(d.begin(), d.end(), t.value.begin());
    t.valid = true;
    t.from_random = true;
    t.holds_private_key = true;
    return Reply{*p256::public_key(d)};
  }
  const size_t slot = packet.param2;
  if (!is_p256_private(e.key_config(slot))) return Reply::status(Status::kExecutionError);
  std::vector<uint8_t> pub;
  if ((mode & kPrivate) != 0) {
    if (e.data_locked() && (!e.slot_config(slot).genkey_allowed() || e.slot_locked(slot))) {
      return Reply::status(Status::kExecutionError);
    }
    const auto d = fresh_private_key(context);
    // A private-key slot holds 4 zero bytes then the 32-byte scalar (as PrivWrite writes it).
    std::array<uint8_t, 36> stored{};
    std::copy(d.begin(), d.end(), stored.begin() + 4);
    e.write_slot(slot, 0, stored);
    pub = *p256::public_key(d);
  } else {
    if (e.data_locked() && !e.key_config(slot).pub_info()) return Reply::status(Status::kExecutionError);
    const auto computed = p256::public_key(e.slot(slot).subspan(4, 32));
    if (!computed) return Reply::status(Status::kExecutionError);  // no valid key in the slot
    pub = *computed;
  }
  if (digest) fold_public_key(context, packet, pub);
  return Reply{pub};
}

}  // namespace kb::sim::atecc608a
