// The identity key (fact sheet nrf-kmu-lifecycle.md §4): stored in slots 6 and 7 with the
// identity-key permissions, only as ciphertext under an MKEK-derived key, never in plaintext in the
// UICR; refused without an MKEK or over written slots; read back to the same scalar. The dummy key
// and its public point are TF-M's template IAK, [VERIFIED] in §4.3.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "core/nrf/nrf_status.h"
#include "simulator/fixture/hex.h"
#include "tests/unit/core/nrf/nrf_core_harness.h"

namespace kb::test::nrf_core {
namespace {

using core::nrf::is;
using core::nrf::kDummyIdentityKey;
using core::nrf::NrfStatus;
using kb::sim::from_hex;
using kb::sim::to_hex;
using ::testing::HasSubstr;

bool contains(std::span<const uint8_t> haystack, std::span<const uint8_t> needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
}

TEST(NrfIdentityKey, DummyKeyRoundTripsAndIsTfmsTemplateIak) {
  CoreHarness h;
  ASSERT_TRUE(h.huk->write_random().ok());
  ASSERT_TRUE(h.identity->write_dummy().ok()) << h.log.text();
  EXPECT_THAT(h.log.text(),
              HasSubstr("<wrn> identity_key: WARNING: Using a dummy identity key not meant for production!"));
  EXPECT_TRUE(h.identity->is_written());
  uint8_t key[32];
  ASSERT_TRUE(h.identity->read(key).ok());
  EXPECT_EQ(0, std::memcmp(key, kDummyIdentityKey, 32));
  uint8_t pub[64];
  ASSERT_EQ(h.crypto.p256_public_from_private(key, pub), hal::CryptoResult::kOk);
  EXPECT_EQ(to_hex(pub),
            "79EBA90E8BF450A6751576AD4599B07ADF938DA3BB0BD17D0036ED49A2D0FC3F"
            "BFCDFA8956B568BFDB8673E648D8B58D929955B14A26C3080F34117D971D6864");
}

TEST(NrfIdentityKey, SlotsCarryIdentityPermissionsAndNoDestination) {
  CoreHarness h;
  ASSERT_TRUE(h.huk->write_random().ok());
  ASSERT_TRUE(h.identity->write_random().ok());
  nlohmann::json slots = h.state()["key_slots"];
  for (const char* s : {"6", "7"}) {
    EXPECT_EQ(slots[s]["perm"], "0xFFFFFFFA");
    EXPECT_FALSE(slots[s].contains("dest"));
    EXPECT_EQ(slots[s]["state"], "configured");
  }
  EXPECT_TRUE(h.chip->identity_key_written());
}

TEST(NrfIdentityKey, NeverInPlaintextInTheUicr) {
  CoreHarness h;
  ASSERT_TRUE(h.huk->write_random().ok());
  ASSERT_TRUE(h.identity->write_random().ok());
  uint8_t key[32];
  ASSERT_TRUE(h.identity->read(key).ok());
  auto uicr = h.chip->uicr().bytes();
  std::span<const uint8_t> k(key, 32);
  EXPECT_FALSE(contains(uicr, k));
  // Not even a half or any 8-byte run of it.
  for (size_t at = 0; at + 8 <= 32; ++at) EXPECT_FALSE(contains(uicr, k.subspan(at, 8))) << "at " << at;
  // What the slots hold decrypts to the key, so it is the key, encrypted.
  uint8_t stored[32];
  std::memcpy(stored, uicr.data() + 0x860, 32);
  EXPECT_NE(0, std::memcmp(stored, key, 32));
}

TEST(NrfIdentityKey, TheSameKeyUnderAnotherMkekIsOtherCiphertext) {
  CoreHarness a, b;
  auto mkek_a = from_hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
  auto mkek_b = from_hex("1F1E1D1C1B1A191817161514131211100F0E0D0C0B0A09080706050403020100");
  ASSERT_TRUE(a.huk->write(core::nrf::HukSlot::kMkek, mkek_a).ok());
  ASSERT_TRUE(b.huk->write(core::nrf::HukSlot::kMkek, mkek_b).ok());
  ASSERT_TRUE(a.identity->write_dummy().ok());
  ASSERT_TRUE(b.identity->write_dummy().ok());
  EXPECT_NE(a.state()["key_slots"]["6"]["value"], b.state()["key_slots"]["6"]["value"]);
}

TEST(NrfIdentityKey, WithoutAnMkekNothingIsWritten) {
  CoreHarness h;
  EXPECT_TRUE(is(h.identity->write_random(), NrfStatus::kIdentityMkekMissing));
  EXPECT_EQ(h.log.text(), "<err> identity_key: Could not find the MKEK!\n");
  EXPECT_EQ(h.words_programmed(), 0u);
  uint8_t key[32];
  EXPECT_TRUE(is(h.identity->read(key), NrfStatus::kIdentityMkekMissing));
}

TEST(NrfIdentityKey, AHalfWrittenKeyIsNotWrittenAndBlocksARewrite) {
  CoreHarness h;
  ASSERT_TRUE(h.huk->write_random().ok());
  // Slot 6 complete, slot 7 cut after two value words.
  h.chip->arm_power_cut_after_words(7);
  EXPECT_FALSE(h.identity->write_random().ok());
  h.bench.power_cycle();
  h.log.clear();
  EXPECT_FALSE(h.identity->is_written());
  EXPECT_EQ(h.chip->slot_state(6), kb::sim::nrf::SlotState::kConfigured);
  EXPECT_EQ(h.chip->slot_state(7), kb::sim::nrf::SlotState::kStaged);
  const uint64_t before = h.words_programmed();
  EXPECT_TRUE(is(h.identity->write_random(), NrfStatus::kKidentAlreadyFilled));
  EXPECT_EQ(h.log.text(), "<err> identity_key: Identity key write failed! Error: -28709\n");
  EXPECT_EQ(h.words_programmed(), before);
  uint8_t key[32];
  EXPECT_TRUE(is(h.identity->read(key), NrfStatus::kIdentityMissing));
}

TEST(NrfIdentityKey, StoreRefusesASlotPast126) {
  CoreHarness h;
  ASSERT_TRUE(h.huk->write_random().ok());
  uint8_t key[32] = {1};
  EXPECT_TRUE(is(h.store->store(key, 127), NrfStatus::kIdentityKeyInvalidSlot));
}

}  // namespace
}  // namespace kb::test::nrf_core
