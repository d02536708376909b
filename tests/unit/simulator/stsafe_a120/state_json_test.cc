// The JSON form of the persistent state, and the bench fixtures built on it.
#include "simulator/stsafe_a120/state_json.h"

#include <gtest/gtest.h>

#include "simulator/bench/bench.h"
#include "tests/unit/simulator/stsafe_a120/stsafe_harness.h"

namespace kb::sim::stsafe_a120 {
namespace {

using test_support::hex;
using test_support::StsafeOnBus;

void load(Stsafe& chip, const nlohmann::json& j) {
  chip.load_state(JsonView(j, "test.json", "$.state"));
}

// The path of the FixtureError thrown by loading j, or "" if none.
std::string error_path(Stsafe& chip, const nlohmann::json& j) {
  try {
    load(chip, j);
  } catch (const FixtureError& e) {
    return e.path();
  }
  return "";
}

TEST(StsafeStateJson, FactoryStateSavesEveryField) {
  StsafeOnBus b;
  const nlohmann::json j = b.chip.save_state();
  EXPECT_EQ(j.at("life_cycle"), "operational");
  EXPECT_EQ(j.at("random_seed"), 0);
  EXPECT_EQ(j.at("host_key"), nlohmann::json({{"present", false}}));
  EXPECT_EQ(j.at("host_key_control").at("authentication_key_slot"), "0xFF");
  EXPECT_EQ(j.at("host_key_control").at("change_right"), true);
  EXPECT_EQ(j.at("host_key_control").at("reprovision"), false);
  EXPECT_EQ(j.at("i2c").at("address"), "0x20");
  EXPECT_TRUE(j.at("symmetric_key_control").empty());
  EXPECT_EQ(hex(j.at("product_data").get<std::string>()), default_product_data());
}

TEST(StsafeStateJson, EmptyObjectIsTheFactoryState) {
  StsafeOnBus b;
  b.chip.set_host_key_control(HostKeyControl{false, true, false, true, 1});
  load(b.chip, nlohmann::json::object());
  EXPECT_EQ(b.chip.state(), factory_state());
}

TEST(StsafeStateJson, RoundTripOfEveryField) {
  const nlohmann::json j = {
      {"life_cycle", "born_locked"},
      {"random_seed", 18446744073709551615ull},
      {"random_counter", 12},
      {"product_data", "0103006001"},
      {"i2c", {{"address", "0x21"}, {"lock", true}, {"low_power_mode", "standby"}, {"idle_time_ms", 1600}}},
      {"host_key",
       {{"present", true},
        {"type", "aes256"},
        {"mac_key", std::string(64, 'A')},
        {"cipher_key", std::string(64, 'B')},
        {"cmac_counter", 4294967295u}}},
      {"host_key_control",
       {{"change_right", false},
        {"reprovision", true},
        {"plaintext", false},
        {"wrapped_anonymous", true},
        {"authentication_key_slot", "0x02"}}},
      {"symmetric_key_control",
       {{{"slot", 3},
         {"ecdhe_anonymous", true},
         {"wrapped_anonymous", true},
         {"put_key", true},
         {"change_right", false},
         {"plaintext", true},
         {"derived", true},
         {"wrapped_authentication_key_slot", "0x01"},
         {"ecdhe_authentication_key_slot", "0x00"}}}},
  };
  StsafeOnBus b;
  load(b.chip, j);
  const State& s = b.chip.state();
  EXPECT_EQ(s.life_cycle, LifeCycle::kBornLocked);
  EXPECT_EQ(s.random_seed, 18446744073709551615ull);
  EXPECT_EQ(s.i2c.idle_time, 31);
  EXPECT_EQ(s.host_key.cmac_counter, 0xFFFFFFFFu);
  EXPECT_EQ(s.symmetric_key_control[3].encode(), (std::array<uint8_t, 3>{0x37, 0x01, 0x00}));
  EXPECT_EQ(b.chip.save_state(), j);

  // A second chip loaded from the first one's saved state is the same chip.
  StsafeOnBus other;
  load(other.chip, b.chip.save_state());
  EXPECT_EQ(other.chip.state(), s);
  EXPECT_EQ(other.chip.save_state(), j);
  // And what it answers on the bus comes from the loaded state.
  EXPECT_EQ(other.transact(test_support::frame("14 47")), test_support::response_frame(0x00, hex("01 01 FF FF FF FF")));
  EXPECT_EQ(other.transact(test_support::frame("14 4A")), test_support::response_frame(0x00, hex("05 02")));
}

TEST(StsafeStateJson, BadValuesNameTheirPathAndLeaveTheDeviceUnchanged) {
  StsafeOnBus b;
  b.chip.set_host_key_control(HostKeyControl{true, true, true, false, 0x07});
  const auto saved = b.chip.save_state();
  const std::string k16(32, '1');
  const nlohmann::json good_key = {{"present", true}, {"type", "aes128"}, {"mac_key", k16}, {"cipher_key", k16}};

  auto with = [&](const std::string& field, const nlohmann::json& value) {
    nlohmann::json key = good_key;
    key[field] = value;
    return nlohmann::json{{"life_cycle", "born"}, {"host_key", key}};
  };
  EXPECT_EQ(error_path(b.chip, with("type", "aes192")), "$.state.host_key.type");
  EXPECT_EQ(error_path(b.chip, with("mac_key", std::string(30, '1'))), "$.state.host_key.mac_key");
  EXPECT_EQ(error_path(b.chip, with("cipher_key", std::string(64, '1'))), "$.state.host_key.cipher_key");
  EXPECT_EQ(error_path(b.chip, with("cipher_key", "zz")), "$.state.host_key.cipher_key");
  EXPECT_EQ(error_path(b.chip, with("cmac_counter", 4294967296ull)), "$.state.host_key.cmac_counter");
  EXPECT_EQ(error_path(b.chip, with("colour", "blue")), "$.state.host_key.colour");
  EXPECT_EQ(error_path(b.chip, {{"host_key", {{"type", "aes128"}}}}), "$.state.host_key.present");
  EXPECT_EQ(error_path(b.chip, {{"host_key", {{"present", false}, {"mac_key", k16}}}}), "$.state.host_key.mac_key");
  EXPECT_EQ(error_path(b.chip, {{"host_key", {{"present", true}, {"type", "aes128"}, {"mac_key", k16}}}}),
            "$.state.host_key.cipher_key");
  EXPECT_EQ(error_path(b.chip, {{"lifecycle", "born"}}), "$.state.lifecycle");
  EXPECT_EQ(error_path(b.chip, {{"life_cycle", "locked"}}), "$.state.life_cycle");
  EXPECT_EQ(error_path(b.chip, {{"host_key_control", {{"change_rite", false}}}}),
            "$.state.host_key_control.change_rite");
  EXPECT_EQ(error_path(b.chip, {{"host_key_control", {{"plaintext", 1}}}}), "$.state.host_key_control.plaintext");
  EXPECT_EQ(error_path(b.chip, {{"host_key_control", {{"authentication_key_slot", "0x100"}}}}),
            "$.state.host_key_control.authentication_key_slot");
  EXPECT_EQ(error_path(b.chip, {{"symmetric_key_control", {{{"slot", 16}}}}}), "$.state.symmetric_key_control[0].slot");
  EXPECT_EQ(error_path(b.chip, {{"symmetric_key_control", {{{"slot", 2}}, {{"slot", 2}}}}}),
            "$.state.symmetric_key_control[1].slot");
  EXPECT_EQ(error_path(b.chip, {{"symmetric_key_control", {{{"put_key", true}}}}}),
            "$.state.symmetric_key_control[0].slot");
  EXPECT_EQ(error_path(b.chip, {{"i2c", {{"address", "0x78"}}}}), "$.state.i2c.address");
  EXPECT_EQ(error_path(b.chip, {{"i2c", {{"idle_time_ms", 75}}}}), "$.state.i2c.idle_time_ms");
  EXPECT_EQ(error_path(b.chip, {{"i2c", {{"low_power_mode", "deep"}}}}), "$.state.i2c.low_power_mode");
  EXPECT_EQ(error_path(b.chip, {{"product_data", "0203000000"}}), "$.state.product_data");
  EXPECT_EQ(error_path(b.chip, {{"product_data", "01030060"}}), "$.state.product_data");
  EXPECT_EQ(error_path(b.chip, {{"product_data", "0103006001" + std::string(2 * 250, '0')}}), "$.state.product_data");
  EXPECT_EQ(error_path(b.chip, {{"random_seed", -1}}), "$.state.random_seed");
  EXPECT_EQ(error_path(b.chip, nlohmann::json::array()), "$.state");
  EXPECT_EQ(b.chip.save_state(), saved);
}

std::unique_ptr<Bench> bench(const std::string& name) {
  return Bench::from_file(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/" + name);
}

TEST(StsafeFixtures, DefaultBenchIsAFactoryFreshChipAt0x20) {
  auto b = bench("default.json");
  EXPECT_EQ(b->bus().rate_hz(), 400000u);
  auto* chip = b->first<Stsafe>();
  ASSERT_NE(chip, nullptr);
  EXPECT_EQ(b->bus().target_at(0x20), chip);
  EXPECT_EQ(chip->state(), factory_state());
  EXPECT_EQ(b->find("stsafe"), chip);
}

TEST(StsafeFixtures, BusRates) {
  EXPECT_EQ(bench("stsafe-100khz.json")->bus().rate_hz(), 100000u);
  EXPECT_EQ(bench("stsafe-1mhz.json")->bus().rate_hz(), 1000000u);
  EXPECT_EQ(bench("stsafe-1mhz.json")->first<Stsafe>()->state(), factory_state());
}

TEST(StsafeFixtures, HostKeyLocked) {
  auto b = bench("stsafe-host-key-locked.json");
  const State& s = b->first<Stsafe>()->state();
  EXPECT_FALSE(s.host_key.present);
  EXPECT_FALSE(s.host_key_control.change_right);
  EXPECT_FALSE(s.host_key_control.reprovision);
  // The put of the provisioning example is refused (fact sheet 8.5).
  const auto put = hex("10 4A 07 FF 08 03");
  ASSERT_EQ(b->bus().write(0x20, put), BusOutcome::kAck);
  b->scheduler().advance_by(600 * kMillisecond);
  std::vector<uint8_t> r(5);
  ASSERT_EQ(b->bus().read(0x20, r), BusOutcome::kAck);
  EXPECT_EQ(r, test_support::error_frame(0x11));
}

TEST(StsafeFixtures, KeysWrittenAsTheReferenceAppLeavesThem) {
  auto b = bench("stsafe-keys-written.json");
  const State& s = b->first<Stsafe>()->state();
  EXPECT_EQ(s.host_key, (HostKeySlot{true, HostKeyType::kAes128, hex("00112233445566778899AABBCCDDEEFF"),
                                     hex("0123456789ABCDEF0123456789ABCDEF"), 0}));
  EXPECT_EQ(s.host_key_control.encode(), (std::array<uint8_t, 2>{0x07, 0xFF}));
}

TEST(StsafeFixtures, BenchStateRoundTrip) {
  auto b = bench("stsafe-keys-written.json");
  const nlohmann::json saved = b->save_state();
  auto fresh = bench("default.json");
  fresh->load_state(saved, "saved.json");
  EXPECT_EQ(fresh->first<Stsafe>()->state(), b->first<Stsafe>()->state());
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
