// The persistent state's JSON form: round trip, strict validation, and the chip on a bench built
// from the committed fixtures.
#include <gtest/gtest.h>

#include <string>

#include "simulator/atecc608a/state_json.h"
#include "simulator/bench/bench.h"
#include "simulator/stsafe_a120/stsafe.h"
#include "tests/test_paths.h"
#include "tests/unit/simulator/atecc608a/atecc_harness.h"

namespace kb::sim::atecc608a {
namespace {

using test_support::AteccOnBus;
using test_support::hex;

EepromImage parse(const nlohmann::json& j) {
  return image_from_json(JsonView(j, "test.json"));
}

std::string problem(const nlohmann::json& j) {
  try {
    parse(j);
  } catch (const FixtureError& e) {
    return e.path() + ": " + e.problem();
  }
  return "accepted";
}

TEST(AteccStateJson, EmptyObjectIsTheFactoryImage) {
  EXPECT_EQ(parse(nlohmann::json::object()), factory_image());
}

TEST(AteccStateJson, RoundTripThroughAChip) {
  AteccOnBus b;
  ASSERT_EQ(b.wake().size(), 4u);
  ASSERT_EQ(test_support::write_config_word(b, 20, hex("87 20 00 00")), 0x00);
  ASSERT_EQ(b.status_of(0x12, 0x82, test_support::data_address(8, 12), std::vector<uint8_t>(32, 0x5C)), 0x00);
  ASSERT_EQ(b.status_of(0x12, 0x81, 1 << 3, std::vector<uint8_t>(32, 0x3D)), 0x00);
  ASSERT_EQ(test_support::lock_config(b), 0x00);
  ASSERT_EQ(b.payload(0x1B, 0x00, 0).size(), 32u);
  const nlohmann::json saved = b.chip.save_state();
  EXPECT_EQ(saved["slots"].size(), 1u) << "only slots that are not all zero";
  EXPECT_EQ(saved["random_counter"], 1);

  Scheduler s;
  Atecc608a other(s);
  other.load_state(JsonView(saved, "saved.json"));
  EXPECT_EQ(other.image(), b.chip.image());
  EXPECT_EQ(other.save_state(), saved);
}

TEST(AteccStateJson, StrictValidation) {
  EepromImage img = factory_image();
  auto config_with = [&](size_t at, uint8_t v) {
    std::vector<uint8_t> c = img.config;
    c[at] = v;
    return nlohmann::json{{"config", to_hex(c)}};
  };
  EXPECT_EQ(problem({{"cofnig", ""}}).substr(0, 1), "$") << "unknown keys are errors";
  EXPECT_NE(problem({{"cofnig", ""}}), "accepted");
  EXPECT_EQ(problem({{"config", "00"}}).substr(0, 8), "$.config");
  EXPECT_NE(problem(config_with(6, 0x50)).find("00 00 60 02"), std::string::npos);
  EXPECT_NE(problem(config_with(87, 0x12)).find("0x55"), std::string::npos);
  {
    std::vector<uint8_t> c = img.config;
    c[86] = 0x00;
    EXPECT_NE(problem({{"config", to_hex(c)}}).find("data zone is locked"), std::string::npos);
  }
  EXPECT_NE(problem(config_with(16, 0xC1)).find("I2C address"), std::string::npos);
  EXPECT_NE(problem(config_with(16, 0x02)).find("I2C address"), std::string::npos);
  EXPECT_NE(problem({{"otp", std::string(126, '0')}}), "accepted");
  EXPECT_EQ(problem({{"slots", {{{"slot", 9}, {"data", std::string(72 * 2, 'A')}}}}}), "accepted");
  EXPECT_NE(problem({{"slots", {{{"slot", 9}, {"data", std::string(36 * 2, 'A')}}}}}), "accepted")
      << "slot 9 holds 72 bytes";
  EXPECT_NE(problem({{"slots", {{{"slot", 16}, {"data", "00"}}}}}), "accepted");
  EXPECT_NE(problem({{"slots",
                      {{{"slot", 0}, {"data", std::string(72, '0')}}, {{"slot", 0}, {"data", std::string(72, '0')}}}}})
                .find("twice"),
            std::string::npos);
  EXPECT_NE(problem({{"slots", {{{"slot", 0}, {"data", std::string(72, '0')}, {"lock", true}}}}}), "accepted");
  EXPECT_NE(problem({{"random_counter", 1ull << 32}}), "accepted");
}

TEST(AteccStateJson, BadStateLeavesTheChipUnchanged) {
  Scheduler s;
  Atecc608a chip(s);
  const EepromImage before = chip.image();
  const nlohmann::json bad = {{"otp", std::string(128, 'F')}, {"slots", {{{"slot", 1}, {"data", "00"}}}}};
  EXPECT_THROW(chip.load_state(JsonView(bad, "bad.json")), FixtureError);
  EXPECT_EQ(chip.image(), before);
}

std::string fixture(const char* name) {
  return std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/" + name;
}

TEST(AteccBench, FactoryFreshFixture) {
  auto bench = Bench::from_file(fixture("atecc608a-factory.json"));
  auto* chip = bench->first<Atecc608a>();
  ASSERT_NE(chip, nullptr);
  EXPECT_EQ(chip->image(), factory_image());
  I2cBus& bus = bench->bus();
  bus.set_rate_hz(100000);
  bus.write(0x00, {});
  bench->scheduler().advance_by(1500 * kMicrosecond);
  std::vector<uint8_t> token(4);
  ASSERT_EQ(bus.read(0x60, token), BusOutcome::kAck) << "the bench registers the wake detector";
  EXPECT_EQ(token, hex("04 11 33 43"));
}

TEST(AteccBench, StsafeAndAteccShareOneBus) {
  auto bench = Bench::from_file(fixture("stsafe-atecc608a.json"));
  auto* chip = bench->first<Atecc608a>();
  ASSERT_NE(chip, nullptr);
  ASSERT_NE(bench->first<stsafe_a120::Stsafe>(), nullptr);
  I2cBus& bus = bench->bus();
  // Echo to the STSAFE at 0x20 (its fact sheet 2.5 frame) keeps working next to the ATECC.
  ASSERT_EQ(bus.write(0x20, hex("00 00 01 02 03 94 80")), BusOutcome::kAck);
  bench->scheduler().advance_by(3 * kMillisecond);
  std::vector<uint8_t> echo(9);
  ASSERT_EQ(bus.read(0x20, echo), BusOutcome::kAck);
  EXPECT_EQ(echo, hex("00 00 06 00 01 02 03 94 80"));
  // The echo's header bytes 00 00 after the address 0x40 hold SDA low for 6 + 1 + 18 bit-times
  // = 62.5 us at 400 kHz: that is a wake pulse for the ATECC (fact sheet B5.2).
  EXPECT_EQ(chip->power(), Atecc608a::Power::kAwake);
  bench->scheduler().advance_by(1500 * kMicrosecond);
  std::vector<uint8_t> token(4);
  ASSERT_EQ(bus.read(0x60, token), BusOutcome::kAck);
  EXPECT_EQ(token, hex("04 11 33 43"));
  ASSERT_EQ(bus.write(0x60, hex("03 07 30 00 00 00 03 5D")), BusOutcome::kAck);
  bench->scheduler().advance_by(6 * kMillisecond);
  std::vector<uint8_t> rev(7);
  ASSERT_EQ(bus.read(0x60, rev), BusOutcome::kAck);
  EXPECT_EQ(rev, hex("07 00 00 60 02 80 38"));
  ASSERT_EQ(bus.write(0x20, hex("00 00 01 02 03 94 80")), BusOutcome::kAck);
  bench->scheduler().advance_by(3 * kMillisecond);
  ASSERT_EQ(bus.read(0x20, echo), BusOutcome::kAck);
  EXPECT_EQ(echo, hex("00 00 06 00 01 02 03 94 80"));
}

nlohmann::json bench_with_address_byte(uint8_t config16, const char* address) {
  std::vector<uint8_t> cfg = factory_image().config;
  cfg[16] = config16;
  return {{"devices",
           {{{"name", "atecc"}, {"type", "atecc608a"}, {"address", address}, {"state", {{"config", to_hex(cfg)}}}}}}};
}

TEST(AteccBench, FixtureAddressMustMatchConfigByte16) {
  try {
    Bench::from_json(bench_with_address_byte(0xC2, "0x60"), "bench.json");
    ADD_FAILURE() << "accepted a chip configured for 0x61 at 0x60";
  } catch (const FixtureError& e) {
    EXPECT_EQ(e.path(), "$.devices[0].state");
    EXPECT_NE(e.problem().find("puts it at 0x61"), std::string::npos) << e.problem();
  }
  auto bench = Bench::from_json(bench_with_address_byte(0xC2, "0x61"), "bench.json");
  EXPECT_EQ(bench->first<Atecc608a>()->configured_address7(), 0x61);
  // A state file that moves the chip is refused, and changes nothing.
  nlohmann::json state = bench->save_state();
  std::vector<uint8_t> cfg = from_hex(state["devices"][0]["state"]["config"].get<std::string>());
  cfg[16] = 0xC0;
  state["devices"][0]["state"]["config"] = to_hex(cfg);
  EXPECT_THROW(bench->load_state(state, "state.json"), FixtureError);
  EXPECT_EQ(bench->first<Atecc608a>()->configured_address7(), 0x61);
}

TEST(AteccBench, StateSaveAndLoadThroughTheBench) {
  auto bench = Bench::from_file(fixture("atecc608a-factory.json"));
  auto* chip = bench->first<Atecc608a>();
  EepromImage img = chip->image();
  img.config[87] = 0x00;
  chip->set_image(img);
  const nlohmann::json state = bench->save_state();
  auto fresh = Bench::from_file(fixture("atecc608a-factory.json"));
  fresh->load_state(state, "state.json");
  EXPECT_EQ(fresh->first<Atecc608a>()->image(), img);
}

}  // namespace
}  // namespace kb::sim::atecc608a
