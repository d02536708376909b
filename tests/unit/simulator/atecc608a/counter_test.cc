// Counter (fact sheet B6.2, B7.6): the config encoding written from the B7.6 formulas, reads and
// increments, the 2,097,151 limit, power cuts during an increment, and limited-use keys spending
// counter 0 (through MAC and UpdateExtra mode 2).
#include <gtest/gtest.h>

#include "tests/unit/simulator/atecc608a/auth_reference.h"

namespace kb::sim::atecc608a {
namespace {

using namespace test_support;

constexpr uint8_t kOk = 0x00, kParse = 0x03, kRefused = 0x0F;

// B7.6: lin_a, lin_b, bin_a, bin_b, each big-endian.
Bytes b76_encoding(uint32_t v) {
  const uint32_t lin_a = 0xFFFFu >> (v % 32);
  const uint32_t lin_b = v >= 16 ? 0xFFFFu >> ((v - 16) % 32) : 0xFFFFu;
  const uint32_t bin_a = v / 32;
  const uint32_t bin_b = v >= 16 ? (v - 16) / 32 : 0;
  Bytes out;
  for (uint32_t f : {lin_a, lin_b, bin_a, bin_b}) {
    out.push_back(static_cast<uint8_t>(f >> 8));
    out.push_back(static_cast<uint8_t>(f));
  }
  return out;
}

Bytes le32(uint32_t v) {
  return {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16),
          static_cast<uint8_t>(v >> 24)};
}

EepromImage with_counter(EepromImage img, size_t counter, uint32_t value) {
  const Bytes enc = b76_encoding(value);
  std::copy(enc.begin(), enc.end(), img.config.begin() + static_cast<std::ptrdiff_t>(52 + 8 * counter));
  return img;
}

Bytes stored_counter(const AteccOnBus& b, size_t counter) {
  const auto c = b.chip.eeprom().config().subspan(52 + 8 * counter, 8);
  return Bytes(c.begin(), c.end());
}

class AteccCounter : public ::testing::Test {
 protected:
  void start(const EepromImage& img) {
    b.chip.set_image(img);
    ASSERT_EQ(b.wake().size(), 4u);
    b.cycle_each_command = true;
  }
  AteccOnBus b;
};

TEST_F(AteccCounter, FactoryValueAndIncrementsInTheB76Encoding) {
  start(factory_image());
  EXPECT_EQ(stored_counter(b, 0), hex("FF FF FF FF 00 00 00 00")) << "B7.6: v = 0";
  EXPECT_EQ(packet(0x24, 0x00, 0), hex("07 24 00 00 00 0C FD")) << "B5.5 Counter read 0";
  EXPECT_EQ(b.payload(0x24, 0x00, 0), le32(0));
  for (uint32_t v = 1; v <= 70; ++v) {
    ASSERT_EQ(b.payload(0x24, 0x01, 1), le32(v));
    ASSERT_EQ(stored_counter(b, 1), b76_encoding(v)) << "v = " << v;
  }
  EXPECT_EQ(b.payload(0x24, 0x00, 1), le32(70));
  EXPECT_EQ(b.payload(0x24, 0x00, 0), le32(0)) << "the counters are separate";
}

TEST_F(AteccCounter, ReadsAnyEncodedValue) {
  EepromImage img = factory_image();
  for (uint32_t v : {15u, 16u, 31u, 32u, 47u, 1000u, 65535u, 1048576u, 2097151u}) {
    b.chip.set_image(with_counter(img, 0, v));
    ASSERT_EQ(b.wake().size(), 4u);
    EXPECT_EQ(b.payload(0x24, 0x00, 0), le32(v)) << v;
    ASSERT_EQ(b.idle(), BusOutcome::kAck);
  }
}

TEST_F(AteccCounter, StopsAtTheLimit) {
  start(with_counter(factory_image(), 0, 2097150));
  EXPECT_EQ(b.payload(0x24, 0x01, 0), le32(2097151));
  EXPECT_EQ(b.status_of(0x24, 0x01, 0), kRefused);
  EXPECT_EQ(b.payload(0x24, 0x00, 0), le32(2097151));
}

TEST_F(AteccCounter, ParameterChecks) {
  start(factory_image());
  EXPECT_EQ(b.status_of(0x24, 0x00, 2), kParse) << "counter id > 1 (B6.2)";
  EXPECT_EQ(b.status_of(0x24, 0x02, 0), kParse);
  EXPECT_EQ(b.status_of(0x24, 0x00, 0, hex("00")), kParse);
}

// Every cut point of increments that rewrite both words (a wrap of either half) and of one that
// rewrites one: the counter reads the old or the new value, never anything else.
TEST(AteccCounterPowerCut, IncrementLandsWholeOrNotAtAll) {
  for (uint32_t from : {31u, 47u, 40u}) {
    bool saw_torn_bytes = false;
    for (uint64_t cut = 0; cut <= 2; ++cut) {
      AteccOnBus b;
      b.chip.set_image(with_counter(factory_image(), 0, from));
      ASSERT_EQ(b.wake().size(), 4u);
      b.chip.nvm().arm_power_cut_after_words(cut);
      ASSERT_EQ(b.send(packet(0x24, 0x01, 0)), BusOutcome::kAck);
      b.scheduler.advance_by(30 * kMillisecond);
      const bool fired = b.chip.nvm().power_cut_fired();
      if (fired) {
        EXPECT_EQ(b.chip.output().size(), 0u) << "no answer from a cut command";
        EXPECT_EQ(b.chip.activity(),
                  "Counter (0x24) / config zone bytes " + std::string(cut == 0 && from != 40 ? "56-59" : "52-55"));
      }
      b.chip.nvm().clear_power_cut();
      b.chip.power_cycle();
      ASSERT_EQ(b.wake().size(), 4u);
      const Bytes value = b.payload(0x24, 0x00, 0);
      EXPECT_TRUE(value == le32(from) || value == le32(from + 1)) << "from " << from << " cut " << cut;
      EXPECT_EQ(value, le32(fired ? from : from + 1)) << "from " << from << " cut " << cut;
      const Bytes bytes = stored_counter(b, 0);
      saw_torn_bytes = saw_torn_bytes || (bytes != b76_encoding(from) && bytes != b76_encoding(from + 1));
    }
    EXPECT_EQ(saw_torn_bytes, from != 40) << "a wrap leaves half-written bytes that still read right, from " << from;
  }
}

TEST_F(AteccCounter, LimitedUseKeysSpendCounterZero) {
  // Slot 3: a symmetric key with SlotConfig.LimitedUse; counter 0 one below the limit.
  EepromImage img = locked_image({{3, 0x00A0, 0x001C, repeat(0x33, 32)}, {4, 0x0080, 0x001C, repeat(0x44, 32)}});
  start(with_counter(img, 0, 2097149));
  const Bytes challenge = repeat(0x0C, 32);
  EXPECT_EQ(b.payload(0x08, 0x00, 3, challenge).size(), 32u);
  EXPECT_EQ(b.payload(0x24, 0x00, 0), le32(2097150)) << "one use spent";
  EXPECT_EQ(b.payload(0x08, 0x00, 4, challenge).size(), 32u) << "not a limited-use key";
  EXPECT_EQ(b.payload(0x24, 0x00, 0), le32(2097150));
  EXPECT_EQ(b.status_of(0x20, 0x02, 4), kRefused) << "UpdateExtra mode 2 on a key without LimitedUse";
  EXPECT_EQ(b.status_of(0x20, 0x02, 3), kOk) << "spends the last use";
  EXPECT_EQ(b.payload(0x24, 0x00, 0), le32(2097151));
  EXPECT_EQ(b.status_of(0x08, 0x00, 3, challenge), kRefused) << "no uses left";
  EXPECT_EQ(b.status_of(0x20, 0x02, 3), kRefused);
  EXPECT_EQ(b.status_of(0x20, 0x02, 16), kParse);
}

}  // namespace
}  // namespace kb::sim::atecc608a
