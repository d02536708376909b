#include "simulator/nvm/nvm.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <vector>

namespace kb::sim {
namespace {

NvmGeometry small() {
  NvmGeometry g;
  g.size = 64;
  g.page_size = 16;
  g.word_size = 4;
  g.program_word_ns = 43 * kMicrosecond;
  g.erase_page_ns = 85 * kMillisecond;
  return g;
}

std::vector<uint8_t> read_all(const Nvm& n, size_t off, size_t len) {
  std::vector<uint8_t> v(len);
  n.read(off, v);
  return v;
}

TEST(Nvm, StartsErasedAndProgramsWholeWordsWithTheirCost) {
  Nvm n(small());
  EXPECT_EQ(read_all(n, 0, 4), (std::vector<uint8_t>{0xFF, 0xFF, 0xFF, 0xFF}));
  const uint8_t data[] = {1, 2, 3, 4, 5, 6};
  auto cost = n.program(2, data);  // touches words 0 and 1 and 2 (bytes 2..7)
  ASSERT_TRUE(cost.has_value());
  EXPECT_EQ(*cost, 2 * 43 * kMicrosecond);
  EXPECT_EQ(read_all(n, 0, 8), (std::vector<uint8_t>{0xFF, 0xFF, 1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(n.words_programmed(), 2u);
  EXPECT_EQ(n.page_wear(0), 2u);
}

TEST(Nvm, FlashProgrammingOnlyClearsBits) {
  NvmGeometry g = small();
  g.program_clears_bits_only = true;
  Nvm n(g);
  const uint8_t first[] = {0xF0, 0xF0, 0xF0, 0xF0};
  const uint8_t second[] = {0x3C, 0x3C, 0x3C, 0x3C};
  ASSERT_TRUE(n.program(0, first));
  ASSERT_TRUE(n.program(0, second));
  EXPECT_EQ(n.byte(0), 0x30);
  ASSERT_TRUE(n.erase_page(0));
  EXPECT_EQ(n.byte(0), 0xFF);
}

TEST(Nvm, PowerCutTearsAtAWordBoundary) {
  Nvm n(small());
  n.arm_power_cut_after_words(1);
  const uint8_t data[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  EXPECT_FALSE(n.program(0, data).has_value());
  EXPECT_TRUE(n.power_cut_fired());
  // First word landed, the rest kept the erased value.
  EXPECT_EQ(read_all(n, 0, 8), (std::vector<uint8_t>{1, 2, 3, 4, 0xFF, 0xFF, 0xFF, 0xFF}));
  // The cut fires once.
  EXPECT_TRUE(n.program(4, std::span<const uint8_t>(data, 4)).has_value());
}

TEST(Nvm, SnapshotRoundTripsBytesAndWear) {
  Nvm n(small());
  const uint8_t data[] = {0xDE, 0xAD, 0xBE, 0xEF};
  ASSERT_TRUE(n.program(20, data));
  nlohmann::json j = n.to_json();
  EXPECT_EQ(j["pages"].size(), 1u);
  Nvm m(small());
  m.load_json(j);
  EXPECT_EQ(read_all(m, 20, 4), (std::vector<uint8_t>(data, data + 4)));
  EXPECT_EQ(m.page_wear(1), 1u);
}

TEST(Nvm, BadSnapshotIsRejectedAndChangesNothing) {
  Nvm n(small());
  const uint8_t data[] = {7, 7, 7, 7};
  ASSERT_TRUE(n.program(0, data));
  nlohmann::json bad = {{"size", 64}, {"page_size", 16}, {"pages", {{"9", "00"}}}};
  EXPECT_THROW(n.load_json(bad), std::invalid_argument);
  nlohmann::json short_page = {{"size", 64}, {"page_size", 16}, {"pages", {{"1", "0011"}}}};
  EXPECT_THROW(n.load_json(short_page), std::invalid_argument);
  EXPECT_EQ(n.byte(0), 7);
}

// Found by the nrf5340_state_loader fuzz target (an nRF state's "flash" is such a snapshot):
// numbers that are not non-negative integers were converted with undefined behaviour (1e300 to
// a wear count, -1.5 to a size), and values of the wrong JSON type escaped as nlohmann errors.
TEST(Nvm, SnapshotNumbersAndTypesAreCheckedBeforeUse) {
  Nvm n(small());
  const uint8_t data[] = {7, 7, 7, 7};
  ASSERT_TRUE(n.program(0, data));
  const nlohmann::json bad[] = {
      {{"size", -1.5}},           {{"page_size", 1e300}},   {{"size", "64"}},
      {{"wear", {{"0", 1e300}}}}, {{"wear", {{"0", -1}}}},  {{"wear", {{"0", 4294967296u}}}},
      {{"wear", {{"0", "1"}}}},   {{"pages", {{"1", 17}}}}, {{"pages", {{"1x", std::string(32, '0')}}}},
      {{"wear", {{"", 1}}}},      {{"pages", "00"}},
  };
  for (const nlohmann::json& j : bad) {
    EXPECT_THROW(n.load_json(j), std::invalid_argument) << j.dump();
  }
  EXPECT_EQ(n.byte(0), 7);
  EXPECT_EQ(n.page_wear(0), 1u);
}

TEST(Nvm, OutOfRangeAccessThrows) {
  Nvm n(small());
  uint8_t b[4];
  EXPECT_THROW(n.read(62, b), std::out_of_range);
  EXPECT_THROW(n.program(64, std::span<const uint8_t>(b, 1)), std::out_of_range);
  EXPECT_THROW(n.erase_page(4), std::out_of_range);
}

}  // namespace
}  // namespace kb::sim
