#include "simulator/atecc608a/key_use.h"

#include "simulator/atecc608a/monotonic_counter.h"

namespace kb::sim::atecc608a {

namespace {
// The 608 ties limited-use keys to counter 0 (its LimitedUse replaces the 508's LastKeyUse).
constexpr size_t kLimitedUseCounter = 0;
}  // namespace

Status use_key(CommandContext& context, const KeyUse& use) {
  const Eeprom& e = context.eeprom;
  const VolatileState& v = context.volatile_state;
  const KeyConfig kc = e.key_config(use.slot);
  if (kc.req_auth() && v.authorized_key != kc.auth_key()) return Status::kExecutionError;
  if (kc.req_random() && !use.random_temp_key) return Status::kExecutionError;
  if (kc.persistent_disable() && !context.latches.persistent_latch) return Status::kExecutionError;
  if (e.slot_config(use.slot).limited_use() && !increment_counter(context.eeprom, kLimitedUseCounter)) {
    return Status::kExecutionError;
  }
  return Status::kSuccess;
}

}  // namespace kb::sim::atecc608a
