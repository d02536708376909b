#pragma once
// The signed forms of the ECDHE commands (fact sheet 2.5, 2.6): Start volatile KEK session (1F 03),
// Establish symmetric key (1F 04) and Establish host key (1F 18) append, after their anonymous fields,
//   00 (filler) | generic public key slot | hash algorithm id (11 bytes, or 00 00 for an Ed25519
//   key) | signature field
// and the slot's key must have signed TBS = curve id | host public key field | chip public key
// field (both fields in the wire form of 2.4): ECDSA over the TBS hashed with the named hash,
// Ed25519 over the TBS itself.
#include <cstdint>
#include <span>
#include <variant>

#include "simulator/stsafe_a120/public_key_slots.h"
#include "simulator/stsafe_a120/state.h"
#include "simulator/stsafe_a120/status.h"

namespace kb::sim::stsafe_a120 {

// Which flag of the slot (query 0x4C byte 1) the command needs.
enum class SignedEcdheUse : uint8_t { kStartVolatileKekSession, kEstablishHostKey, kEstablishSymmetricKey };

// Checks `tail` (exactly the signed fields) against `tbs`: the slot number on success, else
//   INCONSISTENT_COMMAND_DATA  fields cut short or bytes after the signature
//   VALUE_OUT_OF_RANGE         filler not 00, slot beyond the table, hash id the chip does not know
//   KEY_NOT_FOUND              an empty slot
//   WRONG_KEY_TYPE             an X25519 key (it cannot sign)
//   WRONG_KEY_USAGE            the slot's flag for `use` is clear
//   ACCESS_CONDITION_NOT_SATISFIED  the signature does not verify
// (the statuses are inferences, docs/fidelity.md).
std::variant<uint8_t, Status> check_signed_ecdhe(const State& state, SignedEcdheUse use, std::span<const uint8_t> tail,
                                                 std::span<const uint8_t> tbs);

}  // namespace kb::sim::stsafe_a120
