#include "simulator/stsafe_a120/symmetric_keys.h"

namespace kb::sim::stsafe_a120 {

Status check_symmetric_key_write(const State& state, const SymmetricKeyInfo& info, SymmetricProvisioning method,
                                 std::optional<uint8_t> signer) {
  const SymmetricSlotControl& control = state.symmetric_key_control[info.slot];
  bool allowed = false;
  switch (method) {
    case SymmetricProvisioning::kPlaintext: allowed = control.plaintext; break;
    case SymmetricProvisioning::kWrappedAnonymous: allowed = control.wrapped_anonymous; break;
    case SymmetricProvisioning::kWrappedAuthenticated:
      allowed = signer && control.wrapped_authentication_key_slot == *signer;
      break;
    case SymmetricProvisioning::kEcdheAnonymous: allowed = control.ecdhe_anonymous; break;
    case SymmetricProvisioning::kEcdheAuthenticated:
      allowed = signer && control.ecdhe_authentication_key_slot == *signer;
      break;
  }
  if (!allowed) return Status::kCommandNotAuthorized;
  const SymmetricKeySlot& current = state.symmetric_keys[info.slot];
  if (current.present && current.info.lock != LockIndicator::kUnlocked) return Status::kAccessConditionNotSatisfied;
  return Status::kOk;
}

void store_symmetric_key(StateStore& store, const SymmetricKeyInfo& info, std::span<const uint8_t> key) {
  SymmetricKeySlot slot;
  slot.present = true;
  slot.info = info;
  slot.key.assign(key.begin(), key.end());
  slot.counter = 0;
  store.write_symmetric_key(info.slot, slot);
}

std::variant<const SymmetricKeySlot*, Status> key_for_use(const State& state, uint8_t slot, KeyMode mode,
                                                          uint8_t usage_bit) {
  if (slot >= kSymmetricSlotCount) return Status::kValueOutOfRange;
  const SymmetricKeySlot& key = state.symmetric_keys[slot];
  if (!key.present) return Status::kKeyNotFound;
  if (key.info.mode != mode) return Status::kWrongModeOfOperation;
  if ((key.info.usage & usage_bit) == 0) return Status::kWrongKeyUsage;
  return &key;
}

}  // namespace kb::sim::stsafe_a120
