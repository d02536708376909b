// The ATECC608A factory flow on the simulated platform the CLI builds: a factory-fresh chip ends
// configured, locked and holding a key; a second run recognises it; a chip locked differently is
// refused; and a power cut at any EEPROM word of the flow leaves a chip the re-run completes.
#include <gtest/gtest.h>

#include <string>

#include "firmware/atecc_configure_and_lock/atecc_configure_and_lock.h"
#include "simulator/atecc608a/atecc608a.h"
#include "simulator/atecc608a/eeprom.h"
#include "tests/flows/flow_fixture.h"

namespace kb::test {
namespace {

using sim::atecc608a::Atecc608a;

// The factory image with slot 0 as a P-256 key GenKey creates (SlotConfig 87 20: ReadKey 7,
// IsSecret, GenKey allowed; KeyConfig 33 00: Private, PubInfo, P-256, Lockable) and slot 9 as a
// clear data slot (fact sheet B7.3).
fw::AteccConfigProfile test_profile() {
  fw::AteccConfigProfile p;
  const auto factory = sim::atecc608a::factory_image().config;
  for (size_t i = 0; i < p.config.size(); ++i) p.config[i] = factory[i];
  p.config[20] = 0x87;
  p.config[21] = 0x20;
  p.config[96] = 0x33;
  p.config[97] = 0x00;
  p.config[114] = 0x3C;
  p.generate_key[0] = true;
  p.lock_data_zone = true;
  return p;
}

core::Status run(SimRun& r, const fw::AteccConfigProfile& profile) {
  fw::AteccConfigureAndLockOptions o;
  o.profile = profile;
  o.profile_name = "test";
  return fw::run_atecc_configure_and_lock(r.target->platform(), o);
}

Atecc608a& chip(SimRun& r) {
  return *r.bench().first<Atecc608a>();
}

bool provisioned(SimRun& r, const fw::AteccConfigProfile& profile) {
  const auto& e = chip(r).eeprom();
  if (!e.config_locked() || !e.data_locked()) return false;
  for (size_t i = 0; i < 128; ++i) {
    if (fw::atecc_profile_compares_byte(i) && e.config()[i] != profile.config[i]) return false;
  }
  // The private key: 4 zero bytes then a non-zero scalar.
  const auto slot0 = e.slot(0);
  bool nonzero = false;
  for (size_t i = 4; i < 36; ++i) nonzero = nonzero || slot0[i] != 0;
  return nonzero;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(AteccConfigureAndLockFlow, ProvisionsAFactoryChipAndRecognisesItAfterwards) {
  SimRun r("atecc608a-factory.json");
  const auto profile = test_profile();
  ASSERT_TRUE(run(r, profile).ok()) << r.console.text();
  EXPECT_TRUE(provisioned(r, profile));
  const std::string first = r.console.text();
  EXPECT_NE(first.find("Config zone lock : PASS"), std::string::npos);
  EXPECT_NE(first.find("Data zone lock : PASS"), std::string::npos);
  const size_t key_at = first.find("Public key of slot 0");
  ASSERT_NE(key_at, std::string::npos);
  const std::string key = first.substr(key_at, first.find("\n\n", first.find(":\n\n", key_at) + 3) - key_at);

  r.console.clear();
  const auto before = r.bench().save_state();
  ASSERT_TRUE(run(r, profile).ok()) << r.console.text();
  const std::string second = r.console.text();
  EXPECT_NE(second.find("already locked with this profile"), std::string::npos) << second;
  EXPECT_NE(second.find("Slot 0 already holds a key"), std::string::npos) << second;
  EXPECT_NE(second.find(key), std::string::npos) << "the second run prints the same public key";
  EXPECT_EQ(r.bench().save_state()["devices"], before["devices"]) << "a second run writes nothing";
}

TEST(AteccConfigureAndLockFlow, RefusesAChipLockedWithAnotherConfiguration) {
  SimRun r("atecc608a-factory.json");
  auto other = test_profile();
  other.config[21] = 0x00;  // slot 0: GenKey not allowed after the lock
  other.lock_data_zone = false;
  ASSERT_TRUE(run(r, other).ok()) << r.console.text();
  r.console.clear();
  const core::Status s = run(r, test_profile());
  EXPECT_EQ(s.code(), core::Code::kRefused);
  EXPECT_NE(r.console.text().find("config byte 21 is 0x00, the profile wants 0x20"), std::string::npos)
      << r.console.text();
  EXPECT_EQ(r.console.text().find("atecc_configure_and_lock : PASS"), std::string::npos)
      << "no PASS for a refused chip";
}

TEST(AteccConfigureAndLockFlow, RefusesADataZoneLockedWithoutTheKey) {
  SimRun r("atecc608a-factory.json");
  auto no_key = test_profile();
  no_key.generate_key[0] = false;
  no_key.config[21] = 0x00;  // and GenKey is not allowed after the data lock
  ASSERT_TRUE(run(r, no_key).ok()) << r.console.text();
  r.console.clear();
  auto wants_key = no_key;
  wants_key.generate_key[0] = true;
  EXPECT_EQ(run(r, wants_key).code(), core::Code::kRefused);
  EXPECT_NE(r.console.text().find("slot 0 holds no key it can create"), std::string::npos) << r.console.text();
}

// A cut at every EEPROM word the clean run programs: the cut run never reports PASS unless the
// chip is provisioned, and a re-run after the power comes back completes the chip.
TEST(AteccConfigureAndLockFlow, EveryPowerCutIsCompletedByTheRerun) {
  const auto profile = test_profile();
  uint64_t words = 0;
  {
    SimRun clean("atecc608a-factory.json");
    const uint64_t start = chip(clean).nvm().words_programmed();
    ASSERT_TRUE(run(clean, profile).ok());
    words = chip(clean).nvm().words_programmed() - start;
  }
  ASSERT_GT(words, 30u) << "the flow writes the config, a key and two locks";
  for (uint64_t k = 0; k < words; ++k) {
    SimRun r("atecc608a-factory.json");
    chip(r).nvm().arm_power_cut_after_words(k);
    const core::Status cut = run(r, profile);
    ASSERT_TRUE(chip(r).nvm().power_cut_fired()) << "cut " << k;
    if (cut.ok()) {
      EXPECT_TRUE(provisioned(r, profile)) << "PASS on an unprovisioned chip, cut " << k;
    } else {
      EXPECT_EQ(count(r.console.text(), "atecc_configure_and_lock : PASS"), 0u) << "cut " << k;
    }
    r.bench().power_cycle();
    r.console.clear();
    ASSERT_TRUE(run(r, profile).ok()) << "cut " << k << "\n" << r.console.text();
    EXPECT_TRUE(provisioned(r, profile)) << "cut " << k;
  }
}

}  // namespace
}  // namespace kb::test
