#include "tools/campaign/shard.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace kb::tools::campaign {
namespace {

TEST(Shard, ParsesIOfN) {
  Shard s = parse_shard("3/8");
  EXPECT_EQ(s.index, 3u);
  EXPECT_EQ(s.count, 8u);
  EXPECT_EQ(s.to_string(), "3/8");
}

TEST(Shard, EveryCutPointBelongsToExactlyOneShard) {
  constexpr uint64_t kShards = 5;
  for (uint64_t point = 0; point < 103; ++point) {
    int owners = 0;
    for (uint64_t i = 1; i <= kShards; ++i) owners += Shard{i, kShards}.contains(point) ? 1 : 0;
    EXPECT_EQ(owners, 1) << "cut point " << point;
  }
}

TEST(Shard, OneOfOneHoldsEverything) {
  for (uint64_t point = 0; point < 50; ++point) EXPECT_TRUE(Shard{}.contains(point));
}

TEST(Shard, RefusesMalformedText) {
  for (const char* text : {"", "3", "0/4", "5/4", "1/0", "a/b", "1/2/3", "-1/4", "1/ 4"}) {
    EXPECT_THROW(parse_shard(text), std::invalid_argument) << text;
  }
}

TEST(Shard, ErrorNamesTheShard) {
  try {
    parse_shard("0/4");
    FAIL() << "0/4 accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'0/4'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("1..N"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace kb::tools::campaign
