// ATECC608A configuration profiles: every refusal names its JSON path and problem, the committed
// profiles give the config images of fact sheet B7.3/B7.6/B7.7, and a profile's image written to
// the model locks with its CRC, as the factory flow will do it.
#include "tools/keybench/atecc_profile.h"
#include "tests/test_paths.h"

#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "simulator/files/atomic_file.h"
#include "simulator/fixture/hex.h"
#include "simulator/fixture/json_view.h"
#include "tests/unit/simulator/atecc608a/atecc_harness.h"
#include "tests/unit/simulator/atecc608a/bench_driver.h"

namespace kb::tools {
namespace {

using sim::FixtureError;
using sim::atecc608a::test_support::AteccOnBus;
using sim::atecc608a::test_support::data_address;
using sim::atecc608a::test_support::hex;
using sim::atecc608a::test_support::reference_crc;

std::string profile_path(const std::string& name) {
  return std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/atecc-profiles/" + name;
}
nlohmann::json profile_json(const std::string& name) {
  return sim::load_json_file(profile_path(name));
}

std::string problem(const nlohmann::json& j) {
  try {
    parse_atecc_profile(j, "p.json");
  } catch (const FixtureError& e) {
    return e.path() + ": " + e.problem();
  }
  return "accepted";
}

std::vector<uint8_t> bytes(const fw::AteccConfigProfile& p, size_t from, size_t to) {
  return {p.config.begin() + static_cast<std::ptrdiff_t>(from), p.config.begin() + static_cast<std::ptrdiff_t>(to)};
}

struct Refusal {
  const char* what;
  std::function<void(nlohmann::json&)> change;
  const char* path;
  const char* says;
};

TEST(AteccProfile, EveryRefusalNamesThePathAndTheProblem) {
  const std::vector<Refusal> refusals = {
      {"format version", [](auto& j) { j["format"] = "keybench-atecc-profile/2"; }, "$.format",
       "keybench-atecc-profile/1"},
      {"no format", [](auto& j) { j.erase("format"); }, "$.format", "missing"},
      {"unknown top-level key", [](auto& j) { j["lock_data"] = true; }, "$.lock_data", "unknown key"},
      {"unknown config key", [](auto& j) { j["config"]["chipmode"] = "0x00"; }, "$.config.chipmode", "unknown key"},
      {"missing field", [](auto& j) { j["config"].erase("chip_mode"); }, "$.config.chip_mode", "missing"},
      {"LockConfig", [](auto& j) { j["config"]["lock_config"] = "0x00"; }, "$.config.lock_config", "only through Lock"},
      {"LockValue", [](auto& j) { j["config"]["lock_value"] = "0x00"; }, "$.config.lock_value", "lock_data_zone"},
      {"serial number", [](auto& j) { j["config"]["serial_number"] = "0x00"; }, "$.config.serial_number",
       "programmed by Microchip"},
      {"RevNum", [](auto& j) { j["config"]["rev_num"] = "0x00"; }, "$.config.rev_num", "bytes 4-7"},
      {"I2C_Enable", [](auto& j) { j["config"]["i2c_enable"] = "0x01"; }, "$.config.i2c_enable", "byte 14"},
      {"UserExtra", [](auto& j) { j["config"]["user_extra"] = "0x00"; }, "$.config.user_extra", "UpdateExtra"},
      {"UserExtraAdd", [](auto& j) { j["config"]["user_extra_add"] = "0x00"; }, "$.config.user_extra_add", "byte 85"},
      {"short byte", [](auto& j) { j["config"]["chip_mode"] = "0x0"; }, "$.config.chip_mode", "2 hex digits"},
      {"long byte", [](auto& j) { j["config"]["count_match"] = "0x000"; }, "$.config.count_match", "2 hex digits"},
      {"number for a byte", [](auto& j) { j["config"]["use_lock"] = 0; }, "$.config.use_lock", "expected a string"},
      {"short word", [](auto& j) { j["config"]["secure_boot"] = "0x00"; }, "$.config.secure_boot", "4 hex digits"},
      {"not hex", [](auto& j) { j["config"]["slots"][5]["slot_config"] = "0xZZ00"; }, "$.config.slots[5].slot_config",
       "4 hex digits"},
      {"no prefix", [](auto& j) { j["config"]["kdf_iv_str"] = "000000"; }, "$.config.kdf_iv_str", "\"0x\""},
      {"15 slots", [](auto& j) { j["config"]["slots"].erase(15); }, "$.config.slots", "expected 16 entries"},
      {"slot order", [](auto& j) { j["config"]["slots"][3]["slot"] = 4; }, "$.config.slots[3].slot",
       "must describe slot 3"},
      {"unknown slot key", [](auto& j) { j["config"]["slots"][3]["read_key"] = "0x7"; }, "$.config.slots[3].read_key",
       "unknown key"},
      {"KeyConfig RFU bit", [](auto& j) { j["config"]["slots"][0]["key_config"] = "0x2013"; },
       "$.config.slots[0].key_config", "bit 13"},
      {"one counter", [](auto& j) { j["config"]["counters"] = {0}; }, "$.config.counters", "expected 2 values"},
      {"counter range",
       [](auto& j) {
         j["config"]["counters"] = {2097152, 0};
       },
       "$.config.counters[0]", "maximum 2097151"},
      {"X509format length", [](auto& j) { j["config"]["x509_format"].erase(0); }, "$.config.x509_format",
       "expected 4 bytes"},
      {"odd I2C address", [](auto& j) { j["config"]["i2c_address"] = "0xC1"; }, "$.config.i2c_address", "even"},
      {"reserved I2C address", [](auto& j) { j["config"]["i2c_address"] = "0x02"; }, "$.config.i2c_address",
       "0x08..0x77"},
      {"GenKey on a public-key slot", [](auto& j) { j["generate_keys"] = {9}; }, "$.generate_keys[0]",
       "KeyConfig 0x0010, not a P-256 private key"},
      {"GenKey twice",
       [](auto& j) {
         j["generate_keys"] = {0, 0};
       },
       "$.generate_keys[1]", "listed twice"},
      {"GenKey slot 16", [](auto& j) { j["generate_keys"] = {16}; }, "$.generate_keys[0]", "maximum 15"},
      {"lock flag", [](auto& j) { j["lock_data_zone"] = "yes"; }, "$.lock_data_zone", "true or false"},
      {"not an object", [](auto& j) { j["config"] = nlohmann::json::array(); }, "$.config", "object"},
  };
  const nlohmann::json good = profile_json("mbed-crypto-example.json");
  ASSERT_EQ(problem(good), "accepted");
  for (const auto& r : refusals) {
    nlohmann::json j = good;
    r.change(j);
    const std::string got = problem(j);
    EXPECT_EQ(got.substr(0, got.find(": ")), r.path) << r.what << ": " << got;
    EXPECT_NE(got.find(r.says), std::string::npos) << r.what << ": " << got;
  }
}

TEST(AteccProfile, FileErrorsNameTheFile) {
  const std::string dir = testing::TempDir() + "atecc-profile-test";
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/duplicate.json";
  sim::files::write_file_atomically(path, R"({"format": "keybench-atecc-profile/1", "format": "x"})",
                                    sim::files::Privacy::kShared);
  try {
    load_atecc_profile(path);
    ADD_FAILURE() << "a duplicate key was accepted";
  } catch (const FixtureError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(e.path(), "$.format");
    EXPECT_NE(e.problem().find("twice"), std::string::npos) << e.problem();
  }
  try {
    load_atecc_profile(dir);
    ADD_FAILURE() << "a directory was read as a profile";
  } catch (const FixtureError& e) {
    EXPECT_EQ(e.file(), dir);
    EXPECT_NE(e.problem().find("directory"), std::string::npos) << e.problem();
  }
  std::filesystem::remove_all(dir);
}

TEST(AteccProfile, MbedCryptoExampleImage) {
  const fw::AteccConfigProfile p = load_atecc_profile(profile_path("mbed-crypto-example.json"));
  EXPECT_EQ(bytes(p, 0, 16), std::vector<uint8_t>(16, 0)) << "factory bytes come from the chip";
  EXPECT_EQ(bytes(p, 84, 88), std::vector<uint8_t>(4, 0)) << "UserExtra and the lock bytes come from the chip";
  EXPECT_EQ(bytes(p, 16, 20), hex("C0 00 00 00")) << "address C0; 508A OTPmode 0x55 not carried to CountMatch";
  // The example's SlotConfig and KeyConfig tables, little-endian (B7.3: "87 20" is SlotConfig
  // 0x2087, "13 00" KeyConfig 0x0013).
  EXPECT_EQ(bytes(p, 20, 52), hex("8720 8720 8720 8720 8720 8720 8F20 8720 0000 0000 0000 0000 0000 0000 0000 A720"));
  EXPECT_EQ(bytes(p, 96, 128), hex("1300 1300 1300 1300 1300 1300 1300 1F00 1C00 1000 1000 1000 1000 1000 1000 1300"));
  EXPECT_EQ(bytes(p, 52, 68), hex("FFFFFFFF 00000000 FFFFFFFF 00000000")) << "counters at 0 (B7.6)";
  EXPECT_EQ(bytes(p, 68, 84), std::vector<uint8_t>(16, 0)) << "508A LastKeyUse 0xFF not carried to the 608A fields";
  EXPECT_EQ(bytes(p, 88, 96), hex("FFFF 0000 00000000")) << "no slot locked, ChipOptions and X509format 0";
  std::array<bool, 16> slot0{};
  slot0[0] = true;
  EXPECT_EQ(p.generate_key, slot0);
  EXPECT_TRUE(p.lock_data_zone);
}

TEST(AteccProfile, TrustflexLikeImage) {
  const fw::AteccConfigProfile p = load_atecc_profile(profile_path("trustflex-like.json"));
  EXPECT_EQ(bytes(p, 16, 20), hex("C0 00 00 01")) << "ChipMode bit 0: UserExtraAdd may move the address (B7.7)";
  // Slots 0 and 1 without the GenKey bit (permanent), 2-4 with it (B7.3 bit 13), slot 1 internal
  // Sign only (ReadKey bit 1).
  EXPECT_EQ(bytes(p, 20, 30), hex("8500 8200 8520 8520 8520"));
  EXPECT_EQ(bytes(p, 96, 106), hex("1300 1300 1300 1300 1300"));
  EXPECT_EQ(bytes(p, 116, 118), hex("1C00")) << "slot 10 holds the device certificate";
  EXPECT_EQ(bytes(p, 120, 122), hex("1C00")) << "slot 12 holds the signer certificate";
  std::array<bool, 16> generated{};
  generated[0] = generated[1] = true;
  EXPECT_EQ(p.generate_key, generated);
  EXPECT_TRUE(p.lock_data_zone);
}

TEST(AteccProfile, CountersAreEncodedAsFactSheetB76) {
  nlohmann::json j = profile_json("mbed-crypto-example.json");
  j["config"]["counters"] = {100, 15};
  const fw::AteccConfigProfile p = parse_atecc_profile(j, "p.json");
  // 100: lin_a 0xFFFF >> 4, lin_b 0xFFFF >> 20 = 0, bin_a 3, bin_b 84 / 32 = 2.
  EXPECT_EQ(bytes(p, 52, 60), hex("0FFF 0000 0003 0002"));
  // 15: lin_a 0xFFFF >> 15, lin_b 0xFFFF (v < 16), bin_a 0, bin_b 0.
  EXPECT_EQ(bytes(p, 60, 68), hex("0001 FFFF 0000 0000"));
}

// The factory flow's config steps on the model: Write every 4-byte word the profile owns, check
// the zone, Lock with the CRC of the image the profile predicts, GenKey, lock the data zone.
class AteccProfileOnTheModel : public testing::Test {
 protected:
  // 28 Writes outlast one watchdog period (B5.7), so each command runs in its own wake...idle
  // cycle, as cryptoauthlib runs them.
  AteccProfileOnTheModel() { b.cycle_each_command = true; }

  void write_and_lock_config(const fw::AteccConfigProfile& p) {
    ASSERT_EQ(b.wake().size(), 4u);
    const std::vector<uint8_t> before = sim::atecc608a::test_support::read_config(b);
    ASSERT_EQ(before.size(), 128u);
    for (size_t at = 16; at < 128; at += 4) {
      if (!fw::atecc_factory_writes_config_byte(at)) continue;
      const std::vector<uint8_t> word(p.config.begin() + static_cast<std::ptrdiff_t>(at),
                                      p.config.begin() + static_cast<std::ptrdiff_t>(at + 4));
      ASSERT_EQ(sim::atecc608a::test_support::write_config_word(b, at, word), 0x00) << "config byte " << at;
    }
    const auto expected = fw::atecc_config_after_writes(p, std::span<const uint8_t, 128>(before.data(), 128));
    EXPECT_EQ(sim::atecc608a::test_support::read_config(b), std::vector<uint8_t>(expected.begin(), expected.end()));
    EXPECT_EQ(b.status_of(0x17, 0x00, reference_crc(expected)), 0x00) << "config lock with the predicted CRC";
  }
  void generate_and_lock_data(const fw::AteccConfigProfile& p) {
    for (uint16_t slot = 0; slot < 16; ++slot) {
      if (!p.generate_key[slot]) continue;
      EXPECT_EQ(b.payload(0x40, 0x04, slot).size(), 64u) << "GenKey slot " << slot;
      EXPECT_EQ(b.payload(0x30, 0x01, slot), hex("01 00 00 00")) << "KeyValid slot " << slot;
    }
    if (p.lock_data_zone) {
      EXPECT_EQ(b.status_of(0x17, 0x81, 0), 0x00);
    }
  }
  void priv_write(uint16_t slot, const std::vector<uint8_t>& scalar) {
    std::vector<uint8_t> data(68, 0x00);
    for (size_t i = 0; i < scalar.size(); ++i) data[4 + i] = scalar[i];
    EXPECT_EQ(b.status_of(0x46, 0x00, slot, data), 0x00) << "PrivWrite slot " << slot;
  }
  // The chip's zones against a committed fixture's: the fixture is what this sequence makes.
  void expect_fixture(const std::string& name) {
    sim::atecc608a::test_support::AteccOnBench fixture(name);
    const sim::atecc608a::EepromImage want = fixture.chip.image();
    const sim::atecc608a::EepromImage got = b.chip.image();
    EXPECT_EQ(sim::to_hex(got.config), sim::to_hex(want.config)) << name;
    EXPECT_EQ(got.data, want.data) << name;
    EXPECT_EQ(got.otp, want.otp) << name;
  }

  AteccOnBus b;
};

const std::vector<uint8_t> kRfc6979Private = hex("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721");
const std::vector<uint8_t> kRfc5903Private = hex("C88F01F510D9AC3F70A292DAA2316DE544E9AAB8AFE84049C62A9C57862D1433");

TEST_F(AteccProfileOnTheModel, MbedCryptoExampleWritesLocksAndGenerates) {
  const fw::AteccConfigProfile p = load_atecc_profile(profile_path("mbed-crypto-example.json"));
  write_and_lock_config(p);
  generate_and_lock_data(p);
  EXPECT_EQ(sim::atecc608a::test_support::write_config_word(b, 16, hex("C2 00 00 00")), 0x0F)
      << "the config zone is read-only once locked";
  EXPECT_EQ(b.payload(0x40, 0x04, 2).size(), 64u) << "slot 2 takes the example's generated key";
}

TEST_F(AteccProfileOnTheModel, TrustflexLikeWritesLocksAndGenerates) {
  const fw::AteccConfigProfile p = load_atecc_profile(profile_path("trustflex-like.json"));
  write_and_lock_config(p);
  generate_and_lock_data(p);
  EXPECT_EQ(b.status_of(0x40, 0x04, 0), 0x0F) << "slot 0 is permanent once the data zone is locked";
  EXPECT_EQ(b.payload(0x40, 0x04, 2).size(), 64u) << "slot 2 stays regenerable";
}

TEST_F(AteccProfileOnTheModel, MbedExampleFixtureIsTheProfileWithAFactoryKey) {
  fw::AteccConfigProfile p = load_atecc_profile(profile_path("mbed-crypto-example.json"));
  write_and_lock_config(p);
  priv_write(0, kRfc6979Private);
  // Slot 9 gets slot 0's public key in the padded layout (B7.4), as three 32-byte clear writes.
  const std::vector<uint8_t> xy = b.payload(0x40, 0x00, 0);
  ASSERT_EQ(xy.size(), 64u);
  std::vector<uint8_t> slot9(96, 0x00);
  for (size_t i = 0; i < 32; ++i) {
    slot9[4 + i] = xy[i];
    slot9[40 + i] = xy[32 + i];
  }
  for (size_t block = 0; block < 3; ++block) {
    const std::vector<uint8_t> chunk(slot9.begin() + static_cast<std::ptrdiff_t>(32 * block),
                                     slot9.begin() + static_cast<std::ptrdiff_t>(32 * block + 32));
    EXPECT_EQ(b.status_of(0x12, 0x82, data_address(9, block), chunk), 0x00);
  }
  EXPECT_EQ(b.status_of(0x17, 0x81, 0), 0x00);
  expect_fixture("atecc608a-mbed-example.json");
}

TEST_F(AteccProfileOnTheModel, DataLockedEmptyFixtureIsTheProfileWithoutKeys) {
  write_and_lock_config(load_atecc_profile(profile_path("mbed-crypto-example.json")));
  EXPECT_EQ(b.status_of(0x17, 0x81, 0), 0x00);
  expect_fixture("atecc608a-data-locked-empty.json");
}

TEST_F(AteccProfileOnTheModel, TrustflexFixtureIsTheProfileWithFactoryKeys) {
  write_and_lock_config(load_atecc_profile(profile_path("trustflex-like.json")));
  priv_write(0, kRfc6979Private);
  priv_write(1, kRfc5903Private);
  EXPECT_EQ(b.status_of(0x17, 0x81, 0), 0x00);
  expect_fixture("atecc608a-trustflex.json");
}

TEST_F(AteccProfileOnTheModel, Slot0LockedFixtureIsALockableSlot0LockedByLock) {
  nlohmann::json j = profile_json("mbed-crypto-example.json");
  j["config"]["slots"][0]["key_config"] = "0x0033";  // Lockable (B7.3 bit 5)
  write_and_lock_config(parse_atecc_profile(j, "lockable.json"));
  priv_write(0, kRfc6979Private);
  EXPECT_EQ(b.status_of(0x17, 0x81, 0), 0x00);
  EXPECT_EQ(b.status_of(0x17, 0x02 | 0 << 2, 0), 0x00) << "single-slot lock of slot 0 (B7.5)";
  expect_fixture("atecc608a-slot0-locked.json");
}

}  // namespace
}  // namespace kb::tools
