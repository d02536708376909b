// Power loss during NVMC programming (issue 4): a word is either old or new, the words after it are
// unwritten, and the chip is dead until its supply comes back.
#include <gtest/gtest.h>

#include "tests/unit/simulator/nrf/nrf_model_harness.h"

namespace kb::test::nrf_model {
namespace {

TEST(NrfPowerCut, TearsAKeyWriteAtAWordBoundary) {
  Harness h;
  h.select(7);
  h.chip.arm_power_cut_after_words(2);  // the third word never lands
  for (unsigned i = 0; i < 4; ++i) h.program(value_addr(7, i), 0x11111111u * (i + 1));
  h.program(perm_addr(7), 0xFFFFFFFAu);
  EXPECT_FALSE(h.chip.powered());
  EXPECT_EQ(h.rd(kUicrBase), 0u) << "a dead chip answers nothing";
  EXPECT_EQ(h.scheduler.now(), 2u * 43u * kb::sim::kMicrosecond);

  h.chip.power_cycle();
  ASSERT_TRUE(h.chip.powered());
  EXPECT_EQ(h.rd(kSelect), 0u) << "selection is volatile";
  EXPECT_EQ(h.chip.uicr_word(value_offset(7, 0)), 0x11111111u);
  EXPECT_EQ(h.chip.uicr_word(value_offset(7, 1)), 0x22222222u);
  EXPECT_EQ(h.chip.uicr_word(value_offset(7, 2)), 0xFFFFFFFFu);
  EXPECT_EQ(h.chip.uicr_word(value_offset(7, 3)), 0xFFFFFFFFu);
  EXPECT_EQ(h.chip.uicr_word(perm_offset(7)), 0xFFFFFFFFu);
  EXPECT_EQ(h.chip.slot_state(7), SlotState::kStaged) << "half a key is visible, and counts as written";
  EXPECT_EQ(h.chip.save_state()["key_slots"]["7"]["value"], "1111111122222222FFFFFFFFFFFFFFFF");
}

TEST(NrfPowerCut, ALifecycleWordIsEitherOldOrNew) {
  for (uint64_t cut = 0; cut < 2; ++cut) {
    Harness h;
    h.chip.arm_power_cut_after_words(cut);
    h.program(kUicrBase + kUicrOtpBegin, 0xFFFF0000u);
    h.chip.power_cycle();
    EXPECT_EQ(h.chip.lifecycle(), cut == 0 ? Lifecycle::kAssembly : Lifecycle::kProvisioning);
  }
}

TEST(NrfPowerCut, APushInFlightIsLost) {
  Harness h;
  h.write_slot(2, kCcAesKeyBase, 0xFFFFFFFCu, {1, 2, 3, 4});
  h.select(2);
  h.wr(kPush, 1);
  h.chip.power_cycle();
  h.settle();
  EXPECT_EQ(h.rd(kPushed), 0u);
  EXPECT_EQ(h.chip.cryptocell().aes_loaded_words(), 0u);
}

}  // namespace
}  // namespace kb::test::nrf_model
