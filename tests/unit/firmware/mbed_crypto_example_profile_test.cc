// The board's built-in ATECC608A profile is the committed JSON profile, byte for byte: the host's
// parser (tools/keybench/atecc_profile) reads the file, and the constants must give the same
// config image, the same GenKey slots and the same data-zone lock.
#include "firmware/atecc_configure_and_lock/mbed_crypto_example_profile.h"
#include "tests/test_paths.h"

#include <gtest/gtest.h>

#include <string>

#include "tools/keybench/atecc_profile.h"

namespace kb::fw {
namespace {

TEST(MbedCryptoExampleProfile, IsTheCommittedJsonProfile) {
  const AteccConfigProfile parsed =
      tools::load_atecc_profile(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/atecc-profiles/mbed-crypto-example.json");
  const AteccConfigProfile built_in = mbed_crypto_example_profile();
  for (size_t i = 0; i < kAteccConfigZoneSize; ++i) {
    EXPECT_EQ(built_in.config[i], parsed.config[i]) << "config byte " << i;
  }
  for (size_t slot = 0; slot < kAteccSlotCount; ++slot) {
    EXPECT_EQ(built_in.generate_key[slot], parsed.generate_key[slot]) << "slot " << slot;
  }
  EXPECT_EQ(built_in.lock_data_zone, parsed.lock_data_zone);
  // The profile is one a factory chip takes: the I2C address byte of B5.1 and a key to generate.
  EXPECT_EQ(built_in.config[16], 0xC0);
  EXPECT_TRUE(built_in.generate_key[0]);
}

}  // namespace
}  // namespace kb::fw
