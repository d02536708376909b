// DeriveKey (0x1C, fact sheet B6.2): replaces the first 32 bytes of slot Param2 with
//   SHA-256(parent (32) | 0x1C mode target (LE) | SN[8] SN[0:1] | 25 zeros | TempKey (32))
// The target's SlotConfig.WriteConfig says whether and how: bit 1 (SlotConfig bit 13) allows it,
// bit 0 picks the parent (1 "create": the WriteKey slot, 0 "roll": the target itself), bit 3 asks
// for an authorizing MAC = SHA-256(parent | 0x1C mode target (LE) | SN[8] SN[0:1]) in the data.
// Mode bit 2 must match TempKey's source, as for MAC.
#include "simulator/atecc608a/chip_digest.h"
#include "simulator/atecc608a/commands/handlers.h"
#include "simulator/atecc608a/key_use.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kOpcode = 0x1C;
constexpr uint8_t kSourceNotRandom = 0x04;
constexpr uint8_t kCreate = 0x1, kAllowed = 0x2, kMacRequired = 0x8;  // WriteConfig bits
constexpr size_t kMacLength = 32;
}  // namespace

Reply run_derive_key(CommandContext& context, const CommandPacket& packet) {
  const uint8_t mode = packet.param1;
  if ((mode & ~kSourceNotRandom) != 0 || packet.param2 >= kSlotCount ||
      (!packet.data.empty() && packet.data.size() != kMacLength)) {
    return Reply::status(Status::kParseError);
  }
  Eeprom& e = context.eeprom;
  VolatileState& v = context.volatile_state;
  TempKey& t = v.temp_key;
  const size_t target = packet.param2;
  const SlotConfig sc = e.slot_config(target);
  const uint8_t wc = sc.write_config();
  if (!e.data_locked() || e.key_config(target).is_private() || e.slot_locked(target) || (wc & kAllowed) == 0) {
    return Reply::status(Status::kExecutionError);
  }
  if (!t.valid || t.no_mac || ((mode & kSourceNotRandom) != 0) == t.from_random) {
    return Reply::status(Status::kExecutionError);
  }
  const size_t parent_slot = (wc & kCreate) != 0 ? sc.write_key() : target;
  Digest parent{};
  const auto stored = e.slot(parent_slot).first(kBlockSize);
  std::copy(stored.begin(), stored.end(), parent.begin());
  const auto sn = serial_number(e);
  DigestMessage header;
  header.add(parent).add({kOpcode, mode}).le16(packet.param2).add({sn[8], sn[0], sn[1]});
  if ((wc & kMacRequired) != 0 && (packet.data.size() != kMacLength || !digests_equal(header.sha256(), packet.data))) {
    return Reply::status(Status::kExecutionError);
  }
  // The parent is the key being used, so its KeyConfig decides (inference).
  if (const Status s = use_key(context, KeyUse{parent_slot, t.from_random}); s != Status::kSuccess) {
    return Reply::status(s);
  }
  DigestMessage m = header;
  m.zeros(25).add(temp_key_value(t));
  const Digest derived = m.sha256();
  e.write_slot(target, 0, derived);
  t.valid = false;
  return Reply::ok();
}

}  // namespace kb::sim::atecc608a
