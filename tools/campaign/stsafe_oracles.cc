#include "tools/campaign/stsafe_oracles.h"

#include <algorithm>

#include "simulator/stsafe_a120/state_json.h"

namespace kb::tools::campaign::stsafe {

namespace {

using sim::stsafe_a120::HostKeySlot;
using sim::stsafe_a120::kPrivateKeySlotCount;
using sim::stsafe_a120::kSymmetricSlotCount;
using sim::stsafe_a120::PrivateKeySlot;
using sim::stsafe_a120::SymmetricKeySlot;
using sim::stsafe_a120::ZoneType;

bool same_host_key(const HostKeySlot& a, const HostKeySlot& b) {
  return a.present && b.present && a.type == b.type && a.mac_key == b.mac_key && a.cipher_key == b.cipher_key;
}

bool same_symmetric_key(const SymmetricKeySlot& a, const SymmetricKeySlot& b) {
  return a.present && b.present && a.info == b.info && a.key == b.key;
}

bool same_private_key(const PrivateKeySlot& a, const PrivateKeySlot& b) {
  return a.present && b.present && a.curve == b.curve && a.private_key == b.private_key;
}

State without_counters(State s) {
  s.host_key.cmac_counter = 0;
  s.random_counter = 0;
  for (auto& k : s.symmetric_keys) k.counter = 0;
  return s;
}

bool between(uint32_t value, uint32_t a, uint32_t b) {
  return value >= std::min(a, b) && value <= std::max(a, b);
}

}  // namespace

bool no_usable_partial_key(const State& cut, const State& rerun, const State& flow_start, const State& flow_end) {
  if (cut.host_key.present && !same_host_key(cut.host_key, flow_start.host_key) &&
      !same_host_key(cut.host_key, flow_end.host_key) && same_host_key(cut.host_key, rerun.host_key)) {
    return false;
  }
  for (size_t s = 0; s < sim::stsafe_a120::kLocalEnvelopeSlotCount; ++s) {
    const auto& k = cut.local_envelope_keys[s];
    if (k.present && k != flow_start.local_envelope_keys[s] && k != flow_end.local_envelope_keys[s] &&
        k == rerun.local_envelope_keys[s]) {
      return false;
    }
  }
  for (size_t s = 0; s < kSymmetricSlotCount; ++s) {
    const SymmetricKeySlot& k = cut.symmetric_keys[s];
    if (k.present && !same_symmetric_key(k, flow_start.symmetric_keys[s]) &&
        !same_symmetric_key(k, flow_end.symmetric_keys[s]) && same_symmetric_key(k, rerun.symmetric_keys[s])) {
      return false;
    }
  }
  for (size_t s = 0; s < kPrivateKeySlotCount; ++s) {
    const PrivateKeySlot& k = cut.private_keys.slots[s];
    if (k.present && !same_private_key(k, flow_start.private_keys.slots[s]) &&
        !same_private_key(k, flow_end.private_keys.slots[s]) && same_private_key(k, rerun.private_keys.slots[s])) {
      return false;
    }
  }
  return true;
}

bool rolled_back_or_completed(const State& cut, const State& before, const State& after) {
  const State c = without_counters(cut);
  if (c != without_counters(before) && c != without_counters(after)) return false;
  if (!between(cut.random_counter, before.random_counter, after.random_counter)) return false;
  if (cut.host_key.present &&
      !between(cut.host_key.cmac_counter, before.host_key.cmac_counter, after.host_key.cmac_counter)) {
    return false;
  }
  for (size_t s = 0; s < kSymmetricSlotCount; ++s) {
    if (cut.symmetric_keys[s].present &&
        !between(cut.symmetric_keys[s].counter, before.symmetric_keys[s].counter, after.symmetric_keys[s].counter)) {
      return false;
    }
  }
  return true;
}

nlohmann::json provisioned_projection(const State& state) {
  State s = without_counters(state);
  // A local envelope key is drawn by the chip itself: a re-run after a cut that lost it gets
  // another, equally good one. Provisioned means the slot holds a key of the type the flow asked.
  for (auto& k : s.local_envelope_keys) std::fill(k.key.begin(), k.key.end(), uint8_t{0});
  // A key pair the chip generates is new on every run by design (its random counter has moved on
  // after a cut): a slot is provisioned when it holds a key of the clean run's curve, limit and
  // mode, whatever the key. no_usable_partial_key and rolled_back_or_completed still compare the
  // key bytes.
  for (PrivateKeySlot& k : s.private_keys.slots) {
    std::fill(k.private_key.begin(), k.private_key.end(), uint8_t{0});
  }
  // A counter zone is a consumable: every run spends its amount again, so a re-run after a cut
  // that came after the decrement ends lower than the clean run. Its value is judged exactly at
  // the cut (rolled_back_or_completed) and by the flow's own read-back, not here.
  for (auto& zone : s.data_partitions) {
    if (zone.type == ZoneType::kCounter) zone.counter = 0;
  }
  return sim::stsafe_a120::state_to_json(s);
}

std::optional<Refusal> explain_refusal(const State& state) {
  const auto& control = state.host_key_control;
  if (!state.host_key.present && !control.change_right && !control.plaintext && !control.wrapped_anonymous) {
    return Refusal{"stsafe-host-key-slot-closed",
                   "the host key slot is empty and its control fields, frozen, allow no provisioning method"};
  }
  return std::nullopt;
}

}  // namespace kb::tools::campaign::stsafe
