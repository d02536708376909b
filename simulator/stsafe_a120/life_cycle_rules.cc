#include "simulator/stsafe_a120/life_cycle_rules.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint8_t kPutTagLifeCycle = 0x08;
constexpr uint8_t kZoneOptionChangeAccess = 0x10;  // option byte bit 4 (data_partitions.h)
}  // namespace

bool life_cycle_freezes_changes(LifeCycle lcs) {
  return lcs == LifeCycle::kBornLocked || lcs == LifeCycle::kOperationalLocked || lcs == LifeCycle::kTerminated;
}

bool changes_keys_or_zones(uint8_t code, std::optional<uint8_t> ext_code, std::span<const uint8_t> payload) {
  if (ext_code) {
    switch (*ext_code) {
      case 0x05:  // confirm symmetric keys: writes the established keys
      case 0x07:  // write host key V2 plaintext
      case 0x08:  // write host key V2 wrapped
      case 0x09:  // write symmetric key wrapped
      case 0x0A:  // write public key
      case 0x10:  // derive keys: may store keys (the model refuses it whole, see docs/fidelity.md)
      case 0x17:  // write symmetric key plaintext
      case 0x18:  // establish host key V2
      case 0x19:  // erase symmetric key slot
        return true;
    }
    return false;
  }
  switch (code) {
    case 0x04:  // decrement
    case 0x06:  // update
    case 0x0C:  // delete (the password)
    case 0x11:  // generate key (key pair, local envelope key)
      return true;
    case 0x05:  // read: only when its option changes the zone's read access condition
      return !payload.empty() && (payload[0] & kZoneOptionChangeAccess) != 0;
    case 0x10:  // put attribute: every tag but the life cycle (which unlocks)
      return payload.empty() || payload[0] != kPutTagLifeCycle;
  }
  return false;
}

}  // namespace kb::sim::stsafe_a120
