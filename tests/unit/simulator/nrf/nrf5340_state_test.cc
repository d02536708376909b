// The nRF5340 model's state JSON: what a fixture may say, how a bad fixture is reported (file, JSON
// path, problem), that a load is all-or-nothing, and that save/load round-trips.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "simulator/bench/bench.h"
#include "tests/unit/simulator/nrf/nrf_model_harness.h"

namespace kb::test::nrf_model {
namespace {

using ::testing::HasSubstr;

void load(Nrf5340& chip, const nlohmann::json& j) {
  chip.load_state(kb::sim::JsonView(j, "test.json", "$.state"));
}

std::string load_error(const nlohmann::json& j) {
  kb::sim::Scheduler s;
  Nrf5340 chip(s);
  try {
    load(chip, j);
  } catch (const kb::sim::FixtureError& e) {
    return e.what();
  }
  return "no error";
}

TEST(NrfModelState, FreshChipSavesAssemblyAndNothingElse) {
  Harness h;
  nlohmann::json j = h.chip.save_state();
  EXPECT_EQ(j["lifecycle"], "assembly");
  EXPECT_TRUE(j["uicr_words"].empty());
  EXPECT_TRUE(j["key_slots"].empty());
  EXPECT_FALSE(j["summary"]["huk_written"]["mkek"].get<bool>());
  EXPECT_FALSE(j["summary"]["identity_key_written"].get<bool>());
  EXPECT_FALSE(j.contains("flash"));
}

TEST(NrfModelState, LifecycleNameWritesTheCanonicalWords) {
  Harness h;
  load(h.chip, {{"lifecycle", "secured"}});
  EXPECT_EQ(h.chip.uicr_word(kBlStorageOffset), 0x00000000u);
  EXPECT_EQ(h.chip.uicr_word(kBlStorageOffset + 4), 0xFFFFFFFFu);
  load(h.chip, {{"lifecycle", "decommissioned"}});
  EXPECT_EQ(h.chip.uicr_word(kBlStorageOffset + 4), 0x0000FFFFu);
  EXPECT_EQ(h.chip.lifecycle(), Lifecycle::kDecommissioned);
}

TEST(NrfModelState, SlotsRoundTripWithTheirDecodedState) {
  Harness h;
  h.write_slot(2, kCcAesKeyBase, 0xFFFFFFFCu, {0x03020100, 0x07060504, 0x0B0A0908, 0x0F0E0D0C});
  h.select(7);
  h.program(value_addr(7, 0), 0xDDCCBBAAu);  // half-way through a write
  h.program(kUicrBase + kUicrOtpBegin, 0xFFFF0000u);
  h.program(kUicrBase + 0x010, 0xFF00FF00u);
  h.program(kUicrBase + 0x010, 0x0FF00FF0u);  // a second program of the same word
  nlohmann::json saved = h.chip.save_state();
  EXPECT_EQ(saved["lifecycle"], "provisioning");
  EXPECT_EQ(saved["key_slots"]["2"]["state"], "configured");
  EXPECT_EQ(saved["key_slots"]["2"]["dest"], "0x50845400");
  EXPECT_EQ(saved["key_slots"]["2"]["perm"], "0xFFFFFFFC");
  EXPECT_EQ(saved["key_slots"]["2"]["value"], "000102030405060708090A0B0C0D0E0F");
  EXPECT_EQ(saved["key_slots"]["7"]["state"], "staged");
  EXPECT_EQ(saved["key_slots"]["7"]["value"], "AABBCCDDFFFFFFFFFFFFFFFFFFFFFFFF");
  EXPECT_FALSE(saved["key_slots"]["7"].contains("perm"));
  EXPECT_EQ(saved["word_writes"]["0x010"], 2);
  EXPECT_TRUE(saved["summary"]["huk_written"]["mkek"].get<bool>());

  Harness other;
  load(other.chip, saved);
  EXPECT_EQ(other.chip.save_state(), saved);
  EXPECT_EQ(other.chip.uicr().writes_since_erase(0x010), 2u);
}

TEST(NrfModelState, CodeFlashRoundTrips) {
  Harness h;
  h.program(kFlashBase + 0x3000, 0x12345678u);
  nlohmann::json saved = h.chip.save_state();
  ASSERT_TRUE(saved.contains("flash"));
  Harness other;
  load(other.chip, saved);
  EXPECT_EQ(other.rd(kFlashBase + 0x3000), 0x12345678u);
}

TEST(NrfModelState, ErrorsNameTheFileAndThePath) {
  EXPECT_THAT(load_error({{"lifecycle", "assembly"}, {"colour", 1}}),
              HasSubstr("test.json: $.state.colour: unknown key"));
  EXPECT_THAT(load_error({{"lifecycle", "shipped"}}), HasSubstr("$.state.lifecycle: \"shipped\" is not one of"));
  EXPECT_THAT(load_error({{"key_slots", {{"128", {{"perm", "0xFFFFFFFC"}}}}}}),
              HasSubstr("$.state.key_slots.128: \"128\" is not a key slot index 0..127"));
  EXPECT_THAT(load_error({{"key_slots", {{"6", {{"value", "0011"}}}}}}),
              HasSubstr("$.state.key_slots.6.value: expected 16 bytes, got 2"));
  EXPECT_THAT(load_error({{"key_slots", {{"6", {{"prem", "0xFFFFFFFA"}}}}}}),
              HasSubstr("$.state.key_slots.6.prem: unknown key"));
  EXPECT_THAT(load_error({{"uicr_words", {{"0x102", "0"}}}}),
              HasSubstr("$.state.uicr_words.0x102: \"0x102\" is not a word offset"));
  EXPECT_THAT(load_error({{"uicr_words", {{"0x400", "0"}}}}), HasSubstr("is not a word offset below 0x400"));
}

TEST(NrfModelState, ContradictionsAreRejected) {
  EXPECT_THAT(load_error({{"lifecycle", "secured"}, {"uicr_words", {{"0x100", "0xFFFF0000"}}}}),
              HasSubstr("$.state.lifecycle: contradicts uicr_words 0x100/0x104, which encode \"provisioning\""));
  EXPECT_THAT(load_error({{"lifecycle", "unreadable"}}), HasSubstr("$.state.lifecycle: \"unreadable\" needs"));
  EXPECT_THAT(
      load_error({{"key_slots", {{"6", {{"state", "configured"}, {"value", "00112233445566778899AABBCCDDEEFF"}}}}}}),
      HasSubstr("$.state.key_slots.6.state: the slot's words make it \"staged\""));
  EXPECT_THAT(load_error({{"summary", {{"identity_key_written", true}}}}),
              HasSubstr("$.state.summary.identity_key_written: says true"));
}

TEST(NrfModelState, UnreadableLifecycleLoadsFromItsWords) {
  Harness h;
  load(h.chip, {{"lifecycle", "unreadable"}, {"uicr_words", {{"0x100", "0x0000FFFF"}}}});
  EXPECT_EQ(h.chip.lifecycle(), Lifecycle::kUnreadable);
}

TEST(NrfModelState, ABadStateChangesNothing) {
  Harness h;
  load(h.chip, {{"lifecycle", "provisioning"}});
  nlohmann::json before = h.chip.save_state();
  // Good words first, then a bad slot: nothing of it may land.
  nlohmann::json bad = {{"lifecycle", "secured"}, {"key_slots", {{"2", {{"dest", "nowhere"}}}}}};
  EXPECT_THROW(load(h.chip, bad), kb::sim::FixtureError);
  EXPECT_EQ(h.chip.save_state(), before);
}

TEST(NrfModelState, BenchBuildsTheModelFromItsFixtureType) {
  nlohmann::json fixture = {
      {"devices", {{{"name", "soc"}, {"type", "nrf5340"}, {"state", {{"lifecycle", "secured"}}}}}}};
  auto bench = kb::sim::Bench::from_json(fixture, "inline.json");
  auto* chip = bench->first<Nrf5340>();
  ASSERT_NE(chip, nullptr);
  EXPECT_EQ(chip->lifecycle(), Lifecycle::kSecured);
  EXPECT_EQ(bench->save_state()["devices"][0]["type"], "nrf5340");
}

}  // namespace
}  // namespace kb::test::nrf_model
