#include "simulator/stsafe_a120/private_key_use.h"

#include <openssl/crypto.h>

#include <optional>

#include "simulator/stsafe_a120/deterministic_random.h"

namespace kb::sim::stsafe_a120 {

void wipe_bytes(std::vector<uint8_t>& bytes) {
  if (!bytes.empty()) OPENSSL_cleanse(bytes.data(), bytes.size());
}

void SecretBytes::wipe() {
  wipe_bytes(bytes_);
}

std::variant<const PrivateKeySlot*, Status> find_private_key(const State& state, uint8_t slot) {
  if (slot >= kPrivateKeySlotCount) return Status::kValueOutOfRange;
  const PrivateKeySlot& key = state.private_keys.slots[slot];
  if (!key.present) return Status::kKeyNotFound;
  return &key;
}

Status count_private_key_use(CommandContext& context, uint8_t slot) {
  const PrivateKeySlot& key = context.state.private_keys.slots[slot];
  if (key.usage_limit == kNoUsageLimit) return Status::kOk;
  if (key.uses_left == 0) return Status::kCounterLimitExceeded;
  context.store.write_private_key_uses(slot, static_cast<uint16_t>(key.uses_left - 1));
  return Status::kOk;
}

std::vector<uint8_t> draw_private_key(CommandContext& context, crypto::ec::Curve curve) {
  uint32_t counter = context.state.random_counter;
  std::optional<std::vector<uint8_t>> key;
  while (!key) {
    std::vector<uint8_t> random =
        deterministic_random(context.state.random_seed, counter++, crypto::ec::key_length(curve));
    key = crypto::ec::private_key_from_random(curve, random);
    wipe_bytes(random);
  }
  context.store.write_random_counter(counter);
  return std::move(*key);
}

std::vector<uint8_t> draw_random(CommandContext& context, size_t length) {
  const uint32_t counter = context.state.random_counter;
  context.store.write_random_counter(counter + 1);
  return deterministic_random(context.state.random_seed, counter, length);
}

}  // namespace kb::sim::stsafe_a120
