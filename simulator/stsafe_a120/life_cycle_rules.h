#pragma once
// Which commands a life-cycle state refuses (fact sheet 2.5 "Life cycle / password", 8.12). The
// sheet gives the states and ST's lock / unlock (verify password, then put 0x83 / 0x03) but not
// what a locked chip refuses; the model's reading (docs/fidelity.md):
//   * born + locked (0x81), operational + locked (0x83) and terminated (0x04) freeze the chip's
//     secrets and zones: a command that would write a key, a key's control fields, a data zone or
//     a zone's access condition answers INVALID_LIFE_CYCLE_STATE (0x0F) before it runs;
//   * everything else still runs: keys are used (sign, MAC, AES, ECDH, envelopes, derive to the
//     host), zones read, ephemeral sessions opened, the password verified, and the life cycle put
//     (unlock, under the password rule of put_attribute.cc).
#include <cstdint>
#include <optional>
#include <span>

#include "simulator/stsafe_a120/state.h"

namespace kb::sim::stsafe_a120 {

// Whether the state refuses the commands that change keys and zones.
bool life_cycle_freezes_changes(LifeCycle lcs);

// Whether the command (standard code, or 0x1F with its extended code, and its payload) would
// change a key, a key's control fields, a data zone or a zone access condition.
bool changes_keys_or_zones(uint8_t code, std::optional<uint8_t> ext_code, std::span<const uint8_t> payload);

}  // namespace kb::sim::stsafe_a120
