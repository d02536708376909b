// Oracle verdicts on crafted ATECC608A EEPROM images: a private-key slot (KeyConfig bit 0, fact
// sheet B7.3) torn by a cut, and the lock bytes 86-89 (B7.1, B7.5).
#include <gtest/gtest.h>

#include "simulator/atecc608a/eeprom.h"
#include "simulator/atecc608a/zones.h"
#include "tools/campaign/atecc_oracles.h"
#include "tools/campaign/oracles.h"

namespace kb::tools::campaign {
namespace {

namespace zones = sim::atecc608a;

atecc::Image factory() {
  atecc::Image image{zones::factory_image()};
  image.eeprom.config[96] = 0x33;  // slot 0: P-256 private key
  return image;
}

void put_key(atecc::Image& image, uint8_t fill) {
  const size_t at = zones::slot_offset(0);
  for (size_t i = 0; i < 4; ++i) image.eeprom.data[at + i] = 0;
  for (size_t i = 4; i < 36; ++i) image.eeprom.data[at + i] = fill;
}

atecc::Image provisioned(uint8_t fill) {
  atecc::Image image = factory();
  put_key(image, fill);
  image.eeprom.config[86] = 0x00;
  image.eeprom.config[87] = 0x00;
  return image;
}

TEST(AteccOracles, AKeyTheRerunReplacedPasses) {
  const atecc::Image start = factory(), end = provisioned(0x11);
  atecc::Image torn = start;
  put_key(torn, 0x11);
  for (size_t i = 20; i < 36; ++i) torn.eeprom.data[zones::slot_offset(0) + i] = 0;  // half the scalar
  EXPECT_TRUE(atecc::no_usable_partial_key(torn, provisioned(0x22), start, end)) << "the re-run made a new key";
  EXPECT_TRUE(atecc::no_usable_partial_key(end, end, start, end));
  EXPECT_FALSE(atecc::no_usable_partial_key(torn, torn, start, end)) << "the torn key is still there";
}

TEST(AteccOracles, LocksAreAllOrNothing) {
  const atecc::Image before = factory();
  atecc::Image after = before;
  after.eeprom.config[87] = 0x00;  // config lock
  EXPECT_TRUE(atecc::rolled_back_or_completed(before, before, after));
  EXPECT_TRUE(atecc::rolled_back_or_completed(after, before, after));
  atecc::Image odd = before;
  odd.eeprom.config[87] = 0x12;
  EXPECT_FALSE(atecc::rolled_back_or_completed(odd, before, after));
  // A torn config word elsewhere is the chip's behaviour, not a violation.
  atecc::Image torn_word = before;
  torn_word.eeprom.config[20] = 0x87;
  EXPECT_TRUE(atecc::rolled_back_or_completed(torn_word, before, after));
}

TEST(AteccOracles, TheProjectionCountsAKeyNotItsBytes) {
  EXPECT_EQ(atecc::provisioned_projection(provisioned(0x11)), atecc::provisioned_projection(provisioned(0x22)));
  EXPECT_NE(atecc::provisioned_projection(provisioned(0x11)), atecc::provisioned_projection(factory()));
  const DeviceImage a = provisioned(0x11), b = provisioned(0x22);
  EXPECT_EQ(provisioned_projection(a), provisioned_projection(b));
  EXPECT_FALSE(explain_refusal(a, true).has_value());
}

}  // namespace
}  // namespace kb::tools::campaign
