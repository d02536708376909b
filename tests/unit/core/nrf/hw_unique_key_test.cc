// Hardware unique keys (fact sheet nrf-kmu-lifecycle.md §3): the slots and permissions
// write_random leaves (§3.2, §6.5), its refusal to overwrite (§3.4), and derive_key against
// Nordic's known answer (sdk-nrf tests/lib/hw_unique_key, nRF5340 case, §3.6).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/nrf/nrf_status.h"
#include "simulator/fixture/hex.h"
#include "tests/unit/core/nrf/nrf_core_harness.h"

namespace kb::test::nrf_core {
namespace {

using core::nrf::HukSlot;
using core::nrf::is;
using core::nrf::NrfStatus;
using kb::sim::from_hex;
using kb::sim::to_hex;
using kb::sim::nrf::SlotState;
using ::testing::HasSubstr;

TEST(NrfHwUniqueKey, WriteRandomFillsSlots2To5AsTheLibraryDoes) {
  CoreHarness h;
  ASSERT_TRUE(h.huk->write_random().ok()) << h.log.text();
  nlohmann::json slots = h.state()["key_slots"];
  const char* dests[] = {"0x50845400", "0x50845410", "0x50845400", "0x50845410"};
  for (int s = 2; s <= 5; ++s) {
    auto& slot = slots[std::to_string(s)];
    EXPECT_EQ(slot["state"], "configured") << s;
    EXPECT_EQ(slot["dest"], dests[s - 2]) << s;
    EXPECT_EQ(slot["perm"], "0xFFFFFFFC") << s;
  }
  EXPECT_EQ(slots.size(), 4u);
  EXPECT_TRUE(h.huk->is_written(HukSlot::kMkek));
  EXPECT_TRUE(h.huk->is_written(HukSlot::kMext));
  EXPECT_NE(slots["2"]["value"], slots["4"]["value"]) << "MKEK and MEXT are different draws";
  EXPECT_EQ(h.log.text(), "");
}

TEST(NrfHwUniqueKey, WriteRandomRefusesWhenAnyKeyIsWritten) {
  CoreHarness h;
  // Half of the MEXT only: still "written" by Nordic's test.
  h.load({{"key_slots", {{"5", {{"dest", "0x50845410"}}}}}});
  EXPECT_TRUE(h.huk->are_any_written());
  EXPECT_FALSE(h.huk->is_written(HukSlot::kMkek));
  EXPECT_TRUE(is(h.huk->write_random(), NrfStatus::kHukWriteFailed));
  EXPECT_EQ(h.log.text(), "One or more keys already set. Cannot overwrite\n");
  EXPECT_EQ(h.words_programmed(), 0u);
}

TEST(NrfHwUniqueKey, DeriveKeyReproducesNordicsVector) {
  CoreHarness h;
  auto key = from_hex("c5a808ebe31ea5b4e9441a764558d88b402633a8cd2d51678def00243052d73d");
  ASSERT_TRUE(h.huk->write(HukSlot::kMkek, key).ok());
  auto label = from_hex("e275ab25003b15e1a198785b4e57439a");
  auto context = from_hex("69a799d53229b7c71bf133562d311cf3");
  uint8_t out[32];
  ASSERT_TRUE(h.huk->derive_key(HukSlot::kMkek, context, label, out).ok());
  EXPECT_EQ(to_hex(out), "C9D2B7D58141ADCBD64BACA0D1DB5E3608605533186E323B73A877E3A43E838D");
}

TEST(NrfHwUniqueKey, DeriveKeyWithoutTheKeyIsMissing) {
  CoreHarness h;
  uint8_t out[16];
  const uint8_t label[] = {'x'};
  EXPECT_TRUE(is(h.huk->derive_key(HukSlot::kMext, {}, label, out), NrfStatus::kHukMissing));
}

TEST(NrfHwUniqueKey, ARevokedKeyCannotDerive) {
  CoreHarness h;
  ASSERT_TRUE(h.huk->write_random().ok());
  ASSERT_TRUE(h.kmu->revoke(2).ok());
  uint8_t out[16];
  const uint8_t label[] = {'x'};
  EXPECT_TRUE(is(h.huk->derive_key(HukSlot::kMkek, {}, label, out), NrfStatus::kKmuPushRevoked));
  EXPECT_THAT(h.log.text(), HasSubstr("shadow_key_derive failed"));
}

TEST(NrfHwUniqueKey, WrongKeyLengthIsRefused) {
  CoreHarness h;
  uint8_t key[16] = {};
  EXPECT_EQ(h.huk->write(HukSlot::kMkek, key).code(), core::Code::kInvalidArgument);
  EXPECT_EQ(h.huk->key_size(), 32u);
}

}  // namespace
}  // namespace kb::test::nrf_core
