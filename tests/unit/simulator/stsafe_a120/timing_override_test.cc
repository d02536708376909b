// Execution-time overrides from a bench fixture (`"timing_ms"` in the STSAFE device's entry):
// every row of the section 5 table can be set by command name, a bad entry is a load error naming
// its key, and the overrides are bench configuration that a state save/load leaves in force.
#include <gtest/gtest.h>

#include <set>

#include "simulator/bench/bench.h"
#include "simulator/stsafe_a120/timing.h"
#include "tests/unit/simulator/stsafe_a120/stsafe_harness.h"

namespace kb::sim::stsafe_a120 {
namespace {

using test_support::frame;
using test_support::hex;

constexpr Nanoseconds kMargin = 100 * kMicrosecond;

nlohmann::json fixture_with(const nlohmann::json& timing_ms) {
  nlohmann::json f = Bench::default_fixture();
  f["devices"][0]["timing_ms"] = timing_ms;
  return f;
}

// The time from the end of the write until the chip first ACKs a read, measured on the bench's
// bus to within kMargin: NACK just before `expected`, ACK just after.
void expect_busy_for(Bench& bench, const std::vector<uint8_t>& wire, Nanoseconds expected) {
  ASSERT_EQ(bench.bus().write(0x20, wire), BusOutcome::kAck);
  const Nanoseconds written = bench.scheduler().now() - bench.bus().bit_time_ns();
  std::vector<uint8_t> r(5);
  bench.scheduler().advance_to(written + expected - kMargin);
  EXPECT_EQ(bench.bus().read(0x20, r), BusOutcome::kAddressNack) << "still busy before " << expected << " ns";
  bench.scheduler().advance_to(written + expected + kMargin);
  EXPECT_EQ(bench.bus().read(0x20, r), BusOutcome::kAck) << "answer ready after " << expected << " ns";
}

std::string load_error(const nlohmann::json& timing_ms) {
  try {
    Bench::from_json(fixture_with(timing_ms), "bench.json");
  } catch (const FixtureError& e) {
    return e.what();
  }
  return "loaded";
}

TEST(StsafeTimingNames, AreTheCommandNamesInSnakeCase) {
  EXPECT_EQ(timing_name(0x10, std::nullopt), "put_attribute");
  EXPECT_EQ(timing_name(0x09, std::nullopt), "generate_mac");
  EXPECT_EQ(timing_name(0x08, std::nullopt), "derive_lora_key");
  EXPECT_EQ(timing_name(0x1F, 0x07), "write_host_key_v2_plaintext");
  EXPECT_EQ(timing_name(0x1F, 0x0B), "generate_ecdhe");
  EXPECT_EQ(timing_name(0x1F, 0x19), "erase_symmetric_key_slot");
  EXPECT_EQ(timing_name(0x1F, 0x0C), "") << "reserved code: no row";
  const std::vector<std::string> names = timing_names();
  EXPECT_EQ(names.size(), 29u + 25u) << "29 standard names, 27 extended less the two reserved";
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size()) << "names are unique";
}

TEST(StsafeTimingOverride, DefaultsAreThePublishedTable) {
  auto bench = Bench::make_default();
  expect_busy_for(*bench, hex("10 4A 07 FF 08 03"), 500 * kMillisecond);
  expect_busy_for(*bench, hex("14 11 FC BE"), 5 * kMillisecond);
}

TEST(StsafeTimingOverride, FixtureSetsRowsByName) {
  auto bench = Bench::from_json(
      fixture_with({{"put_attribute", 5}, {"write_host_key_v2_plaintext", 10}, {"query", 0}, {"echo", 1234}}),
      "bench.json");
  expect_busy_for(*bench, hex("10 4A 07 FF 08 03"), 5 * kMillisecond);
  expect_busy_for(*bench, frame("1F 07 00 00 00 00" + std::string(64, '5')), 10 * kMillisecond);
  expect_busy_for(*bench, hex("00 00 01 02 03 94 80"), 1234 * kMillisecond);
  // Rows not named keep their table value, extended ones included.
  expect_busy_for(*bench, hex("02 00 20 52 76"), 4 * kMillisecond);
  expect_busy_for(*bench, frame("1F 06"), 500 * kMillisecond);
  // Query 0 ms: answered as soon as the write ends.
  ASSERT_EQ(bench->bus().write(0x20, hex("14 11 FC BE")), BusOutcome::kAck);
  bench->scheduler().advance_by(kMargin);
  std::vector<uint8_t> r(5);
  EXPECT_EQ(bench->bus().read(0x20, r), BusOutcome::kAck);
}

// The extended row is chosen by the second byte, also for a frame the chip then rejects.
TEST(StsafeTimingOverride, ExtendedRowsAreChosenByTheirExtCode) {
  auto bench = Bench::from_json(fixture_with({{"stop_volatile_kek_session", 7}}), "bench.json");
  expect_busy_for(*bench, frame("1F 06"), 7 * kMillisecond);
  expect_busy_for(*bench, hex("1F 06 00 00"), 7 * kMillisecond);  // bad CRC
  expect_busy_for(*bench, frame("1F 07 00 00 00 00" + std::string(64, '5')), 500 * kMillisecond);
}

TEST(StsafeTimingOverride, BadEntriesAreLoadErrorsNamingTheKey) {
  EXPECT_NE(load_error({{"put_atribute", 5}}).find("$.devices[0].timing_ms.put_atribute: unknown command name"),
            std::string::npos);
  EXPECT_NE(load_error({{"put_atribute", 5}}).find("put_attribute"), std::string::npos) << "lists the known names";
  for (const nlohmann::json& bad : {nlohmann::json(5.5), nlohmann::json(-1), nlohmann::json("5"), nlohmann::json(true),
                                    nlohmann::json::array({5}), nlohmann::json(nullptr)}) {
    const std::string e = load_error({{"generate_mac", bad}});
    EXPECT_NE(e.find("$.devices[0].timing_ms.generate_mac: expected a whole number of milliseconds"), std::string::npos)
        << bad.dump() << ": " << e;
  }
  EXPECT_NE(load_error({{"generate_mac", 3'600'001}}).find("$.devices[0].timing_ms.generate_mac: value 3600001"),
            std::string::npos);
  EXPECT_EQ(load_error({{"generate_mac", 3'600'000}}), "loaded");
  EXPECT_NE(load_error(nlohmann::json::array()).find("$.devices[0].timing_ms: expected an object"), std::string::npos);
  EXPECT_NE(load_error({{"reserved_0x0c", 1}}).find("unknown command name"), std::string::npos);
}

TEST(StsafeTimingOverride, DevicesWithoutATimingTableRefuseIt) {
  nlohmann::json f = {{"devices", {{{"name", "nrf"}, {"type", "nrf5340"}, {"timing_ms", {{"echo", 1}}}}}}};
  try {
    Bench::from_json(f, "bench.json");
    FAIL() << "loaded";
  } catch (const FixtureError& e) {
    EXPECT_EQ(e.path(), "$.devices[0].timing_ms");
  }
}

// Bench configuration, like the address and the bus rate: the state file does not carry it, and
// a state saved and loaded back (into this bench or a fresh one from the same fixture) leaves
// the overrides in force.
TEST(StsafeTimingOverride, SurvivesAStateSaveAndLoad) {
  const nlohmann::json fixture = fixture_with({{"put_attribute", 5}});
  auto bench = Bench::from_json(fixture, "bench.json");
  expect_busy_for(*bench, hex("10 4A 07 FF 08 03"), 5 * kMillisecond);
  const nlohmann::json saved = bench->save_state();
  EXPECT_EQ(saved["devices"][0].dump().find("timing"), std::string::npos) << saved.dump();
  bench->load_state(saved, "state.json");
  expect_busy_for(*bench, frame("10 4A 0A FF"), 5 * kMillisecond);

  auto fresh = Bench::from_json(fixture, "bench.json");
  fresh->load_state(saved, "state.json");
  expect_busy_for(*fresh, frame("10 4A 0A FF"), 5 * kMillisecond);
  EXPECT_EQ(fresh->save_state()["devices"], bench->save_state()["devices"]);
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
