// keybench campaign factory-provisioning: the factory application on Mbed TLS 2.28 cut before every
// write to the MCU flash that holds ITS and to the ATECC608A's EEPROM, then an application boot on
// stock Mbed TLS and one with kb_psa_recover(), and the flow re-run. Stock Mbed TLS fails
// psa_crypto_init (PSA_ERROR_DATA_INVALID in 2.28) on every boot while a transaction record is
// left (fact sheet A2.5); the recovery rolls the creation back and the boot signs with every key
// that exists; the re-run converges everywhere.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "tests/flows/cli_runner.h"
#include "tests/test_paths.h"
#include "tools/campaign/psa/psa_campaign.h"

namespace kb::tools::campaign::psa {
namespace {

namespace fs = std::filesystem;

const std::string kBench = std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/atecc608a-psa-factory.json";

PsaCampaignSpec spec() {
  PsaCampaignSpec s;
  s.bench = BenchRecipe::from_file(kBench);
  s.fixture = "atecc608a-psa-factory.json";
  return s;
}

// One sweep for the whole suite: every test reads the same report.
class PsaCampaignTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { report_ = std::make_unique<PsaCampaignReport>(PsaCampaign(spec()).run()); }
  static void TearDownTestSuite() { report_.reset(); }
  static const PsaCampaignReport& report() { return *report_; }

  // The first cut point matching pred, or null.
  template <typename Pred>
  static const PsaCutPoint* find(Pred pred) {
    for (const auto& c : report().cut_points) {
      if (pred(c)) return &c;
    }
    return nullptr;
  }

 private:
  static std::unique_ptr<PsaCampaignReport> report_;
};

std::unique_ptr<PsaCampaignReport> PsaCampaignTest::report_;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(PsaCampaignTest, EveryCutPointIsReachedAndBothMemoriesAreCut) {
  ASSERT_EQ(report().cut_points.size(), report().total_cut_points);
  // Both memories hold writes of the flow: ITS in the MCU flash and GenKey in the chip.
  size_t flash = 0, chip = 0;
  for (const auto& c : report().cut_points) {
    EXPECT_NE(c.outcome, "not_reached") << c.index;
    if (c.memory == "mcu-flash") ++flash;
    if (c.memory == "atecc608a") ++chip;
  }
  EXPECT_GT(flash, 0u);
  EXPECT_GT(chip, 0u);
  EXPECT_EQ(flash + chip, report().cut_points.size());
}

TEST_F(PsaCampaignTest, VerdictPassesWhileStockMbedTlsFailsSomewhere) {
  EXPECT_TRUE(report().passed()) << psa_summary_table(report(), false);
  EXPECT_GT(report().stock_failures(), 0u);
  for (const auto& c : report().cut_points) {
    SCOPED_TRACE(c.where);
    EXPECT_TRUE(c.oracles.at(kOracleRerunConverges));
    EXPECT_TRUE(c.oracles.at(kOracleRecoveredBoot));
    EXPECT_TRUE(c.recovered_boot.passed);
    EXPECT_TRUE(c.recovered_boot.consistent()) << c.recovered_boot.summary();
    EXPECT_EQ(c.recovered_boot.init, "PSA_SUCCESS");
    EXPECT_EQ(c.host_result.rfind("failed: ", 0), 0u) << "a run whose supply died returned ok";
  }
}

TEST_F(PsaCampaignTest, ARecordLeftFailsEveryStockInitAndTheRecoveryRollsItBack) {
  size_t records = 0;
  for (const auto& c : report().cut_points) {
    SCOPED_TRACE(c.where);
    if (c.transaction_record == "none") {
      EXPECT_EQ(c.stock_boot.init, "PSA_SUCCESS");
      EXPECT_EQ(c.recovered_boot.recovery, "nothing to recover");
      continue;
    }
    ++records;
    EXPECT_EQ(c.stock_boot.init, "PSA_ERROR_DATA_INVALID");
    EXPECT_FALSE(c.stock_boot.passed);
    EXPECT_TRUE(c.stock_boot.keys.empty()) << "no key is reachable when psa_crypto_init failed";
    EXPECT_EQ(c.recovered_boot.recovery.rfind(c.transaction_record + " rolled back", 0), 0u)
        << c.recovered_boot.recovery;
  }
  EXPECT_GT(records, 0u);
}

TEST_F(PsaCampaignTest, CutBetweenSavingAndRemovingTheRecordStockFailsRecoveryPasses) {
  // The key file of key 18 is written after the record is saved and before it is removed.
  const PsaCutPoint* c = find([](const PsaCutPoint& p) {
    return p.memory == "mcu-flash" && contains(p.where, "ITS set 0x00000012 (key file of key 18");
  });
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->step, "Generating keys within the secure element...");
  EXPECT_EQ(c->transaction_record, "CREATE_KEY of key 18 in slot 2");
  EXPECT_EQ(c->stock_boot.init, "PSA_ERROR_DATA_INVALID");
  EXPECT_FALSE(c->stock_boot.passed);
  // GenKey ran before the key file write: the chip holds a key no key file names.
  EXPECT_EQ(c->stock_boot.orphan_slots, (std::vector<uint64_t>{2}));
  EXPECT_EQ(c->recovered_boot.recovery, "CREATE_KEY of key 18 in slot 2 rolled back (no key file to remove)");
  EXPECT_EQ(c->recovered_boot.init, "PSA_SUCCESS");
  // Key 16 was registered before: it signs; key 18 is gone with its creation.
  EXPECT_EQ(c->recovered_boot.keys,
            (std::map<std::string, std::string>{{"16", "signs and verifies"}, {"18", "absent"}}));
  EXPECT_TRUE(c->recovered_boot.passed);
  EXPECT_TRUE(c->recovered_boot.orphan_slots.empty());
  EXPECT_TRUE(c->passed());
  EXPECT_EQ(c->outcome, "converged");
}

TEST_F(PsaCampaignTest, CutWhileRemovingTheRecordTheRecoveryRemovesTheKeyFileItCreated) {
  // Key file 18 and the driver data are saved; only the record's removal is left.
  const PsaCutPoint* c = find([](const PsaCutPoint& p) {
    return p.memory == "mcu-flash" && p.transaction_record == "CREATE_KEY of key 18 in slot 2" &&
           contains(p.where, "ITS remove 0xFFFFFF74");
  });
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->stock_boot.init, "PSA_ERROR_DATA_INVALID");
  EXPECT_FALSE(c->stock_boot.passed);
  // Rolled back whole: the key file goes with the chip's key (overwritten) and the driver's mark.
  EXPECT_EQ(c->recovered_boot.recovery, "CREATE_KEY of key 18 in slot 2 rolled back (key file removed)");
  EXPECT_EQ(c->recovered_boot.keys.at("18"), "absent");
  EXPECT_TRUE(c->recovered_boot.passed);
  EXPECT_TRUE(c->recovered_boot.consistent());
}

TEST_F(PsaCampaignTest, CutBeforeTheDriverDataIsSavedLeavesAKeyOfASlotTheDriverThinksFree) {
  // Key file 18 written, the driver data (slot 2 marked used) not yet: were the stock record gone,
  // the driver would hand slot 2 to the next key and overwrite key 18.
  const PsaCutPoint* c = find([](const PsaCutPoint& p) {
    return p.memory == "mcu-flash" && contains(p.where, "ITS set 0xFFFFFEF0 (driver data of location 0xF0") &&
           p.transaction_record == "CREATE_KEY of key 18 in slot 2";
  });
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->stock_boot.init, "PSA_ERROR_DATA_INVALID");
  EXPECT_EQ(c->stock_boot.unmarked_slots, (std::vector<uint64_t>{2}));
  EXPECT_EQ(c->recovered_boot.recovery, "CREATE_KEY of key 18 in slot 2 rolled back (key file removed)");
  EXPECT_TRUE(c->recovered_boot.unmarked_slots.empty());
  EXPECT_TRUE(c->oracles.at(kOracleRecoveredBoot));
}

TEST_F(PsaCampaignTest, TornGenKeyInTheChipIsAnOrphanOnStockAndOverwrittenByTheRecovery) {
  const PsaCutPoint* c = find([](const PsaCutPoint& p) { return p.memory == "atecc608a"; });
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->step, "Generating keys within the secure element...");
  EXPECT_TRUE(contains(c->where, "GenKey")) << c->where;
  EXPECT_EQ(c->transaction_record, "CREATE_KEY of key 18 in slot 2");
  EXPECT_FALSE(c->stock_boot.passed);
  EXPECT_TRUE(c->recovered_boot.passed);
  EXPECT_TRUE(c->recovered_boot.orphan_slots.empty());
}

TEST_F(PsaCampaignTest, EveryRecordLeftIsCutAgainDuringTheRecoveryAndTheNextBootRecovers) {
  size_t swept_here = 0;
  for (const auto& c : report().cut_points) {
    SCOPED_TRACE(c.where);
    const RecoveryCuts& rc = c.recovery_cuts;
    if (c.transaction_record == "none") {
      EXPECT_EQ(rc.writes, 0u);
      continue;
    }
    // The recovery writes at least the driver data and the record's removal.
    EXPECT_GT(rc.writes, 0u);
    EXPECT_EQ(rc.passed, rc.writes);
    EXPECT_TRUE(rc.failed.empty()) << rc.failed.front().where << ": " << rc.failed.front().boot;
    // A shared sweep is an earlier cut point's that left the same record.
    ASSERT_LE(rc.swept_at, c.index);
    EXPECT_EQ(report().cut_points[rc.swept_at].transaction_record, c.transaction_record);
    if (rc.swept_at == c.index) ++swept_here;
  }
  EXPECT_EQ(swept_here, report().recovery_sweeps());
  // Both creations (key 16's registration, key 18's generation) leave states of their own.
  EXPECT_GE(swept_here, 2u);
}

// The boot after the cut, cut again before each write it makes once kb_psa_recover() is done:
// psa_crypto_init saves the driver data at every boot (Mbed TLS's psa_init_all_se_drivers), and
// each key check signs on the chip; the boot after that must pass.
void expect_boot_cuts_cover_init(const PsaCampaignReport& r) {
  size_t swept_here = 0;
  for (const auto& c : r.cut_points) {
    SCOPED_TRACE(c.where);
    const BootCuts& b = c.boot_cuts;
    EXPECT_TRUE(c.oracles.at(kOracleBootSurvivesCuts));
    ASSERT_LE(b.swept_at, c.index);
    if (b.swept_at == c.index) ++swept_here;
    // The recovery's writes are counted and left to the recovery sweep; a boot that found a
    // record made some, one that found none made none.
    EXPECT_EQ(b.writes_in(kStepRecovery) > 0, c.transaction_record != "none") << b.writes_in(kStepRecovery);
    EXPECT_GT(b.writes_in(kStepInit), 0u) << "psa_crypto_init wrote nothing: nothing of it was cut";
    EXPECT_EQ(b.writes, b.writes_in(kStepInit) + b.writes_in(kStepKeyChecks));
    EXPECT_EQ(b.passed, b.writes);
    EXPECT_TRUE(b.failed.empty()) << b.failed.front().where << ": " << b.failed.front().boot;
  }
  EXPECT_EQ(swept_here, r.boot_sweeps());
  EXPECT_GE(swept_here, 2u);
  EXPECT_EQ(r.boot_sweeps_without_init_writes(), 0u);
  const std::string table = psa_summary_table(r, false);
  EXPECT_TRUE(contains(table, "cuts during the boot after the cut: the " + std::to_string(r.boot_sweeps()) +
                                  " states the cut points leave"))
      << table;
  EXPECT_TRUE(contains(table, std::to_string(r.boot_cut_points()) + " cuts: ")) << table;
  EXPECT_TRUE(contains(table, "psa_crypto_init wrote in each of the " + std::to_string(r.boot_sweeps()) + " states"))
      << table;
}

TEST_F(PsaCampaignTest, TheBootAfterTheCutIsCutAgainAtEveryWriteOfPsaCryptoInitAndTheKeyChecks) {
  expect_boot_cuts_cover_init(report());
  // The ATECC608A's Sign runs Random first, whose seed update writes the EEPROM: the key checks
  // are cut on the chip too, where key 16 or 18 exists.
  uint64_t key_writes = 0;
  for (const auto& c : report().cut_points) key_writes += c.boot_cuts.writes_in(kStepKeyChecks);
  EXPECT_GT(key_writes, 0u);
}

TEST(PsaBootCutsTable, AStateWhosePsaCryptoInitWroteNothingIsNamedNotCounted) {
  PsaCampaignReport r;
  r.flow = "factory-provisioning";
  PsaCutPoint c;
  c.outcome = "converged";
  c.oracles = {{kOracleBootSurvivesCuts, true}};
  c.boot_cuts.writes_by_step = {{kStepKeyChecks, 2}};
  c.boot_cuts.writes = 2;
  c.boot_cuts.passed = 2;
  r.cut_points.push_back(c);
  r.total_cut_points = 1;
  EXPECT_EQ(r.boot_sweeps(), 1u);
  EXPECT_EQ(r.boot_sweeps_without_init_writes(), 1u);
  const std::string table = psa_summary_table(r, false);
  EXPECT_TRUE(contains(table, "(2 cuts: 0 of psa_crypto_init, 2 of the key checks)")) << table;
  EXPECT_TRUE(contains(table, "psa_crypto_init wrote nothing in 1 of the 1 states: nothing of it was cut there"))
      << table;
}

TEST_F(PsaCampaignTest, ReportAndTableSayWhatStockAndRecoveryDid) {
  const nlohmann::json j = to_json(report());
  EXPECT_EQ(j["format"], kPsaReportFormat);
  EXPECT_EQ(j["flow"], "factory-provisioning");
  EXPECT_EQ(j["sweep"], "power-cut");
  EXPECT_EQ(j["total_cut_points"], report().total_cut_points);
  ASSERT_EQ(j["cut_points"].size(), report().cut_points.size());
  const auto& first = j["cut_points"][0];
  for (const char* key : {"index", "memory", "write", "where", "step", "outcome", "host_result", "transaction_record",
                          "stock_boot", "recovered_boot", "rerun_result", "recovery_cuts", "boot_cuts", "oracles"}) {
    EXPECT_TRUE(first.contains(key)) << key;
  }
  EXPECT_EQ(first["oracles"].size(), 6u);
  EXPECT_TRUE(first["boot_cuts"].contains("writes_by_step"));
  EXPECT_EQ(j["secure_element"], "atecc608a");
  EXPECT_EQ(j["mode"], "reference");
  const std::string table = psa_summary_table(report(), false);
  EXPECT_TRUE(contains(table, "psa_crypto_init PSA_ERROR_DATA_INVALID")) << table;
  EXPECT_TRUE(contains(table, "rolled back")) << table;
  EXPECT_TRUE(contains(table, "PASS: 0 cut point(s) failed an oracle")) << table;
}

TEST_F(PsaCampaignTest, CliRunsTheSweepWritesTheSameReportAndRefusesOtherSweeps) {
  const fs::path dir = fs::temp_directory_path() / "keybench-psa-campaign-cli";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string out = (dir / "psa.json").string();
  test::CliOutcome o = test::run_keybench("campaign factory-provisioning --sweep power-cut --report " + out);
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_TRUE(contains(o.out, "PASS")) << o.out;
  EXPECT_TRUE(contains(o.out, "stock Mbed TLS boot")) << o.out;
  EXPECT_TRUE(contains(o.out, "clean run (reference, atecc608a)")) << o.out;
  std::ifstream in(out);
  const nlohmann::json j = nlohmann::json::parse(in);
  EXPECT_EQ(j["format"], kPsaReportFormat);
  EXPECT_EQ(j["fixture"], "atecc608a-psa-factory.json");
  // Same build, seed and bench: the same report, byte for byte once written.
  EXPECT_EQ(j, to_json(report()));

  for (const char* bad : {"--sweep bus", "--sweep power-cut --mode resumable", "--sweep power-cut --shard 1/2", "",
                          "--sweep power-cut --se atecc608b", "--sweep power-cut --se",
                          "--sweep power-cut --se stsafe-a120 --target sim:" KEYBENCH_SOURCE_DIR
                          "/fixtures/benches/atecc608a-psa-factory.json"}) {
    SCOPED_TRACE(bad);
    o = test::run_keybench(std::string("campaign factory-provisioning ") + bad + " --report " +
                           (dir / "bad.json").string());
    EXPECT_EQ(o.exit_code, 2) << o.out;
    EXPECT_FALSE(fs::exists(dir / "bad.json"));
  }
  o = test::run_keybench("campaign factory-provisioning --sweep power-cut --se atecc608b --report " +
                         (dir / "bad.json").string());
  EXPECT_TRUE(contains(o.out, "'atecc608b'")) << o.out;
  // --se belongs to the PSA campaign only.
  o = test::run_keybench("campaign key-pair-generation --sweep power-cut --se stsafe-a120 --report " +
                         (dir / "bad.json").string());
  EXPECT_EQ(o.exit_code, 2) << o.out;
  EXPECT_TRUE(contains(o.out, "--se")) << o.out;
  fs::remove_all(dir);
}

// The same campaign with the keys in an STSAFE-A120 (driver location 0xF1): its NVM writes are cut
// as well as the ITS (which also holds the public keys the driver keeps).
class PsaCampaignStsafeTest : public ::testing::Test {
 protected:
  static PsaCampaignSpec stsafe_spec() {
    PsaCampaignSpec s;
    s.chip = Chip::kStsafeA120;
    s.bench = BenchRecipe::from_file(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/stsafe-psa-factory.json");
    s.fixture = "stsafe-psa-factory.json";
    return s;
  }
  static void SetUpTestSuite() { report_ = std::make_unique<PsaCampaignReport>(PsaCampaign(stsafe_spec()).run()); }
  static void TearDownTestSuite() { report_.reset(); }
  static const PsaCampaignReport& report() { return *report_; }

 private:
  static std::unique_ptr<PsaCampaignReport> report_;
};

std::unique_ptr<PsaCampaignReport> PsaCampaignStsafeTest::report_;

TEST_F(PsaCampaignStsafeTest, EveryWriteOfBothMemoriesIsACutPointAndEveryOneIsAccountedFor) {
  EXPECT_EQ(report().secure_element, "stsafe-a120");
  ASSERT_EQ(report().cut_points.size(), report().total_cut_points);
  size_t flash = 0, chip = 0, records = 0, generate = 0;
  for (const auto& c : report().cut_points) {
    SCOPED_TRACE(c.where);
    EXPECT_EQ(c.outcome, "converged");
    if (c.memory == "mcu-flash") ++flash;
    if (c.memory == "stsafe-a120") ++chip;
    if (contains(c.where, "Generate Key (0x11)")) ++generate;
    if (c.transaction_record != "none") ++records;
  }
  EXPECT_GT(flash, 0u);
  EXPECT_GT(chip, 0u);
  EXPECT_GT(generate, 0u) << "the chip's key generation is cut";
  EXPECT_EQ(flash + chip, report().cut_points.size());
  // Every stock failure is a record left, and every record left fails the stock boot.
  EXPECT_GT(records, 0u);
  EXPECT_EQ(report().stock_failures(), records);
  EXPECT_TRUE(report().passed()) << psa_summary_table(report(), false);
}

TEST_F(PsaCampaignStsafeTest, TheBootAfterTheCutIsCutAgainAtEveryWriteOfPsaCryptoInitAndTheKeyChecks) {
  expect_boot_cuts_cover_init(report());
}

TEST_F(PsaCampaignStsafeTest, StockFailsWhileARecordIsLeftAndTheRecoveryBootsEverywhereEvenCutAgain) {
  bool orphan = false;
  for (const auto& c : report().cut_points) {
    SCOPED_TRACE(c.where);
    EXPECT_TRUE(c.passed());
    EXPECT_TRUE(c.recovered_boot.passed);
    EXPECT_TRUE(c.recovered_boot.consistent()) << c.recovered_boot.summary();
    if (c.transaction_record == "none") {
      EXPECT_TRUE(c.stock_boot.passed) << c.stock_boot.summary();
      EXPECT_EQ(c.recovery_cuts.writes, 0u);
      continue;
    }
    EXPECT_EQ(c.stock_boot.init, "PSA_ERROR_DATA_INVALID");
    EXPECT_EQ(c.recovered_boot.recovery.rfind(c.transaction_record + " rolled back", 0), 0u)
        << c.recovered_boot.recovery;
    EXPECT_GT(c.recovery_cuts.writes, 0u);
    EXPECT_EQ(c.recovery_cuts.passed, c.recovery_cuts.writes);
    if (c.stock_boot.orphan_slots == std::vector<uint64_t>{2}) orphan = true;
  }
  // A generated key the cut left in slot 2 with no key file naming it.
  EXPECT_TRUE(orphan);
}

// Mode destroy-key: psa_destroy_key(18) on the device a clean factory run left, cut before every
// write of the destruction. Mbed TLS 2.28 saves a DESTROY_KEY record, calls p_destroy, saves the
// driver data, removes the key file, saves the driver data and removes the record; kb_psa_recover()
// must finish what a cut left (key 18 gone, its slot free, psa_crypto_init succeeds).
PsaCampaignSpec destroy_spec(Chip chip) {
  PsaCampaignSpec s;
  s.chip = chip;
  s.mode = PsaMode::kDestroyKey;
  s.fixture = chip == Chip::kStsafeA120 ? "stsafe-psa-factory.json" : "atecc608a-psa-factory.json";
  s.bench = BenchRecipe::from_file(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/" + s.fixture);
  return s;
}

// One sweep per chip and destruction mode for the whole suite.
const PsaCampaignReport& destruction_report(Chip chip, PsaMode mode) {
  static std::map<std::pair<Chip, PsaMode>, PsaCampaignReport> reports;
  auto it = reports.find({chip, mode});
  if (it == reports.end()) {
    PsaCampaignSpec s = destroy_spec(chip);
    s.mode = mode;
    it = reports.emplace(std::pair(chip, mode), PsaCampaign(s).run()).first;
  }
  return it->second;
}

const PsaCampaignReport& destroy_report(Chip chip) {
  return destruction_report(chip, PsaMode::kDestroyKey);
}

class PsaCampaignDestroyTest : public ::testing::TestWithParam<Chip> {
 protected:
  const PsaCampaignReport& report() const { return destroy_report(GetParam()); }
};

TEST_P(PsaCampaignDestroyTest, EveryWriteOfTheDestructionIsCutAndEveryRecordLeftFailsStockMbedTls) {
  const PsaCampaignReport& r = report();
  EXPECT_EQ(r.mode, "destroy-key");
  EXPECT_EQ(r.secure_element, chip_name(GetParam()));
  ASSERT_EQ(r.cut_points.size(), r.total_cut_points);
  EXPECT_TRUE(r.passed()) << psa_summary_table(r, false);
  size_t records = 0, chip = 0;
  for (const auto& c : r.cut_points) {
    SCOPED_TRACE(c.where);
    EXPECT_NE(c.outcome, "not_reached");
    EXPECT_EQ(c.oracles.size(), 7u);
    EXPECT_TRUE(c.oracles.at(kOracleDestroyWhole));
    if (c.memory == chip_name(GetParam())) ++chip;
    if (c.transaction_record == "none") continue;
    ++records;
    EXPECT_EQ(c.transaction_record, "DESTROY_KEY of key 18 in slot 2");
    EXPECT_EQ(c.stock_boot.init, "PSA_ERROR_DATA_INVALID");
  }
  // p_destroy overwrites the generated key on the chip: its writes are cut too.
  EXPECT_GT(chip, 0u);
  EXPECT_GT(records, 0u);
  EXPECT_EQ(r.stock_failures(), records);
}

TEST_P(PsaCampaignDestroyTest, TheBootAfterTheCutIsCutAgainAtEveryWriteOfPsaCryptoInit) {
  expect_boot_cuts_cover_init(report());
}

TEST_P(PsaCampaignDestroyTest, TheRecoveryFinishesEveryDestructionEvenWhenCutAgain) {
  for (const auto& c : report().cut_points) {
    if (c.transaction_record == "none") continue;
    SCOPED_TRACE(c.where);
    EXPECT_EQ(c.recovered_boot.recovery.rfind("DESTROY_KEY of key 18 in slot 2 finished", 0), 0u)
        << c.recovered_boot.recovery;
    EXPECT_EQ(c.recovered_boot.init, "PSA_SUCCESS");
    EXPECT_EQ(c.recovered_boot.keys,
              (std::map<std::string, std::string>{{"16", "signs and verifies"}, {"18", "absent"}}));
    // The slot is free: no key file names it and the driver data does not mark it.
    EXPECT_TRUE(c.recovered_boot.consistent()) << c.recovered_boot.summary();
    EXPECT_GT(c.recovery_cuts.writes, 0u);
    EXPECT_EQ(c.recovery_cuts.passed, c.recovery_cuts.writes);
  }
}

TEST_P(PsaCampaignDestroyTest, CutsBeforeTheRecordLeaveKey18WholeAndEveryLaterCutLeavesTheRecord) {
  size_t before = 0;
  bool record_seen = false;
  for (const auto& c : report().cut_points) {
    SCOPED_TRACE(c.where);
    if (c.transaction_record != "none") {
      record_seen = true;
      continue;
    }
    // The record's removal is the destruction's last write: a cut point without a record comes
    // before its save (the boot's ITS writes, the record's own write), and nothing was destroyed.
    EXPECT_FALSE(record_seen) << "a cut after the record was saved left none";
    EXPECT_TRUE(c.stock_boot.passed) << c.stock_boot.summary();
    EXPECT_EQ(c.stock_boot.keys.at("18"), "signs and verifies");
    EXPECT_EQ(c.recovered_boot.recovery, "nothing to recover");
    EXPECT_EQ(c.recovered_boot.keys.at("18"), "signs and verifies");
    ++before;
  }
  EXPECT_GT(before, 0u);
  EXPECT_TRUE(record_seen);
}

INSTANTIATE_TEST_SUITE_P(Chips, PsaCampaignDestroyTest, ::testing::Values(Chip::kAtecc608a, Chip::kStsafeA120),
                         [](const ::testing::TestParamInfo<Chip>& p) {
                           return p.param == Chip::kStsafeA120 ? std::string("stsafe_a120") : std::string("atecc608a");
                         });

// Mode destroy-factory-key: psa_destroy_key(16), the factory key of the chip's reserved slot 0. The
// DESTROY_KEY record names slot 0, the drivers never write it, and a boot that registers slot 0
// again signs with the factory key's public key, whatever the cut left.
const PsaCampaignReport& factory_destroy_report(Chip chip) {
  return destruction_report(chip, PsaMode::kDestroyFactoryKey);
}

class PsaCampaignDestroyFactoryKeyTest : public ::testing::TestWithParam<Chip> {
 protected:
  const PsaCampaignReport& report() const { return factory_destroy_report(GetParam()); }
};

TEST_P(PsaCampaignDestroyFactoryKeyTest, EveryCutIsInTheItsAndTheChipKeepsItsFactoryKey) {
  const PsaCampaignReport& r = report();
  EXPECT_EQ(r.mode, "destroy-factory-key");
  ASSERT_EQ(r.cut_points.size(), r.total_cut_points);
  ASSERT_GT(r.cut_points.size(), 0u);
  EXPECT_TRUE(r.passed()) << psa_summary_table(r, false);
  size_t records = 0;
  for (const auto& c : r.cut_points) {
    SCOPED_TRACE(c.where);
    // Slot 0 is reserved: p_destroy writes nothing to the chip, so every cut point is an ITS write.
    EXPECT_EQ(c.memory, "mcu-flash");
    EXPECT_EQ(c.oracles.size(), 8u);
    EXPECT_TRUE(c.oracles.at(kOracleFactoryKeyKept));
    EXPECT_TRUE(c.oracles.at(kOracleDestroyWhole));
    EXPECT_TRUE(c.oracles.at(kOracleRecoverySurvivesCuts));
    EXPECT_TRUE(c.oracles.at(kOracleBootSurvivesCuts));
    EXPECT_EQ(c.recovered_boot.keys.at("18"), "signs and verifies");
    if (c.transaction_record == "none") {
      EXPECT_EQ(c.recovered_boot.keys.at("16"), "signs and verifies");
      continue;
    }
    ++records;
    EXPECT_EQ(c.transaction_record, "DESTROY_KEY of key 16 in slot 0");
    EXPECT_EQ(c.stock_boot.init, "PSA_ERROR_DATA_INVALID");
    EXPECT_EQ(c.recovered_boot.recovery.rfind("DESTROY_KEY of key 16 in slot 0 finished", 0), 0u)
        << c.recovered_boot.recovery;
    EXPECT_EQ(c.recovered_boot.keys.at("16"), "absent");
    EXPECT_TRUE(c.recovered_boot.consistent()) << c.recovered_boot.summary();
    // Nothing the cut wrote is on the chip.
    EXPECT_TRUE(c.stock_boot.orphan_slots.empty());
    EXPECT_GT(c.recovery_cuts.writes, 0u);
    EXPECT_EQ(c.recovery_cuts.passed, c.recovery_cuts.writes);
  }
  EXPECT_GT(records, 0u);
  EXPECT_EQ(r.stock_failures(), records);
  expect_boot_cuts_cover_init(r);
}

INSTANTIATE_TEST_SUITE_P(Chips, PsaCampaignDestroyFactoryKeyTest,
                         ::testing::Values(Chip::kAtecc608a, Chip::kStsafeA120),
                         [](const ::testing::TestParamInfo<Chip>& p) {
                           return p.param == Chip::kStsafeA120 ? std::string("stsafe_a120") : std::string("atecc608a");
                         });

TEST(PsaCampaignDestroyFactoryKeyCli, ModeDestroyFactoryKeyWritesTheApisReport) {
  const fs::path dir = fs::temp_directory_path() / "keybench-psa-campaign-destroy-factory-cli";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string out = (dir / "psa.json").string();
  test::CliOutcome o =
      test::run_keybench("campaign factory-provisioning --sweep power-cut --mode destroy-factory-key --report " + out);
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_TRUE(contains(o.out, "clean run (destroy-factory-key, atecc608a)")) << o.out;
  EXPECT_TRUE(contains(o.out, "factory_key_kept")) << o.out;
  EXPECT_TRUE(contains(o.out, "cuts during the boot after the cut")) << o.out;
  std::ifstream in(out);
  const nlohmann::json j = nlohmann::json::parse(in);
  EXPECT_EQ(j["mode"], "destroy-factory-key");
  EXPECT_EQ(j, to_json(factory_destroy_report(Chip::kAtecc608a)));
  fs::remove_all(dir);
}

TEST(PsaCampaignDestroyCli, SeStsafeAndModeDestroyKeyWriteTheApisReport) {
  const fs::path dir = fs::temp_directory_path() / "keybench-psa-campaign-destroy-cli";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string out = (dir / "psa.json").string();
  test::CliOutcome o = test::run_keybench(
      "campaign factory-provisioning --sweep power-cut --se stsafe-a120 --mode destroy-key --report " + out);
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_TRUE(contains(o.out, "clean run (destroy-key, stsafe-a120)")) << o.out;
  EXPECT_TRUE(contains(o.out, "destroy_whole")) << o.out;
  std::ifstream in(out);
  const nlohmann::json j = nlohmann::json::parse(in);
  EXPECT_EQ(j["fixture"], "stsafe-psa-factory.json");
  EXPECT_EQ(j, to_json(destroy_report(Chip::kStsafeA120)));
  o = test::run_keybench("campaign factory-provisioning --sweep power-cut --mode destroy-everything --report " +
                         (dir / "bad.json").string());
  EXPECT_EQ(o.exit_code, 2) << o.out;
  EXPECT_TRUE(contains(o.out, "'destroy-everything'")) << o.out;
  EXPECT_FALSE(fs::exists(dir / "bad.json"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kb::tools::campaign::psa
