#include "simulator/stsafe_a120/kek_unwrap.h"

#include "simulator/stsafe_a120/chip_crypto.h"
#include "simulator/stsafe_a120/key_derivation.h"

namespace kb::sim::stsafe_a120 {

std::variant<std::vector<uint8_t>, Status> unwrap_with_next_working_kek(VolatileState& volatile_state,
                                                                        std::span<const uint8_t> envelope) {
  if (!volatile_state.kek_session) return Status::kSessionError;
  KekSession& session = *volatile_state.kek_session;
  if (session.working_keks_used == 0xFF) return Status::kSessionCounterOutOfRange;
  ++session.working_keks_used;
  const std::vector<uint8_t> kek = derive_working_kek(session.base_kek, session.working_keks_used);
  std::optional<std::vector<uint8_t>> plain = chip_crypto::aes_key_unwrap(kek, envelope);
  if (!plain) return Status::kCommandDecryptionError;
  return std::move(*plain);
}

}  // namespace kb::sim::stsafe_a120
