// The KMU driver against the model: the slot-write procedure of fact sheet nrf-kmu-lifecycle.md
// §1.6 (order, deselect last), its refusals (§2.2 error names, nothing written), the "is written"
// test of §3.5, reads, pushes and revocation.
#include <gtest/gtest.h>

#include <cstring>

#include "core/nrf/nrf_status.h"
#include "tests/unit/core/nrf/nrf_core_harness.h"

namespace kb::test::nrf_core {
namespace {

using core::nrf::is;
using core::nrf::kNoDestination;
using core::nrf::NrfStatus;
using kb::sim::nrf::SlotState;

constexpr uint8_t kKey[16] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                              0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF};
constexpr uint32_t kSelect = 0x50039500;
constexpr uint32_t kConfig = 0x50039504;

TEST(NrfKmuDriver, WritesSelectDestValuePermDeselectInThatOrder) {
  CoreHarness h;
  ASSERT_TRUE(h.kmu->write_key_slot(2, 0x50845400, 0xFFFFFFFC, kKey).ok());
  // The UICR words the procedure wrote, in order, each framed by NVMC write-enable.
  std::vector<std::pair<uint32_t, uint32_t>> uicr;
  for (auto [a, v] : h.bus->writes) {
    if (a >= 0x00FF8000 && a < 0x00FF9000) uicr.emplace_back(a, v);
  }
  const std::vector<std::pair<uint32_t, uint32_t>> expected = {
      {0x00FF8410, 0x50845400}, {0x00FF8820, 0x33221100}, {0x00FF8824, 0x77665544},
      {0x00FF8828, 0xBBAA9988}, {0x00FF882C, 0xFFEEDDCC}, {0x00FF8414, 0xFFFFFFFC},
  };
  EXPECT_EQ(uicr, expected);
  // Select ID 3 (slot 2) comes before the first UICR write, select 0 is the last write of all.
  size_t first_select = 0;
  while (h.bus->writes[first_select] != std::pair<uint32_t, uint32_t>{kSelect, 3}) ++first_select;
  size_t first_uicr = 0;
  while (h.bus->writes[first_uicr].first != 0x00FF8410) ++first_uicr;
  EXPECT_LT(first_select, first_uicr);
  EXPECT_EQ(h.bus->writes[first_uicr - 1], (std::pair<uint32_t, uint32_t>{kConfig, 1}));
  EXPECT_EQ(h.bus->writes.back(), (std::pair<uint32_t, uint32_t>{kSelect, 0}));
  EXPECT_EQ(h.chip->slot_state(2), SlotState::kConfigured);
  EXPECT_EQ(h.chip->nvmc_config(), 0u) << "NVMC left read-only";
  EXPECT_EQ(h.words_programmed(), 6u);
  EXPECT_EQ(h.bench.scheduler().now(), 6u * 43u * 1000u) << "six words at tWRITE, nothing else costs time";
}

TEST(NrfKmuDriver, ANonPushableSlotSkipsDest) {
  CoreHarness h;
  ASSERT_TRUE(h.kmu->write_key_slot(6, kNoDestination, 0xFFFFFFFA, kKey).ok());
  EXPECT_EQ(h.chip->uicr_word(0x430), 0xFFFFFFFFu);
  EXPECT_EQ(h.chip->uicr_word(0x434), 0xFFFFFFFAu);
  EXPECT_EQ(h.words_programmed(), 5u);
}

TEST(NrfKmuDriver, RefusalsWriteNothing) {
  struct Case {
    const char* why;
    unsigned slot;
    uint32_t dest;
    uint32_t perm;
    NrfStatus expected;
  };
  const Case cases[] = {
      {"slot past the last", 128, 0x50845400, 0xFFFFFFFC, NrfStatus::kKmuInvalidSlot},
      {"PERM left erased", 2, 0x50845400, 0xFFFFFFFF, NrfStatus::kKmuWriteInvalidPerm},
      {"PERM revoked", 2, 0x50845400, 0xFFFEFFFC, NrfStatus::kKmuWriteInvalidPerm},
      {"pushable without a destination", 2, kNoDestination, 0xFFFFFFFC, NrfStatus::kKmuWrongAddress},
      {"destination not a key register", 2, 0x20000000, 0xFFFFFFFC, NrfStatus::kKmuWrongAddress},
      {"nRF9160 destination on an nRF5340", 2, 0x50841400, 0xFFFFFFFC, NrfStatus::kKmuWrongAddress},
  };
  for (const Case& c : cases) {
    CoreHarness h;
    EXPECT_TRUE(is(h.kmu->write_key_slot(c.slot, c.dest, c.perm, kKey), c.expected)) << c.why;
    EXPECT_EQ(h.words_programmed(), 0u) << c.why;
  }
}

TEST(NrfKmuDriver, AFilledSlotIsNotOverwritten) {
  CoreHarness h;
  ASSERT_TRUE(h.kmu->write_key_slot(4, 0x50845400, 0xFFFFFFFC, kKey).ok());
  const uint64_t before = h.words_programmed();
  EXPECT_TRUE(is(h.kmu->write_key_slot(4, 0x50845400, 0xFFFFFFFC, kKey), NrfStatus::kKmuAlreadyFilled));
  EXPECT_EQ(h.words_programmed(), before);
}

TEST(NrfKmuDriver, IsWrittenFollowsNordicsCheck) {
  CoreHarness h;
  h.load({{"key_slots",
           {{"10", {{"value", "FFFFFFFFFFFFFFFFFFFFFFFF00000000"}}},
            {"11", {{"dest", "0x50845400"}}},
            {"12", {{"perm", "0xFFFEFFFF"}}},
            {"13", {{"perm", "0xFFFFFFFC"}, {"value", "00112233445566778899AABBCCDDEEFF"}}}}}});
  EXPECT_FALSE(h.kmu->slot_is_written(9));
  EXPECT_TRUE(h.kmu->slot_is_written(10)) << "one VALUE word";
  EXPECT_TRUE(h.kmu->slot_is_written(11)) << "DEST only";
  EXPECT_TRUE(h.kmu->slot_is_written(12)) << "revoked while empty (§8.13)";
  EXPECT_TRUE(h.kmu->slot_is_written(13)) << "value hidden behind 0xDEADDEAD";
  EXPECT_FALSE(h.kmu->slot_is_written(200));
  EXPECT_EQ(h.chip->read32(kSelect), 0u);
}

TEST(NrfKmuDriver, ReadsAReadableSlotAndReportsABlockedOne) {
  CoreHarness h;
  ASSERT_TRUE(h.kmu->write_key_slot(6, kNoDestination, 0xFFFFFFFA, kKey).ok());
  ASSERT_TRUE(h.kmu->write_key_slot(2, 0x50845400, 0xFFFFFFFC, kKey).ok());
  uint8_t out[16];
  ASSERT_TRUE(h.kmu->read_value(6, out).ok());
  EXPECT_EQ(0, std::memcmp(out, kKey, 16));
  EXPECT_TRUE(is(h.kmu->read_value(2, out), NrfStatus::kKmuReadBlocked));
  for (uint8_t b : out) EXPECT_EQ(b, 0) << "nothing of a blocked read is handed out";
  EXPECT_EQ(h.kmu->read_perm(2), 0xFFFFFFFCu);
  EXPECT_EQ(h.kmu->read_dest(2), 0x50845400u);
}

TEST(NrfKmuDriver, PushesReportEachEvent) {
  CoreHarness h;
  ASSERT_TRUE(h.kmu->write_key_slot(2, 0x50845400, 0xFFFFFFFC, kKey).ok());
  ASSERT_TRUE(h.kmu->write_key_slot(6, kNoDestination, 0xFFFFFFFA, kKey).ok());
  EXPECT_TRUE(h.kmu->push(2).ok());
  EXPECT_EQ(h.chip->cryptocell().aes_key()[15], 0xFF);
  EXPECT_TRUE(is(h.kmu->push(6), NrfStatus::kKmuPushError));
  ASSERT_TRUE(h.kmu->revoke(2).ok());
  EXPECT_TRUE(is(h.kmu->push(2), NrfStatus::kKmuPushRevoked));
  EXPECT_EQ(h.chip->slot_state(2), SlotState::kRevoked);
}

TEST(NrfKmuDriver, ATornWriteIsReportedAndLeavesAStagedSlot) {
  CoreHarness h;
  h.chip->arm_power_cut_after_words(3);
  // The chip died under the third value word: its NVMC never reports ready again.
  EXPECT_TRUE(is(h.kmu->write_key_slot(2, 0x50845400, 0xFFFFFFFC, kKey), NrfStatus::kNvmcTimeout));
  h.bench.power_cycle();
  EXPECT_EQ(h.chip->slot_state(2), SlotState::kStaged);
  EXPECT_TRUE(h.kmu->slot_is_written(2));
}

}  // namespace
}  // namespace kb::test::nrf_core
