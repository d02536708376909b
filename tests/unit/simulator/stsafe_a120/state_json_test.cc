// The JSON form of the persistent state, and the bench fixtures built on it.
#include "simulator/stsafe_a120/state_json.h"
#include "tests/test_paths.h"

#include <gtest/gtest.h>

#include <iterator>
#include <optional>

#include "simulator/bench/bench.h"
#include "simulator/stsafe_a120/personalisation.h"
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
  EXPECT_TRUE(j.at("symmetric_keys").empty());
  EXPECT_EQ(j.at("command_access"),
            nlohmann::json({{"change_rights", {{"access_conditions", true}, {"encryption_flags", true}}},
                            {"commands", nlohmann::json::array()}}));
  EXPECT_EQ(hex(j.at("product_data").get<std::string>()), default_product_data());
}

TEST(StsafeStateJson, EmptyObjectIsTheFactoryState) {
  StsafeOnBus b;
  b.chip.set_host_key_control(HostKeyControl{false, true, false, true, 1});
  load(b.chip, nlohmann::json::object());
  EXPECT_EQ(b.chip.state(), factory_state());
}

TEST(StsafeStateJson, RoundTripOfEveryField) {
  nlohmann::json j = {
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
      {"symmetric_keys",
       {{{"slot", 3},
         {"lock", "unlocked"},
         {"type", "aes128"},
         {"mode", "cmac"},
         {"usage", {"mac_verification", "mac_generation"}},
         {"min_mac_length", 2},
         {"key", std::string(32, '5')}},
        {{"slot", 5},
         {"lock", "erasable"},
         {"type", "aes256"},
         {"mode", "ccm"},
         {"usage", {"decryption", "encryption", "chunked_decryption", "chunked_encryption"}},
         {"tag_length", 16},
         {"counter", {{"offset", 9}, {"value", 4294967295u}}},
         {"key", std::string(64, 'A')}},
        {{"slot", 14},
         {"lock", "unlocked"},
         {"type", "aes256"},
         {"mode", "gcm"},
         {"usage", {"decryption", "encryption", "chunked_decryption", "chunked_encryption"}},
         {"tag_length", 12},
         {"key", std::string(64, 'C')}},
        {{"slot", 15},
         {"lock", "locked"},
         {"type", "aes128"},
         {"mode", "ecb"},
         {"usage", nlohmann::json::array()},
         {"key", std::string(32, '0')}}}},
      {"command_access",
       {{"change_rights", {{"access_conditions", false}, {"encryption_flags", true}}},
        {"commands",
         {{{"code", "0x1B"}, {"access", "host"}, {"encrypt_command", true}, {"encrypt_response", false}},
          {{"code", "0x1F"},
           {"ext_code", "0x16"},
           {"access", "never"},
           {"encrypt_command", false},
           {"encrypt_response", true}}}}}},
      {"data_partitions",
       {{{"zone", 3},
         {"type", "counter"},
         {"length", 8},
         {"read_access", "host"},
         {"read_change_right", true},
         {"update_access", "auth_host"},
         {"update_change_right", false},
         {"counter", 4294967295u},
         {"data", "0102"}}}},
      {"local_envelope_keys", {{{"slot", 1}, {"type", "aes256"}, {"key", std::string(64, 'C')}}}},
      {"password", {{"present", true}, {"password", std::string(32, 'D')}, {"max_tries", 9}, {"tries_left", 4}}},
      {"private_keys",
       {{"change_right", true},
        {"global_usage_limit", 300},
        {"slots",
         {{{"slot", 0},
           {"mode",
            {{"ephemeral_generation", true},
             {"change_right", true},
             {"key_establishment", true},
             {"external_signature", false},
             {"internal_signature", true},
             {"generate_key", "host"},
             {"eddsa_variant", 2}}}},
          {{"slot", 1},
           {"mode",
            {{"ephemeral_generation", false},
             {"change_right", false},
             {"key_establishment", true},
             {"external_signature", true},
             {"internal_signature", false},
             {"generate_key", "free"},
             {"eddsa_variant", 0}}},
           {"curve", "brainpool_p512r1"},
           {"private_key", std::string(128, '1')},
           {"usage_limit", 300},
           {"uses_left", 17}},
          {{"slot", 2},
           {"mode",
            {{"ephemeral_generation", false},
             {"change_right", false},
             {"key_establishment", true},
             {"external_signature", true},
             {"internal_signature", false},
             {"generate_key", "admin"},
             {"eddsa_variant", 0}}},
           {"curve", "ed25519"},
           {"private_key", std::string(64, 'F')},
           {"usage_limit", 0}},
          {{"slot", 3},
           {"mode",
            {{"ephemeral_generation", false},
             {"change_right", false},
             {"key_establishment", true},
             {"external_signature", true},
             {"internal_signature", false},
             {"generate_key", "never"},
             {"eddsa_variant", 0}}},
           {"curve", "nist_p521"},
           {"private_key", "00" + std::string(130, 'F')},
           {"usage_limit", 1},
           {"uses_left", 1}},
          {{"slot", 4},
           {"mode",
            {{"ephemeral_generation", false},
             {"change_right", false},
             {"key_establishment", true},
             {"external_signature", true},
             {"internal_signature", false},
             {"generate_key", "free"},
             {"eddsa_variant", 0}}}}}}}},
  };
  // Generic public key slots: the P-256 base point in slot 1, flags that differ from the factory's.
  auto pk = [](int slot, bool cr, bool sym, bool kek, bool entity, bool host) {
    return nlohmann::json{{"slot", slot},
                          {"change_right", cr},
                          {"establish_symmetric_key", sym},
                          {"start_volatile_kek_session", kek},
                          {"entity_authentication", entity},
                          {"establish_host_key", host}};
  };
  j["public_keys"] = {pk(0, true, true, false, false, true), pk(1, false, false, true, true, false),
                      pk(2, true, false, false, true, false), pk(3, false, false, false, false, false)};
  j["public_keys"][1]["curve"] = "nist_p256";
  j["public_keys"][1]["public_key"] =
      "6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296"
      "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5";
  StsafeOnBus b;
  load(b.chip, j);
  const State& s = b.chip.state();
  EXPECT_EQ(s.life_cycle, LifeCycle::kBornLocked);
  EXPECT_EQ(s.random_seed, 18446744073709551615ull);
  EXPECT_EQ(s.i2c.idle_time, 31);
  EXPECT_EQ(s.host_key.cmac_counter, 0xFFFFFFFFu);
  EXPECT_EQ(s.symmetric_key_control[3].encode(), (std::array<uint8_t, 3>{0x37, 0x01, 0x00}));
  EXPECT_EQ(s.symmetric_keys[3].info.encode(), hex("00 03 00 01 00 03 02"));
  EXPECT_EQ(s.symmetric_keys[5].info.encode(), hex("02 05 01 00 00 3C 10 89"));
  EXPECT_EQ(s.symmetric_keys[5].counter, 0xFFFFFFFFu);
  EXPECT_EQ(s.symmetric_keys[15].info.encode(), hex("01 0F 00 02 00 00"));
  EXPECT_EQ(s.command_access.change_rights, 0x01);
  EXPECT_EQ(s.command_access.find(0x1B, std::nullopt)->encryption_flags, 0x02);
  EXPECT_EQ(s.command_access.find(0x1F, 0x16)->access, AccessCondition::kNever);
  ASSERT_EQ(s.data_partitions.size(), 1u);
  EXPECT_EQ(s.data_partitions[0].access_byte(), 0x96);
  EXPECT_EQ(s.data_partitions[0].data, hex("01 02 00 00 00 00 00 00"));
  EXPECT_FALSE(s.private_keys.slots[0].present);
  EXPECT_EQ(s.private_keys.slots[0].mode.encode(), (std::array<uint8_t, 2>{0x81, 0xB9}));
  EXPECT_EQ(s.private_keys.slots[1].uses_left, 17);
  EXPECT_EQ(s.public_keys[0].flags.encode(), (std::array<uint8_t, 2>{0x00, 0x13}));
  EXPECT_TRUE(s.public_keys[1].present);
  EXPECT_EQ(s.public_keys[1].flags.encode(), (std::array<uint8_t, 2>{0x00, 0x0C}));
  nlohmann::json without_uses = j;
  without_uses["private_keys"]["slots"][3].erase("uses_left");
  StsafeOnBus defaults;
  load(defaults.chip, without_uses);
  EXPECT_EQ(defaults.chip.state().private_keys.slots[3].uses_left, 1) << "uses_left defaults to the limit";
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
  const nlohmann::json cmac = {{"slot", 3},           {"type", "aes128"},
                               {"mode", "cmac"},      {"usage", {"mac_generation"}},
                               {"min_mac_length", 4}, {"key", std::string(32, '5')}};
  auto key_with = [&](const std::string& field, const nlohmann::json& value) {
    nlohmann::json k = cmac;
    if (value.is_null()) {
      k.erase(field);
    } else {
      k[field] = value;
    }
    return nlohmann::json{{"symmetric_keys", {k}}};
  };
  EXPECT_EQ(error_path(b.chip, key_with("usage", {"encryption"})), "$.state.symmetric_keys[0].usage");
  EXPECT_EQ(error_path(b.chip, key_with("usage", {"mac_generation", "mac_generation"})),
            "$.state.symmetric_keys[0].usage[1]");
  EXPECT_EQ(error_path(b.chip, key_with("usage", {"sign"})), "$.state.symmetric_keys[0].usage[0]");
  EXPECT_EQ(error_path(b.chip, key_with("min_mac_length", 17)), "$.state.symmetric_keys[0].min_mac_length");
  EXPECT_EQ(error_path(b.chip, key_with("min_mac_length", nullptr)), "$.state.symmetric_keys[0].min_mac_length");
  EXPECT_EQ(error_path(b.chip, key_with("key", std::string(64, '5'))), "$.state.symmetric_keys[0].key");
  // An HKDF key takes no minimum MAC length, and must be a generic secret.
  EXPECT_EQ(error_path(b.chip, key_with("mode", "hkdf")), "$.state.symmetric_keys[0].min_mac_length");
  nlohmann::json hkdf_on_aes = key_with("mode", "hkdf");
  hkdf_on_aes["symmetric_keys"][0].erase("min_mac_length");
  hkdf_on_aes["symmetric_keys"][0]["usage"] = {"derive"};
  EXPECT_EQ(error_path(b.chip, hkdf_on_aes), "$.state.symmetric_keys[0].type");
  // A GCM key takes a tag length, not a minimum MAC length.
  EXPECT_EQ(error_path(b.chip, key_with("mode", "gcm")), "$.state.symmetric_keys[0].min_mac_length");
  EXPECT_EQ(error_path(b.chip, key_with("tag_length", 4)), "$.state.symmetric_keys[0].tag_length");
  EXPECT_EQ(error_path(b.chip, key_with("lock", "sealed")), "$.state.symmetric_keys[0].lock");
  EXPECT_EQ(error_path(b.chip, key_with("slot", 16)), "$.state.symmetric_keys[0].slot");
  EXPECT_EQ(
      error_path(
          b.chip,
          {{"symmetric_keys",
            {{{"slot", 1}, {"type", "aes128"}, {"mode", "ccm"}, {"tag_length", 6}, {"key", std::string(32, '0')}}}}}),
      "$.state.symmetric_keys[0].tag_length");
  EXPECT_EQ(error_path(b.chip, {{"symmetric_keys",
                                 {{{"slot", 1},
                                   {"type", "aes128"},
                                   {"mode", "ccm"},
                                   {"tag_length", 4},
                                   {"counter", {{"offset", 10}}},
                                   {"key", std::string(32, '0')}}}}}),
            "$.state.symmetric_keys[0].counter.offset");
  EXPECT_EQ(error_path(b.chip, {{"symmetric_keys", {cmac, cmac}}}), "$.state.symmetric_keys[1].slot");
  EXPECT_EQ(error_path(b.chip, {{"command_access", {{"commands", {{{"code", "0x03"}}}}}}}),
            "$.state.command_access.commands[0].code");
  EXPECT_EQ(error_path(b.chip, {{"command_access", {{"commands", {{{"code", "0x1F"}}}}}}}),
            "$.state.command_access.commands[0].ext_code");
  EXPECT_EQ(error_path(b.chip, {{"command_access", {{"commands", {{{"code", "0x1F"}, {"ext_code", "0x1B"}}}}}}}),
            "$.state.command_access.commands[0].code");
  EXPECT_EQ(error_path(b.chip, {{"command_access", {{"commands", {{{"code", "0x09"}, {"ext_code", "0x00"}}}}}}}),
            "$.state.command_access.commands[0].ext_code");
  EXPECT_EQ(error_path(b.chip, {{"command_access", {{"commands", {{{"code", "0x09"}, {"access", "admin_or_host"}}}}}}}),
            "$.state.command_access.commands[0].access");
  EXPECT_EQ(error_path(b.chip, {{"command_access", {{"commands", {{{"code", "0x09"}}, {{"code", "0x09"}}}}}}}),
            "$.state.command_access.commands[1].code");
  EXPECT_EQ(error_path(b.chip, {{"command_access", {{"change_rights", {{"ac", true}}}}}}),
            "$.state.command_access.change_rights.ac");
  EXPECT_EQ(error_path(b.chip, nlohmann::json::array()), "$.state");
  EXPECT_EQ(b.chip.save_state(), saved);
}

std::unique_ptr<Bench> bench(const std::string& name) {
  return Bench::from_file(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/" + name);
}

TEST(StsafeFixtures, DefaultBenchIsAFactoryPersonalisedChipAt0x20) {
  auto b = bench("default.json");
  EXPECT_EQ(b->bus().rate_hz(), 400000u);
  auto* chip = b->first<Stsafe>();
  ASSERT_NE(chip, nullptr);
  EXPECT_EQ(b->bus().target_at(0x20), chip);
  State personalised = factory_state();
  personalise(personalised);
  EXPECT_EQ(chip->state(), personalised);
  EXPECT_EQ(Bench::make_default()->first<Stsafe>()->state(), personalised) << "default.json = the built-in bench";
  EXPECT_EQ(bench("stsafe-blank.json")->first<Stsafe>()->state(), factory_state());
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

// Fact sheet 7.4: the table the EX AC provisioning example leaves (its one-time puts spent).
TEST(StsafeFixtures, RecommendedAccessConditions) {
  auto b = bench("stsafe-recommended-ac.json");
  const CommandAccessTable& t = b->first<Stsafe>()->state().command_access;
  EXPECT_EQ(t.change_rights, 0x00);
  const struct {
    uint8_t code;
    std::optional<uint8_t> ext;
    uint8_t flags;
  } protected_commands[] = {{0x0E, {}, 0x02},   {0x0F, {}, 0x01},   {0x18, {}, 0x01},   {0x1B, {}, 0x02},
                            {0x1C, {}, 0x01},   {0x1F, 0x11, 0x02}, {0x1F, 0x12, 0x02}, {0x1F, 0x13, 0x02},
                            {0x1F, 0x14, 0x01}, {0x1F, 0x15, 0x01}, {0x1F, 0x16, 0x01}, {0x08, {}, 0x00}};
  size_t host = 0;
  for (const CommandAuthorization& r : t.records) {
    if (r.access == AccessCondition::kHost) ++host;
    if (r.access != AccessCondition::kHost) {
      EXPECT_EQ(r.access, AccessCondition::kFree);
      EXPECT_EQ(r.encryption_flags, 0x00);
    }
  }
  EXPECT_EQ(host, std::size(protected_commands));
  for (const auto& p : protected_commands) {
    const CommandAuthorization* r = t.find(p.code, p.ext);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->access, AccessCondition::kHost) << int(p.code);
    EXPECT_EQ(r->encryption_flags, p.flags) << int(p.code);
  }
  EXPECT_EQ(t.find(0x1F, 0x00)->access, AccessCondition::kFree) << "start hash stays FREE (fact sheet 3.1)";
}

// Fact sheet 7.2 / 7.3 after step 4, on a chip with the test host keys.
TEST(StsafeFixtures, SymmetricKeys) {
  auto b = bench("stsafe-symmetric-keys.json");
  const State& s = b->first<Stsafe>()->state();
  EXPECT_EQ(s.symmetric_keys[3].info.encode(), hex("00 03 00 01 00 03 02"));
  EXPECT_EQ(s.symmetric_keys[3].key, std::vector<uint8_t>(16, 0x5A));
  EXPECT_EQ(s.symmetric_keys[5].info.encode(), hex("00 05 01 00 00 0C 04 00"));
  EXPECT_EQ(s.symmetric_keys[5].key, std::vector<uint8_t>(32, 0x5A));
  EXPECT_EQ(s.symmetric_key_control[3].encode(), (std::array<uint8_t, 3>{0x02, 0xFF, 0xFF}));
  EXPECT_EQ(s.symmetric_key_control[5].encode(), (std::array<uint8_t, 3>{0x02, 0xFF, 0xFF}));
  EXPECT_TRUE(s.host_key.present);
  // 7.2 step 6 answers as published.
  ASSERT_EQ(b->bus().write(0x20, hex("09 03 03 04 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F B7 9E")),
            BusOutcome::kAck);
  b->scheduler().advance_by(100 * kMillisecond);
  std::vector<uint8_t> r(9);
  ASSERT_EQ(b->bus().read(0x20, r), BusOutcome::kAck);
  EXPECT_EQ(r, hex("00 00 06 BE 4C A3 F2 F2 76"));
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
