#pragma once
// Oracles on STSAFE-A120 states (decoded NVM). See oracles.h for what each one means.
#include <nlohmann/json.hpp>
#include <optional>

#include "simulator/stsafe_a120/state.h"
#include "tools/campaign/refusal.h"

namespace kb::tools::campaign::stsafe {

using State = sim::stsafe_a120::State;

// A key the cut left (host key pair, each symmetric slot, each private key slot) is whole when it equals what that slot
// held when the flow started or when the clean run ended; a partial one fails the oracle if the slot still holds it
// after the re-run.
bool no_usable_partial_key(const State& cut, const State& rerun, const State& flow_start, const State& flow_end);
// The interrupted command's records equal their images before it or after it; the anti-replay
// counters (host C-MAC, CCM key counters, random counter) are persisted ahead of the command by
// design, so they only have to lie between their before and after values.
bool rolled_back_or_completed(const State& cut, const State& before, const State& after);
// What "provisioned" means for comparison: the whole state with the counters zeroed, the private
// key bytes zeroed (a generated key is new on every run) and the counter zones' values zeroed (a
// decrement is spent again on every run).
nlohmann::json provisioned_projection(const State& state);
// States no STSAFE flow can leave by itself; nullopt when there is none.
std::optional<Refusal> explain_refusal(const State& state);

}  // namespace kb::tools::campaign::stsafe
