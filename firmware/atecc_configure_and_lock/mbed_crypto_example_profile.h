#pragma once
// fixtures/atecc-profiles/mbed-crypto-example.json (the CLI's default profile) as constants, for
// targets that cannot read a profile file: the nRF5340 board image. A unit test compares it with
// what the host's profile parser makes of the JSON, so the two cannot drift apart.
#include "firmware/atecc_configure_and_lock/config_profile.h"

namespace kb::fw {

inline constexpr const char* kMbedCryptoExampleProfileName = "mbed-crypto-example (built in)";

AteccConfigProfile mbed_crypto_example_profile();

}  // namespace kb::fw
