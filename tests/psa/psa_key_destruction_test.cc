// firmware/psa_key_destruction on a device the factory application provisioned, on both chips:
// psa_destroy_key of the factory key 16 (the pre-provisioned key of the chip's reserved slot 0)
// removes the PSA key and its key file and leaves the chip's key as it was; registering slot 0
// again (mbedtls_psa_register_se_key, the factory application's attributes) brings back a key 16
// that signs with the same public key. Destroying key 18 wipes its slot instead.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <psa/crypto.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "firmware/factory_provisioning/factory_provisioning.h"
#include "firmware/psa_application_boot/psa_application_boot.h"
#include "tests/test_paths.h"
#include "tools/campaign/campaign_target.h"
#include "tools/campaign/psa/campaign_chip.h"
#include "tools/campaign/psa/cut_run.h"
#include "tools/campaign/psa/key_store_view.h"
#include "tools/campaign/psa/psa_applications.h"

namespace kb::tools::campaign::psa {
namespace {

using ::testing::HasSubstr;

constexpr uint64_t kSeed = 1;
constexpr psa_key_id_t kFactoryKey = static_cast<psa_key_id_t>(fw::kFactoryKeyId);
constexpr psa_key_id_t kGeneratedKey = static_cast<psa_key_id_t>(fw::kGeneratedKeyId);

struct ChipCase {
  const char* name;
  Chip chip;
  const char* fixture;
};
const ChipCase kChips[] = {
    {"atecc608a", Chip::kAtecc608a, "atecc608a-psa-factory.json"},
    {"stsafe_a120", Chip::kStsafeA120, "stsafe-psa-factory.json"},
};

class PsaKeyDestruction : public ::testing::TestWithParam<ChipCase> {
 protected:
  // A bench the factory application provisioned, powered off and on, and what a boot found there.
  void SetUp() override {
    bench_ =
        BenchRecipe::from_file(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/" + GetParam().fixture).make();
    const CutRun factory = run_with_cut(*bench_, kSeed, std::nullopt, factory_application(chip()));
    ASSERT_TRUE(factory.host.ok()) << factory.console;
    bench_->power_cycle();
    provisioned_ = boot_on(*bench_, chip(), false, kSeed);
    ASSERT_TRUE(provisioned_.passed());
    ASSERT_TRUE(provisioned_.keys[0].verified);
    ASSERT_TRUE(provisioned_.keys[1].verified);
    slots_ = key_slots(*bench_, chip());
  }
  Chip chip() const { return GetParam().chip; }
  CutRun destroy(psa_key_id_t id) {
    CutRun run = run_with_cut(*bench_, kSeed, std::nullopt, destruction_application(chip(), false, id));
    bench_->power_cycle();
    return run;
  }
  KeyStoreView store() { return read_key_store(mcu_flash(*bench_).nvm(), chip()); }
  static bool marked(const KeyStoreView& s, unsigned slot) {
    return s.driver_used_slots && ((*s.driver_used_slots >> slot) & 1u) != 0;
  }

  std::unique_ptr<sim::Bench> bench_;
  fw::PsaApplicationBoot provisioned_;
  std::vector<std::vector<uint8_t>> slots_;
};

TEST_P(PsaKeyDestruction, TheFactoryKeyGoesFromPsaAndStaysOnTheChip) {
  const CutRun run = destroy(kFactoryKey);
  ASSERT_TRUE(run.host.ok()) << run.console;
  EXPECT_THAT(run.console, HasSubstr("\tDestroying key 16... done.\nKey 16 destroyed\n"));
  // Only the ITS is written: the record, the driver data, the key file's removal. The chip's
  // reserved slot is never written.
  ASSERT_GT(run.writes, 0u);
  for (const std::string& w : run.trace) EXPECT_EQ(w.rfind("mcu-flash ", 0), 0u) << w;

  const KeyStoreView s = store();
  EXPECT_FALSE(s.record.has_value());
  EXPECT_EQ(s.key_files.count(kFactoryKey), 0u) << "the key file of key 16 is removed";
  EXPECT_EQ(s.key_files.count(kGeneratedKey), 1u);
  EXPECT_FALSE(marked(s, fw::kFactoryKeySlot)) << "the driver data frees slot 0";
  EXPECT_TRUE(marked(s, fw::kGeneratedKeySlot));
  const std::vector<std::vector<uint8_t>> now = key_slots(*bench_, chip());
  EXPECT_EQ(now[fw::kFactoryKeySlot], slots_[fw::kFactoryKeySlot]) << "the chip's factory key was touched";
  EXPECT_EQ(now[fw::kGeneratedKeySlot], slots_[fw::kGeneratedKeySlot]);

  const fw::PsaApplicationBoot boot = boot_on(*bench_, chip(), false, kSeed);
  EXPECT_TRUE(boot.passed());
  EXPECT_FALSE(boot.keys[0].exists);
  EXPECT_TRUE(boot.keys[1].verified);
  EXPECT_EQ(boot.keys[1].public_key, provisioned_.keys[1].public_key);

  // A second destruction finds nothing to destroy and says so.
  const CutRun again = destroy(kFactoryKey);
  EXPECT_TRUE(again.host.ok()) << again.console;
  EXPECT_THAT(again.console, HasSubstr("\tDestroying key 16... absent already.\n"));
}

TEST_P(PsaKeyDestruction, RegisteringSlotZeroAgainSignsWithTheSamePublicKey) {
  ASSERT_TRUE(destroy(kFactoryKey).host.ok());
  const fw::PsaApplicationBoot again = boot_on(*bench_, chip(), false, kSeed, /*register_factory_key=*/true);
  EXPECT_TRUE(again.reregistered);
  EXPECT_EQ(again.reregister_status, PSA_SUCCESS);
  EXPECT_TRUE(again.passed());
  EXPECT_TRUE(again.keys[0].verified) << again.keys[0].failed_call;
  EXPECT_EQ(again.keys[0].public_key, provisioned_.keys[0].public_key);
  EXPECT_TRUE(again.keys[1].verified);
  bench_->power_cycle();
  const KeyStoreView s = store();
  EXPECT_EQ(s.key_files.count(kFactoryKey), 1u);
  EXPECT_TRUE(marked(s, fw::kFactoryKeySlot));
  EXPECT_EQ(key_slots(*bench_, chip())[fw::kFactoryKeySlot], slots_[fw::kFactoryKeySlot]);

  // The registration is stored: a plain boot finds key 16 and registers nothing.
  const fw::PsaApplicationBoot later = boot_on(*bench_, chip(), false, kSeed, true);
  EXPECT_FALSE(later.reregistered);
  EXPECT_TRUE(later.keys[0].verified);
  EXPECT_EQ(later.keys[0].public_key, provisioned_.keys[0].public_key);
}

TEST_P(PsaKeyDestruction, TheFactoryApplicationRunAgainRegistersTheFactoryKeyWithItsPublicKey) {
  ASSERT_TRUE(destroy(kFactoryKey).host.ok());
  // Key 16's file is gone, so the application erases the store and provisions again (a new key 18).
  const CutRun rerun = run_with_cut(*bench_, kSeed, std::nullopt, factory_application(chip()));
  ASSERT_TRUE(rerun.host.ok()) << rerun.console;
  EXPECT_THAT(rerun.console, HasSubstr("\tRegistering factory-created keys... done.\n"));
  bench_->power_cycle();
  const fw::PsaApplicationBoot boot = boot_on(*bench_, chip(), false, kSeed);
  EXPECT_TRUE(boot.keys[0].verified);
  EXPECT_EQ(boot.keys[0].public_key, provisioned_.keys[0].public_key);
  EXPECT_TRUE(boot.keys[1].verified);
}

TEST_P(PsaKeyDestruction, TheGeneratedKeyIsWipedOnTheChipUnlikeTheFactoryKey) {
  const CutRun run = destroy(kGeneratedKey);
  ASSERT_TRUE(run.host.ok()) << run.console;
  const KeyStoreView s = store();
  EXPECT_EQ(s.key_files.count(kGeneratedKey), 0u);
  EXPECT_FALSE(marked(s, fw::kGeneratedKeySlot));
  const std::vector<std::vector<uint8_t>> now = key_slots(*bench_, chip());
  EXPECT_NE(now[fw::kGeneratedKeySlot], slots_[fw::kGeneratedKeySlot]) << "p_destroy left key 18 on the chip";
  EXPECT_EQ(now[fw::kFactoryKeySlot], slots_[fw::kFactoryKeySlot]);
  const fw::PsaApplicationBoot boot = boot_on(*bench_, chip(), false, kSeed);
  EXPECT_TRUE(boot.keys[0].verified);
  EXPECT_FALSE(boot.keys[1].exists);
}

INSTANTIATE_TEST_SUITE_P(Chips, PsaKeyDestruction, ::testing::ValuesIn(kChips),
                         [](const ::testing::TestParamInfo<ChipCase>& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace kb::tools::campaign::psa
