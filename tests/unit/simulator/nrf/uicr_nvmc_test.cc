// UICR and NVMC rules against fact sheet nrf-kmu-lifecycle.md §1.3 (layout, byte order), §1.6
// (flash semantics, nWRITE, OTP halfword rule, page erase vs ERASEALL, ERASEPROTECT) and §7 (tWRITE
// 43 µs, tERASEPAGE 87.5 ms, tERASEALL 173 ms).
#include <gtest/gtest.h>

#include "tests/unit/simulator/nrf/nrf_model_harness.h"

namespace kb::test::nrf_model {
namespace {

constexpr uint32_t kOtp = kUicrBase + kUicrOtpBegin;

TEST(NrfUicrNvmc, EverythingReadsErasedOutOfReset) {
  Harness h;
  EXPECT_EQ(h.rd(kUicrBase + kUicrApprotect), 0xFFFFFFFFu);
  EXPECT_EQ(h.rd(kOtp), 0xFFFFFFFFu);
  EXPECT_EQ(h.rd(kFlashBase + 0x1000), 0xFFFFFFFFu);
  EXPECT_EQ(h.rd(kKmuNvmcBase + kNvmcReady), 1u);
  EXPECT_EQ(h.rd(kKmuNvmcBase + kNvmcReadyNext), 1u);
  EXPECT_EQ(h.rd(kConfig), kWenRead);
}

TEST(NrfUicrNvmc, WritesWithoutWriteEnableAreIgnored) {
  Harness h;
  h.wr(kUicrBase + kUicrApprotect, 0);
  EXPECT_EQ(h.rd(kUicrBase + kUicrApprotect), 0xFFFFFFFFu);
  h.wr(kConfig, kWenErase);
  h.wr(kOtp, 0x12345678u);
  EXPECT_EQ(h.rd(kOtp), 0xFFFFFFFFu);
  EXPECT_EQ(h.chip.ignored_writes(), 2u);
  EXPECT_EQ(h.scheduler.now(), 0u);
}

TEST(NrfUicrNvmc, EachWordProgramCostsTWrite) {
  Harness h;
  h.program(kUicrBase + kUicrApprotect, 0x50FA50FAu);
  EXPECT_EQ(h.scheduler.now(), 43u * kb::sim::kMicrosecond);
  h.program(kFlashBase + 0x100, 0);
  EXPECT_EQ(h.scheduler.now(), 2u * 43u * kb::sim::kMicrosecond);
  EXPECT_EQ(h.chip.nvmc_words_programmed(), 2u);
}

TEST(NrfUicrNvmc, ASecondWriteOnlyClearsBitsAndAThirdExceedsNWrite) {
  Harness h;
  const uint32_t a = kUicrBase + 0x010;  // VREGHVOUT: a plain flash word
  h.program(a, 0xFF00FF00u);
  h.program(a, 0x0FF00FF0u);
  EXPECT_EQ(h.rd(a), 0x0F000F00u) << "bits only go 1 -> 0 until erased";
  EXPECT_EQ(h.chip.uicr().writes_since_erase(0x010), 2u);
  EXPECT_EQ(h.chip.nwrite_violations(), 0u);
  h.program(a, 0xFFFFFFFFu);
  EXPECT_EQ(h.rd(a), 0x0F000F00u);
  EXPECT_EQ(h.chip.nwrite_violations(), 1u) << "nWRITE = 2 on nRF5340";
}

TEST(NrfUicrNvmc, OtpHalfwordsAreWriteOnceWithTheInactiveHalfGivenAsFfff) {
  Harness h;
  h.program(kOtp + 8, 0xFFFFAABBu);
  EXPECT_EQ(h.rd(kOtp + 8), 0xFFFFAABBu);
  // The sheet's example: upper half 0x1234 onto 0xFFFFAABB issued as 0x1234FFFF.
  h.program(kOtp + 8, 0x1234FFFFu);
  EXPECT_EQ(h.rd(kOtp + 8), 0x1234AABBu);
  EXPECT_EQ(h.rd(kStatus) & kKmuStatusBlocked, 0u);
}

TEST(NrfUicrNvmc, NonConformingOtpWriteIsIgnoredAndBlocked) {
  Harness h;
  h.program(kOtp + 8, 0xFFFFAABBu);
  const uint64_t before = h.scheduler.now();
  h.program(kOtp + 8, 0x12345678u);  // touches the lower half, already written
  EXPECT_EQ(h.rd(kOtp + 8), 0xFFFFAABBu);
  EXPECT_EQ(h.rd(kStatus) & kKmuStatusBlocked, kKmuStatusBlocked);
  EXPECT_EQ(h.scheduler.now(), before) << "a refused write never reaches the array";
  h.program(kOtp + 8, 0xFFFF0000u);  // even clearing more bits of a used half is refused
  EXPECT_EQ(h.rd(kOtp + 8), 0xFFFFAABBu);
}

TEST(NrfUicrNvmc, KeyValueIsStoredLittleEndianPerWord) {
  Harness h;
  const std::vector<uint8_t> key = kb::sim::from_hex("000102030405060708090A0B0C0D0E0F");
  h.write_slot(20, 0xFFFFFFFFu, 0xFFFFFFFAu, words_of(key));
  auto image = h.chip.uicr().bytes();
  for (unsigned i = 0; i < 16; ++i) EXPECT_EQ(image[value_offset(20, 0) + i], key[i]);
  EXPECT_EQ(h.chip.uicr_word(value_offset(20, 0)), 0x03020100u);
  // Absolute addresses of the sheet's per-slot table (§1.3, §4.2).
  EXPECT_EQ(perm_addr(6), 0x00FF8434u);
  EXPECT_EQ(value_addr(7, 3), 0x00FF887Cu);
}

TEST(NrfUicrNvmc, PageEraseReachesCodeFlashButNotTheUicr) {
  Harness h;
  h.program(kFlashBase + 0x2004, 0x11223344u);
  h.program(kUicrBase + kUicrApprotect, 0x50FA50FAu);
  const uint64_t before = h.scheduler.now();
  h.wr(kConfig, kWenErase);
  h.wr(kFlashBase + 0x2000, 0xFFFFFFFFu);
  EXPECT_EQ(h.scheduler.now() - before, 87500u * kb::sim::kMicrosecond);
  h.wr(kUicrBase + kUicrApprotect, 0xFFFFFFFFu);
  h.wr(kConfig, kWenRead);
  EXPECT_EQ(h.rd(kFlashBase + 0x2004), 0xFFFFFFFFu);
  EXPECT_EQ(h.rd(kUicrBase + kUicrApprotect), 0x50FA50FAu);
}

TEST(NrfUicrNvmc, EraseAllWipesFlashUicrKeySlotsAndLifecycle) {
  Harness h;
  h.write_slot(2, kCcAesKeyBase, 0xFFFFFFFCu, {1, 2, 3, 4});
  h.program(kOtp, 0xFFFF0000u);
  h.program(kFlashBase, 0);
  ASSERT_EQ(h.chip.lifecycle(), Lifecycle::kProvisioning);
  const uint64_t before = h.scheduler.now();
  h.wr(kConfig, kWenWrite);
  h.wr(kEraseAll, 1);  // needs erase enable
  EXPECT_EQ(h.chip.slot_state(2), SlotState::kConfigured);
  h.wr(kConfig, kWenErase);
  h.wr(kEraseAll, 1);
  EXPECT_EQ(h.scheduler.now() - before, 173u * kb::sim::kMillisecond);
  EXPECT_EQ(h.chip.slot_state(2), SlotState::kEmpty);
  EXPECT_EQ(h.chip.lifecycle(), Lifecycle::kAssembly);
  EXPECT_EQ(h.rd(kFlashBase), 0xFFFFFFFFu);
  EXPECT_EQ(h.chip.uicr().writes_since_erase(kUicrOtpBegin), 0u);
}

TEST(NrfUicrNvmc, EraseProtectBlocksEraseAll) {
  Harness h;
  h.program(kUicrBase + kUicrEraseprotect, 0);  // Protected
  h.program(kOtp, 0xFFFF0000u);
  h.wr(kConfig, kWenErase);
  h.wr(kEraseAll, 1);
  EXPECT_EQ(h.chip.lifecycle(), Lifecycle::kProvisioning);
}

TEST(NrfUicrNvmc, LifecycleDecodeFollowsTheBlStorageTable) {
  // §5.2 decode table: provisioning, secure, decommissioned halfwords.
  EXPECT_EQ(decode_lifecycle(0xFFFFFFFFu, 0xFFFFFFFFu), Lifecycle::kAssembly);
  EXPECT_EQ(decode_lifecycle(0xFFFF0000u, 0xFFFFFFFFu), Lifecycle::kProvisioning);
  EXPECT_EQ(decode_lifecycle(0x00000000u, 0xFFFFFFFFu), Lifecycle::kSecured);
  EXPECT_EQ(decode_lifecycle(0x00000000u, 0x0000FFFFu), Lifecycle::kDecommissioned);
  EXPECT_EQ(decode_lifecycle(0x0000FFFFu, 0xFFFFFFFFu), Lifecycle::kUnreadable) << "secure without provisioning";
  EXPECT_EQ(decode_lifecycle(0xFFFF1234u, 0xFFFFFFFFu), Lifecycle::kUnreadable);
  EXPECT_EQ(decode_lifecycle(0xFFFF0000u, 0x0000FFFFu), Lifecycle::kUnreadable);
  // The padding halfword (+4) takes no part.
  EXPECT_EQ(decode_lifecycle(0xFFFF0000u, 0xFFFF0000u), Lifecycle::kProvisioning);
}

}  // namespace
}  // namespace kb::test::nrf_model
