#pragma once
// Time the nRF5340's CryptoCell-312 spends on work the firmware hands it through the platform crypto
// library (PSA on nrf_cc3xx). Nordic publishes none of it (fact sheet §7, §8 item 8), so each figure is
// an inference, listed with its reasoning in docs/fidelity.md. The CPU waits for the engine, so the
// simulator charges the whole duration to virtual time.
#include "simulator/time/scheduler.h"

namespace kb::sim::nrf {

// One P-256 scalar multiplication on the PKA (key generation, public-from-private, an ECDSA signature
// or ECDH). [INFER] Software P-256 signing on a Cortex-M is published at about 15 M cycles; at the
// application core's 64 MHz that is ~235 ms, and the PKA is taken to be ~20x faster.
inline constexpr Nanoseconds kCc312P256ScalarMultiplicationNs = 12'000'000;

}  // namespace kb::sim::nrf
