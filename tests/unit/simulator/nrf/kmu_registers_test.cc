// The KMU register interface and key-slot filter against fact sheet nrf-kmu-lifecycle.md
// §1.2 (register map), §1.4 (PERM bits), §1.5 (slot ID vs index), §1.6 (read/write/push rules) and
// §1.7 (slot state table).
#include <gtest/gtest.h>

#include "tests/unit/simulator/nrf/nrf_model_harness.h"

namespace kb::test::nrf_model {
namespace {

TEST(NrfKmuRegisters, SelectKeyslotSetsSelectedOnlyForIds1To128) {
  Harness h;
  EXPECT_EQ(h.rd(kStatus), 0u) << "reset value";
  h.wr(kSelect, 1);
  EXPECT_EQ(h.rd(kStatus), kKmuStatusSelected);
  EXPECT_EQ(h.rd(kSelect), 1u);
  h.wr(kSelect, 128);
  EXPECT_EQ(h.rd(kStatus), kKmuStatusSelected);
  h.wr(kSelect, 0);
  EXPECT_EQ(h.rd(kStatus), 0u) << "ID 0 is the idle 'no slot'";
  h.wr(kSelect, 129);
  EXPECT_EQ(h.rd(kStatus), 0u);
  h.wr(kSelect, 0x1FF);
  EXPECT_EQ(h.rd(kSelect), 0xFFu) << "only bits 7:0 exist";
}

TEST(NrfKmuRegisters, SelectingReEvaluatesStatusAndClearsBlocked) {
  Harness h;
  (void)h.rd(value_addr(0, 0));  // nothing selected: blocked
  EXPECT_EQ(h.rd(kStatus), kKmuStatusBlocked);
  h.select(0);
  EXPECT_EQ(h.rd(kStatus), kKmuStatusSelected);
}

TEST(NrfKmuRegisters, ErasedSlotIsReadableAndReadsAllOnes) {
  Harness h;
  h.select(5);
  EXPECT_EQ(h.rd(dest_addr(5)), 0xFFFFFFFFu);
  EXPECT_EQ(h.rd(perm_addr(5)), 0xFFFFFFFFu);
  for (unsigned i = 0; i < 4; ++i) EXPECT_EQ(h.rd(value_addr(5, i)), 0xFFFFFFFFu);
  EXPECT_EQ(h.rd(kStatus), kKmuStatusSelected) << "no violation";
  EXPECT_EQ(h.chip.slot_state(5), SlotState::kEmpty);
}

TEST(NrfKmuRegisters, ReadWithoutSelectionOrOfAnotherSlotAnswersDeadDead) {
  Harness h;
  h.write_slot(3, 0xFFFFFFFFu, 0xFFFFFFFAu, {1, 2, 3, 4});  // readable
  EXPECT_EQ(h.rd(value_addr(3, 0)), kBlockedRead) << "no slot selected";
  EXPECT_EQ(h.rd(kStatus) & kKmuStatusBlocked, kKmuStatusBlocked);
  h.select(4);
  EXPECT_EQ(h.rd(value_addr(3, 0)), kBlockedRead) << "address of a slot other than the selected one";
  EXPECT_EQ(h.rd(perm_addr(3)), kBlockedRead);
  h.select(3);
  EXPECT_EQ(h.rd(value_addr(3, 0)), 1u);
  EXPECT_EQ(h.rd(value_addr(3, 3)), 4u);
}

TEST(NrfKmuRegisters, PushOnlySlotHidesItsValueButShowsItsHeader) {
  Harness h;
  h.write_slot(2, kCcAesKeyBase, 0xFFFFFFFCu, {0x11111111, 0x22222222, 0x33333333, 0x44444444});
  EXPECT_EQ(h.chip.slot_state(2), SlotState::kConfigured);
  h.select(2);
  EXPECT_EQ(h.rd(dest_addr(2)), kCcAesKeyBase);
  EXPECT_EQ(h.rd(perm_addr(2)), 0xFFFFFFFCu);
  EXPECT_EQ(h.rd(kStatus), kKmuStatusSelected);
  for (unsigned i = 0; i < 4; ++i) EXPECT_EQ(h.rd(value_addr(2, i)), kBlockedRead) << "READ = 0";
  EXPECT_EQ(h.rd(kStatus), kKmuStatusSelected | kKmuStatusBlocked);
  // The words are there all the same.
  EXPECT_EQ(h.chip.uicr_word(value_offset(2, 1)), 0x22222222u);
}

TEST(NrfKmuRegisters, StagedSlotIsStillReadable) {
  Harness h;
  h.select(9);
  h.program(value_addr(9, 0), 0xCAFEF00Du);
  EXPECT_EQ(h.chip.slot_state(9), SlotState::kStaged);
  EXPECT_EQ(h.rd(value_addr(9, 0)), 0xCAFEF00Du);
}

TEST(NrfKmuRegisters, WritesNeedTheSlotSelected) {
  Harness h;
  h.program(value_addr(1, 0), 0x12345678u);  // nothing selected
  EXPECT_EQ(h.chip.uicr_word(value_offset(1, 0)), 0xFFFFFFFFu);
  EXPECT_EQ(h.rd(kStatus) & kKmuStatusBlocked, kKmuStatusBlocked);
  h.select(0);
  h.program(value_addr(1, 0), 0x12345678u);  // slot 0 selected, slot 1 written
  EXPECT_EQ(h.chip.uicr_word(value_offset(1, 0)), 0xFFFFFFFFu);
  EXPECT_EQ(h.chip.nvmc_words_programmed(), 0u);
}

TEST(NrfKmuRegisters, ConfiguredSlotWithoutWriteRefusesValueAndDestWrites) {
  Harness h;
  h.write_slot(2, kCcAesKeyBase, 0xFFFFFFFCu, {0xFFFF0000u, 0, 0, 0});
  h.select(2);
  h.program(value_addr(2, 0), 0x0000FFFFu);
  h.program(dest_addr(2), 0);
  EXPECT_EQ(h.chip.uicr_word(value_offset(2, 0)), 0xFFFF0000u);
  EXPECT_EQ(h.chip.uicr_word(dest_offset(2)), kCcAesKeyBase);
  EXPECT_EQ(h.rd(kStatus) & kKmuStatusBlocked, kKmuStatusBlocked);
}

TEST(NrfKmuRegisters, PermLowHalfIsWriteOnce) {
  Harness h;
  h.write_slot(6, 0xFFFFFFFFu, 0xFFFFFFFAu, {1, 2, 3, 4});
  h.select(6);
  h.program(perm_addr(6), 0xFFFFFFF8u);  // would clear READ: a second write to the low half
  EXPECT_EQ(h.chip.uicr_word(perm_offset(6)), 0xFFFFFFFAu);
  EXPECT_EQ(h.rd(kStatus) & kKmuStatusBlocked, kKmuStatusBlocked);
}

TEST(NrfKmuRegisters, RevokingClearsStateZeroizesValueAndBlocksEverything) {
  Harness h;
  h.write_slot(6, 0xFFFFFFFFu, 0xFFFFFFFAu, {1, 2, 3, 4});
  h.select(6);
  // Upper halfword write with the lower half masked as 0xFFFF (§1.6, revoke).
  h.program(perm_addr(6), 0xFFFEFFFFu);
  EXPECT_EQ(h.chip.uicr_word(perm_offset(6)), 0xFFFEFFFAu);
  EXPECT_EQ(h.chip.slot_state(6), SlotState::kRevoked);
  for (unsigned i = 0; i < 4; ++i) EXPECT_EQ(h.chip.uicr_word(value_offset(6, i)), 0u) << "zeroized";
  for (unsigned i = 0; i < 4; ++i) EXPECT_EQ(h.rd(value_addr(6, i)), kBlockedRead);
  h.select(6);
  h.program(perm_addr(6), 0x0001FFFFu);  // no un-revoke
  EXPECT_EQ(h.chip.uicr_word(perm_offset(6)), 0xFFFEFFFAu);
  h.wr(kPush, 1);
  h.settle();
  EXPECT_EQ(h.rd(kRevoked), 1u);
  EXPECT_EQ(h.rd(kPushed), 0u);
  EXPECT_EQ(h.rd(kError), 0u);
}

TEST(NrfKmuRegisters, RevokingAnEmptySlotCountsAsWritten) {
  Harness h;
  h.select(10);
  h.program(perm_addr(10), 0xFFFEFFFFu);
  EXPECT_EQ(h.chip.slot_state(10), SlotState::kRevoked);
}

TEST(NrfKmuRegisters, PushCopiesTheValueIntoTheCryptoCellKeyRegister) {
  Harness h;
  h.write_slot(2, kCcAesKeyBase, 0xFFFFFFFCu, {0x03020100, 0x07060504, 0x0B0A0908, 0x0F0E0D0C});
  h.write_slot(3, kCcAesKeyBase + 16, 0xFFFFFFFCu, {0x13121110, 0x17161514, 0x1B1A1918, 0x1F1E1D1C});
  h.select(2);
  h.wr(kPush, 1);
  EXPECT_EQ(h.rd(kPushed), 0u) << "the push takes time";
  h.settle();
  EXPECT_EQ(h.rd(kPushed), 1u);
  h.wr(kPushed, 0);
  h.select(3);
  h.wr(kPush, 1);
  h.settle();
  EXPECT_EQ(h.rd(kPushed), 1u);
  auto key = h.chip.cryptocell().aes_key();
  for (unsigned i = 0; i < 32; ++i) EXPECT_EQ(key[i], i);
  EXPECT_EQ(h.rd(kCcAesKeyBase), 0u) << "key registers are write-only";
}

TEST(NrfKmuRegisters, PushErrorsWithoutSelectionDestinationOrPushRight) {
  struct Case {
    const char* why;
    unsigned slot;
    uint32_t dest;
    uint32_t perm;
    bool select;
  };
  const Case cases[] = {
      {"no slot selected", 2, kCcAesKeyBase, 0xFFFFFFFCu, false},
      {"push disabled (identity-key permissions)", 6, 0xFFFFFFFFu, 0xFFFFFFFAu, true},
      {"DEST not defined", 4, 0xFFFFFFFFu, 0xFFFFFFFCu, true},
      {"DEST not a CryptoCell key register", 4, 0x20000000u, 0xFFFFFFFCu, true},
  };
  for (const Case& c : cases) {
    Harness h;
    h.write_slot(c.slot, c.dest, c.perm, {1, 2, 3, 4});
    if (c.select) h.select(c.slot);
    h.wr(kPush, 1);
    h.settle();
    EXPECT_EQ(h.rd(kError), 1u) << c.why;
    EXPECT_EQ(h.rd(kPushed), 0u) << c.why;
    EXPECT_EQ(h.chip.cryptocell().aes_loaded_words(), 0u) << c.why;
  }
}

TEST(NrfKmuRegisters, StagedSlotWithDestinationPushes) {
  Harness h;
  h.select(4);
  h.program(dest_addr(4), kCcChachaKeyBase);
  h.program(value_addr(4, 0), 0xA5A5A5A5u);
  h.wr(kPush, 1);
  h.settle();
  EXPECT_EQ(h.rd(kPushed), 1u);
  EXPECT_EQ(h.chip.cryptocell().chacha_key()[0], 0xA5);
}

TEST(NrfKmuRegisters, EventsClearByWritingZeroAndShowInIntpendWhenEnabled) {
  Harness h;
  h.wr(kPush, 1);  // nothing selected
  h.settle();
  EXPECT_EQ(h.rd(kError), 1u);
  EXPECT_EQ(h.rd(kKmuNvmcBase + kKmuIntpend), 0u);
  h.wr(kKmuNvmcBase + kKmuIntenset, 4);
  EXPECT_EQ(h.rd(kKmuNvmcBase + kKmuInten), 4u);
  EXPECT_EQ(h.rd(kKmuNvmcBase + kKmuIntpend), 4u);
  h.wr(kError, 0);
  EXPECT_EQ(h.rd(kError), 0u);
  h.wr(kKmuNvmcBase + kKmuIntenclr, 4);
  EXPECT_EQ(h.rd(kKmuNvmcBase + kKmuInten), 0u);
}

TEST(NrfKmuRegisters, MisalignedAndUnmappedAccessesAreBusErrors) {
  Harness h;
  EXPECT_EQ(h.rd(kUicrBase + 2), 0u);
  h.wr(0x40039500, 1);  // the non-secure alias is not modelled as accessible
  EXPECT_EQ(h.rd(kKmuNvmcBase + 0x200), 0u);
  EXPECT_EQ(h.chip.bus_errors(), 3u);
}

}  // namespace
}  // namespace kb::test::nrf_model
