#pragma once
// The report of the power-cut campaign through the PSA core (format "keybench-psa-campaign/1"):
//   {"format": "keybench-psa-campaign/1",
//    "build": {"version", "commit", "dirty"}, "flow": "factory-provisioning", "sweep": "power-cut",
//    "mode": "reference" | "destroy-key" | "destroy-factory-key", "secure_element": "atecc608a" | "stsafe-a120",
//    "seed": 1, "fixture": "...", "bench_sha256": "<64 hex digits>", "total_cut_points": N,
//    "cut_points": [{
//      "index": 0, "memory": "mcu-flash" | "atecc608a" | "stsafe-a120", "write": "word" | "page erase",
//      "where": "mcu-flash word at 0x0010 during ITS set 0xFFFFFF74 (transaction record, 24 bytes)",
//      "step": "Generating keys within the secure element...",
//      "outcome": "converged" | "diverged" | "not_reached",
//      "host_result": "ok" | "failed: ...",
//      "transaction_record": "none" | "CREATE_KEY of key 18 in slot 2" | "unreadable",
//      "stock_boot": BOOT, "recovered_boot": BOOT,
//      "rerun_result": "ok" | "failed: ..." | "",
//      "recovery_cuts": {"writes": N, "passed": N, "swept_at": index, "failed": [{"write": 3,
//                        "where": "...", "boot": "..."}]},   // cuts during kb_psa_recover (below)
//      "boot_cuts": {"writes": N, "writes_by_step": {"Recovering the key store...": N,
//                    "Initializing PSA Crypto...": N, "Checking the keys...": N}, "passed": N,
//                    "swept_at": index, "failed": [...]},  // cuts during the boot after the cut
//      "oracles": {"rerun_converges", "recovered_boot", "recovery_survives_cuts",
//                  "boot_survives_cuts", "no_false_success", "no_success_after_failure", in modes
//                  destroy-key and destroy-factory-key "destroy_whole", and in mode
//                  destroy-factory-key "factory_key_kept"}}]}
//   BOOT = {"recovery": "not run" (stock) | "nothing to recover" | "CREATE_KEY of key 18 in slot 2
//            rolled back" | "DESTROY_KEY ... finished" | "failed: PSA_ERROR_...",
//           "init": "PSA_SUCCESS" | "PSA_ERROR_..." | "not run",
//           "keys": {"16": "signs and verifies" | "absent" | "<call> failed: PSA_ERROR_...", "18": ...},
//           "orphan_slots": [2],   // SE slots holding what the cut run wrote that no key file names
//           "leaked_slots": [2],   // slots the driver data marks used that no key file names
//           "unmarked_slots": [2], // slots a key file names that the driver data marks free
//           "passed": true}
// Mode reference sweeps the factory application on a fresh bench; modes destroy-key and
// destroy-factory-key start from the bench a clean factory run left and sweep an application that
// destroys key 18 (the generated key, slot 2), or key 16 (the factory key, the chip's reserved
// slot 0), through psa_destroy_key (firmware/psa_key_destruction), re-run with kb_psa_recover()
// first.
// The verdict: every cut point reached, and each of its oracles held. The stock boot is reported
// and never fails the verdict: it shows what Mbed TLS 2.28 does without a recovery step. A report
// is byte-identical for the same build, flow, seed and fixture.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tools/campaign/build_info.h"

namespace kb::tools::campaign::psa {

inline constexpr const char* kPsaReportFormat = "keybench-psa-campaign/1";

// The verdicts of every cut point:
//   rerun_converges           oracle A: after a power cycle the factory application, run again,
//                             succeeds and leaves the clean run's key store (key files 16 and 18,
//                             driver data, no record) and chip (slot 0 untouched, slot 2 a key),
//                             and an application boot after it signs with both keys;
//   recovered_boot            oracle B with kb_psa_recover() before psa_crypto_init: the boot
//                             succeeds and every key id that exists signs and verifies, and the
//                             store it leaves is consistent (no orphan, leaked or unmarked slot);
//   recovery_survives_cuts    when the cut left a transaction record: the power cut again before
//                             each write kb_psa_recover() makes (its driver calls and ITS writes),
//                             the next boot with kb_psa_recover() passes as recovered_boot says and
//                             leaves the key store the uncut recovery left (trivially true with no
//                             record);
//   boot_survives_cuts        the power cut again before each write of the boot after the cut that
//                             comes after kb_psa_recover() (psa_crypto_init saving the driver data,
//                             the key checks' signatures on the chip), the next boot with
//                             kb_psa_recover() passes as recovered_boot says and leaves the key
//                             store the uncut boot left (true when the boot writes nothing there:
//                             boot_cuts says how many writes each step made);
//   destroy_whole             (destroy modes) after the recovered boot the destroyed key is whole
//                             (its key file, its slot marked used, the chip's key unchanged, it
//                             signs) or gone (no key file, the slot free; the chip's key replaced
//                             for key 18, kept for the factory key 16), and gone when the cut left
//                             a DESTROY_KEY record;
//   factory_key_kept          (destroy-factory-key) the chip's slot 0 holds the key it held before
//                             the destruction in the state the cut left and after the recovered
//                             boot, and a boot that registers key 16 again from slot 0 when it is
//                             gone signs with it, with the public key it had before;
//   no_false_success          the cut run, whose supply died, did not return ok;
//   no_success_after_failure  no success reported after a failed step (tools/campaign/transcript.h),
//                             in the cut run or the re-run.
inline constexpr const char* kOracleRerunConverges = "rerun_converges";
inline constexpr const char* kOracleRecoveredBoot = "recovered_boot";
inline constexpr const char* kOracleRecoverySurvivesCuts = "recovery_survives_cuts";
inline constexpr const char* kOracleBootSurvivesCuts = "boot_survives_cuts";
inline constexpr const char* kOracleDestroyWhole = "destroy_whole";
inline constexpr const char* kOracleFactoryKeyKept = "factory_key_kept";
inline constexpr const char* kOracleNoFalseSuccess = "no_false_success";
inline constexpr const char* kOracleNoSuccessAfterFailure = "no_success_after_failure";

struct BootReport {
  std::string recovery = "not run";
  std::string init = "not run";
  std::map<std::string, std::string> keys;  // key id (decimal) -> what the check found
  std::vector<uint64_t> orphan_slots;
  std::vector<uint64_t> leaked_slots;
  std::vector<uint64_t> unmarked_slots;
  bool passed = false;  // PsaApplicationBoot::passed(): init, and every existing key signs
  // No orphan, leaked or unmarked slot: the key store and the driver agree with the chip.
  bool consistent() const { return orphan_slots.empty() && leaked_slots.empty() && unmarked_slots.empty(); }
  // "psa_crypto_init PSA_ERROR_DATA_INVALID; orphan key in slot 2", or "boots" when nothing is wrong.
  std::string summary() const;
};

// A cut before one write of kb_psa_recover() (or of the boot after the cut), then a boot with it.
struct SecondCutFailure {
  uint64_t write = 0;  // the recovery's (the boot's) write index
  std::string where;   // "mcu-flash word at 0x0040 during ITS remove 0xFFFFFF74 (transaction record)"
  std::string boot;    // what the next boot found: BootReport::summary(), or the store's difference
};

// Cut points that leave the same state (the same key store entries, the same chip state) and from
// which an uncut kb_psa_recover() makes the same writes share one sweep: a torn ITS write leaves
// the previous bank in force, and the next change erases the torn one first (core/its/flash_its.h).
struct RecoveryCuts {
  uint64_t writes = 0;  // NVM writes kb_psa_recover() makes from the cut's state (0: no record)
  uint64_t passed = 0;  // of those cut points, how many the next boot recovered from
  std::vector<SecondCutFailure> failed;
  uint64_t swept_at = 0;  // the cut point whose state was swept (this one, or an earlier one)
};

// The boot with kb_psa_recover() after the cut (oracle B's), cut again before each write it makes
// after the recovery: psa_crypto_init's (the driver's p_init, the driver data the core saves) and
// the key checks' (each signature's counter on the chip). The recovery's writes are counted, not
// cut here (RecoveryCuts cuts them). Shared between cut points that leave the same state, as
// RecoveryCuts.
struct BootCuts {
  // The uncut boot's writes by the step it was in: "Recovering the key store...",
  // "Initializing PSA Crypto...", "Checking the keys..."; a step that wrote nothing is absent.
  std::map<std::string, uint64_t> writes_by_step;
  uint64_t writes = 0;  // the writes cut here: every one outside the recovery
  uint64_t passed = 0;
  std::vector<SecondCutFailure> failed;
  uint64_t swept_at = 0;
  uint64_t writes_in(const std::string& step) const;
};
inline constexpr const char* kStepRecovery = "Recovering the key store...";
inline constexpr const char* kStepInit = "Initializing PSA Crypto...";
inline constexpr const char* kStepKeyChecks = "Checking the keys...";

struct PsaCutPoint {
  uint64_t index = 0;
  std::string memory;
  std::string write;
  std::string where;
  std::string step;
  std::string outcome;
  std::string host_result;
  std::string transaction_record = "none";
  BootReport stock_boot;
  BootReport recovered_boot;
  std::string rerun_result;
  RecoveryCuts recovery_cuts;
  BootCuts boot_cuts;
  std::map<std::string, bool> oracles;

  bool passed() const;
};

struct PsaCampaignReport {
  BuildInfo build;
  std::string flow;
  std::string sweep = "power-cut";
  std::string mode = "reference";
  std::string secure_element = "atecc608a";
  uint64_t seed = 1;
  std::string fixture;
  std::string bench_sha256;
  uint64_t total_cut_points = 0;
  std::vector<PsaCutPoint> cut_points;

  bool passed() const;  // at least one cut point, and every oracle of each held
  size_t failed_count() const;
  size_t stock_failures() const;         // cut points whose stock boot did not pass
  uint64_t recovery_cut_points() const;  // cuts during kb_psa_recover(), summed over the cut points
  uint64_t recovery_sweeps() const;      // the states those were swept from (cut points swept_at themselves)
  // The boot sweeps (BootCuts), each state once: how many, their cuts, and how many of those
  // states psa_crypto_init wrote nothing in (so nothing of it was cut there).
  uint64_t boot_sweeps() const;
  uint64_t boot_cut_points() const;
  uint64_t boot_sweeps_without_init_writes() const;
};

nlohmann::json to_json(const PsaCampaignReport& report);
// Written through the atomic writer (simulator/files/atomic_file.h), shared mode like the other
// campaign reports; throws kb::sim::files::FileError naming the path.
void write_psa_report(const PsaCampaignReport& report, const std::string& path);
// Counts, the oracle table, one row per cut point whose stock boot or an oracle failed (every cut
// point when all_rows), then PASS or FAIL.
std::string psa_summary_table(const PsaCampaignReport& report, bool all_rows);

}  // namespace kb::tools::campaign::psa
