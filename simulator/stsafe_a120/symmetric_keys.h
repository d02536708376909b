#pragma once
// The rules of the symmetric key slots: which provisioning method may write a slot (its control
// fields, fact sheet 2.7, and the lock indicator of the key already there, 2.8), and which key a
// command may use (mode of operation and usage).
#include <cstdint>
#include <optional>
#include <span>
#include <variant>

#include "simulator/stsafe_a120/state.h"
#include "simulator/stsafe_a120/state_store.h"
#include "simulator/stsafe_a120/status.h"

namespace kb::sim::stsafe_a120 {

enum class SymmetricProvisioning {
  kPlaintext,             // 1F 17: control bit 0.4
  kWrappedAnonymous,      // 1F 09 after an anonymous KEK session: control bit 0.1
  kWrappedAuthenticated,  // 1F 09 after a signed KEK session: the signer is control byte 1's slot
  kEcdheAnonymous,        // 1F 04 / 1F 05 without signature: control bit 0.0
  kEcdheAuthenticated,    // signed 1F 04 / 1F 05: the signer is control byte 2's slot
};

// OK when a key described by info may be written by method: COMMAND_NOT_AUTHORIZED when the
// slot's control fields do not allow the method, ACCESS_CONDITION_NOT_SATISFIED when the slot
// holds a key whose lock indicator is locked or erasable (only an unlocked key is overwritten;
// an erasable one must be erased first).
// `signer`: the generic public key slot that signed the KEK session or the establishment
// (kWrappedAuthenticated, kEcdheAuthenticated).
Status check_symmetric_key_write(const State& state, const SymmetricKeyInfo& info, SymmetricProvisioning method,
                                 std::optional<uint8_t> signer = std::nullopt);

// Writes key and info into slot info.slot, atomically, with its counter starting at 0.
void store_symmetric_key(StateStore& store, const SymmetricKeyInfo& info, std::span<const uint8_t> key);

// The key in slot for a command that needs mode and one of the usage bits: VALUE_OUT_OF_RANGE for
// a slot number beyond the table, KEY_NOT_FOUND for an empty slot, WRONG_MODE_OF_OPERATION,
// WRONG_KEY_USAGE.
std::variant<const SymmetricKeySlot*, Status> key_for_use(const State& state, uint8_t slot, KeyMode mode,
                                                          uint8_t usage_bit);

}  // namespace kb::sim::stsafe_a120
