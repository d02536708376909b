// The PSA lifecycle in bootloader storage (fact sheet nrf-kmu-lifecycle.md §5): the decode table,
// and every (current state, requested state) pair of the update table — the allowed moves write
// exactly one halfword, every refusal names its error and writes nothing.
#include <gtest/gtest.h>

#include "core/nrf/nrf_status.h"
#include "tests/unit/core/nrf/nrf_core_harness.h"

namespace kb::test::nrf_core {
namespace {

using core::nrf::is;
using core::nrf::Lcs;
using core::nrf::NrfStatus;

struct From {
  const char* name;
  uint32_t w0, w1;  // BL_STORAGE+0 and +4
  bool readable;
  Lcs lcs;
};

const From kFrom[] = {
    {"ASSEMBLY", 0xFFFFFFFF, 0xFFFFFFFF, true, Lcs::kAssembly},
    {"PROVISIONING", 0xFFFF0000, 0xFFFFFFFF, true, Lcs::kProvisioning},
    {"SECURED", 0x00000000, 0xFFFFFFFF, true, Lcs::kSecured},
    {"DECOMMISSIONED", 0x00000000, 0x0000FFFF, true, Lcs::kDecommissioned},
    {"secure without provisioning", 0x0000FFFF, 0xFFFFFFFF, false, Lcs::kUnknown},
    {"decommissioned alone", 0xFFFFFFFF, 0x0000FFFF, false, Lcs::kUnknown},
    {"a half-programmed halfword", 0xFFFF00FF, 0xFFFFFFFF, false, Lcs::kUnknown},
};
const Lcs kTo[] = {Lcs::kUnknown, Lcs::kAssembly, Lcs::kProvisioning, Lcs::kSecured, Lcs::kDecommissioned};

std::string word_hex(uint32_t v) {
  char b[16];
  std::snprintf(b, sizeof b, "0x%08X", v);
  return b;
}

nlohmann::json state_with(uint32_t w0, uint32_t w1) {
  nlohmann::json words = nlohmann::json::object();
  if (w0 != 0xFFFFFFFF) words["0x100"] = word_hex(w0);
  if (w1 != 0xFFFFFFFF) words["0x104"] = word_hex(w1);
  return {{"uicr_words", words}};
}

// The §5.2 update table written out by hand: what each move must do.
enum class Outcome { kWrites, kNoChange, kInvalid, kUnreadable };
Outcome expected(const From& from, Lcs to) {
  if (to == Lcs::kUnknown) return Outcome::kInvalid;  // checked before the current state is read
  if (!from.readable) return Outcome::kUnreadable;
  if (to == from.lcs) return Outcome::kNoChange;
  const bool one_step = (from.lcs == Lcs::kAssembly && to == Lcs::kProvisioning) ||
                        (from.lcs == Lcs::kProvisioning && to == Lcs::kSecured) ||
                        (from.lcs == Lcs::kSecured && to == Lcs::kDecommissioned);
  return one_step ? Outcome::kWrites : Outcome::kInvalid;
}

TEST(NrfLifecycle, ReadDecodesTheTable) {
  for (const From& f : kFrom) {
    CoreHarness h;
    h.load(state_with(f.w0, f.w1));
    auto r = h.lifecycle->read();
    if (f.readable) {
      ASSERT_TRUE(r.ok()) << f.name;
      EXPECT_EQ(*r, f.lcs) << f.name;
    } else {
      EXPECT_TRUE(is(r.status(), NrfStatus::kLifecycleUnreadable)) << f.name;
    }
  }
}

TEST(NrfLifecycle, EveryTransitionPairBehavesAsTheTableSays) {
  int writes = 0, refusals = 0;
  for (const From& f : kFrom) {
    for (Lcs to : kTo) {
      CoreHarness h;
      h.load(state_with(f.w0, f.w1));
      const nlohmann::json before = h.state();
      const std::string what = std::string(f.name) + " -> " + core::nrf::lcs_name(to);
      core::Status s = h.lifecycle->update(to);
      switch (expected(f, to)) {
        case Outcome::kWrites: {
          ++writes;
          ASSERT_TRUE(s.ok()) << what;
          EXPECT_EQ(h.words_programmed(), 1u) << what << ": one halfword, one word program";
          auto r = h.lifecycle->read();
          ASSERT_TRUE(r.ok()) << what;
          EXPECT_EQ(*r, to) << what;
          break;
        }
        case Outcome::kNoChange:
          EXPECT_TRUE(s.ok()) << what;
          EXPECT_EQ(h.words_programmed(), 0u) << what;
          break;
        case Outcome::kInvalid:
          ++refusals;
          EXPECT_TRUE(is(s, NrfStatus::kLifecycleInvalidTransition)) << what;
          EXPECT_EQ(h.words_programmed(), 0u) << what;
          EXPECT_EQ(h.state(), before) << what;
          break;
        case Outcome::kUnreadable:
          ++refusals;
          EXPECT_TRUE(is(s, NrfStatus::kLifecycleUnreadable)) << what;
          EXPECT_EQ(h.words_programmed(), 0u) << what;
          EXPECT_EQ(h.state(), before) << what;
          break;
      }
    }
  }
  EXPECT_EQ(writes, 3);
  EXPECT_EQ(refusals, 7 * 5 - 3 - 4);
}

TEST(NrfLifecycle, EachMoveWritesTheSheetsWord) {
  CoreHarness h;
  ASSERT_TRUE(h.lifecycle->update(Lcs::kProvisioning).ok());
  EXPECT_EQ(h.chip->uicr_word(0x100), 0xFFFF0000u);
  ASSERT_TRUE(h.lifecycle->update(Lcs::kSecured).ok());
  EXPECT_EQ(h.chip->uicr_word(0x100), 0x00000000u);
  ASSERT_TRUE(h.lifecycle->update(Lcs::kDecommissioned).ok());
  EXPECT_EQ(h.chip->uicr_word(0x104), 0x0000FFFFu);
  EXPECT_EQ(h.chip->lifecycle(), kb::sim::nrf::Lifecycle::kDecommissioned) << "the model agrees";
  // Three word writes at the NVMC: one per transition (§7: an LCS transition is one word, 43 µs).
  EXPECT_EQ(h.bench.scheduler().now(), 3u * 43u * 1000u);
}

TEST(NrfLifecycle, PsaValuesAndNames) {
  EXPECT_EQ(core::nrf::psa_lifecycle(Lcs::kAssembly), 0x1000);
  EXPECT_EQ(core::nrf::psa_lifecycle(Lcs::kProvisioning), 0x2000);
  EXPECT_EQ(core::nrf::psa_lifecycle(Lcs::kSecured), 0x3000);
  EXPECT_EQ(core::nrf::psa_lifecycle(Lcs::kDecommissioned), 0x6000);
  EXPECT_EQ(core::nrf::psa_lifecycle(Lcs::kUnknown), 0x0000);
  EXPECT_STREQ(core::nrf::lcs_name(Lcs::kProvisioning), "PROVISIONING");
}

}  // namespace
}  // namespace kb::test::nrf_core
