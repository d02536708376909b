// Oracle verdicts on crafted nRF5340 UICR images (slot layout: fact sheet nrf-kmu-lifecycle.md §1.3,
// HUK slots and PERM §3.2, identity key PERM §4.2).
#include <gtest/gtest.h>

#include "simulator/nrf/nrf5340_map.h"
#include "tools/campaign/nrf_oracles.h"
#include "tools/campaign/oracles.h"

namespace kb::tools::campaign {
namespace {

namespace map = sim::nrf;

constexpr uint32_t kMkekDest0 = 0x50845400;  // §3.2: slot 2 -> CryptoCell AES key bytes 0-15
constexpr uint32_t kMkekDest1 = 0x50845410;
constexpr uint32_t kHukPerm = 0xFFFFFFFC;
constexpr uint32_t kIdentityPerm = 0xFFFFFFFA;

NrfImage erased() {
  NrfImage image;
  image.uicr.fill(0xFFFFFFFFu);
  return image;
}

void set(NrfImage& image, uint32_t offset, uint32_t value) {
  image.uicr.at(offset / 4) = value;
}

void write_slot(NrfImage& image, unsigned slot, uint32_t dest, uint32_t perm, uint32_t fill) {
  set(image, map::dest_offset(slot), dest);
  for (unsigned i = 0; i < 4; ++i) set(image, map::value_offset(slot, i), fill + i);
  set(image, map::perm_offset(slot), perm);
}

NrfImage provisioned() {
  NrfImage image = erased();
  set(image, map::kBlStorageOffset, 0xFFFF0000u);  // §6.5: PROVISIONING entered
  write_slot(image, 2, kMkekDest0, kHukPerm, 0x11110000);
  write_slot(image, 3, kMkekDest1, kHukPerm, 0x22220000);
  write_slot(image, 4, kMkekDest0, kHukPerm, 0x33330000);
  write_slot(image, 5, kMkekDest1, kHukPerm, 0x44440000);
  write_slot(image, 6, 0xFFFFFFFF, kIdentityPerm, 0x55550000);
  write_slot(image, 7, 0xFFFFFFFF, kIdentityPerm, 0x66660000);
  return image;
}

TEST(NrfOracles, WholeSlotsPass) {
  const NrfImage start = erased();
  const NrfImage end = provisioned();
  EXPECT_TRUE(nrf::no_usable_partial_key(start, end, start, end));
  EXPECT_TRUE(nrf::no_usable_partial_key(end, end, start, end));
}

TEST(NrfOracles, StagedSlotWithDestAndTornValuePushesAPartialKey) {
  const NrfImage start = erased();
  const NrfImage end = provisioned();
  NrfImage cut = start;
  set(cut, map::dest_offset(2), kMkekDest0);
  set(cut, map::value_offset(2, 0), end.word(map::value_offset(2, 0)));  // VALUE[1..3] still erased
  EXPECT_TRUE(nrf::slot_usable(cut, 2)) << "PERM erased has PUSH set: the KMU pushes a staged slot";
  // The re-run left it as it was: the device will push it.
  EXPECT_FALSE(nrf::no_usable_partial_key(cut, cut, start, end));
  EXPECT_FALSE(no_usable_partial_key(DeviceImage(cut), DeviceImage(cut), DeviceImage(start), DeviceImage(end)));
  // The re-run revoked it: the KMU never pushes it again.
  NrfImage revoked = cut;
  set(revoked, map::perm_offset(2), 0xFFFEFFFFu);
  EXPECT_TRUE(nrf::no_usable_partial_key(cut, revoked, start, end));
}

TEST(NrfOracles, TornValueWithoutDestCannotBePushed) {
  const NrfImage start = erased();
  const NrfImage end = provisioned();
  NrfImage cut = start;
  set(cut, map::value_offset(2, 0), end.word(map::value_offset(2, 0)));
  set(cut, map::value_offset(2, 1), end.word(map::value_offset(2, 1)));
  EXPECT_FALSE(nrf::slot_usable(cut, 2));
  EXPECT_TRUE(nrf::no_usable_partial_key(cut, cut, start, end));
}

TEST(NrfOracles, ReadableConfiguredSlotWithForeignValueIsPartial) {
  const NrfImage start = erased();
  const NrfImage end = provisioned();
  NrfImage cut = end;
  set(cut, map::value_offset(6, 3), 0x00000000u);
  EXPECT_TRUE(nrf::slot_usable(cut, 6));
  EXPECT_FALSE(nrf::no_usable_partial_key(cut, cut, start, end));
}

TEST(NrfOracles, RevokedSlotIsNotUsable) {
  NrfImage cut = provisioned();
  set(cut, map::perm_offset(2), kHukPerm & ~map::kPermStateActive);
  EXPECT_FALSE(nrf::slot_usable(cut, 2));
}

TEST(NrfOracles, EveryWordMustBeBeforeOrAfter) {
  const NrfImage before = erased();
  NrfImage after = before;
  set(after, map::kBlStorageOffset, 0xFFFF0000u);
  EXPECT_TRUE(nrf::rolled_back_or_completed(before, before, after));
  EXPECT_TRUE(nrf::rolled_back_or_completed(after, before, after));
  NrfImage stray = before;
  set(stray, map::kBlStorageOffset + 4, 0x0000FFFFu);
  EXPECT_FALSE(nrf::rolled_back_or_completed(stray, before, after));
}

TEST(NrfOracles, ProjectionKeepsStructureNotRandomValues) {
  NrfImage a = provisioned();
  NrfImage b = a;
  set(b, map::value_offset(2, 0), 0x12345678u);  // another random MKEK
  EXPECT_EQ(nrf::provisioned_projection(a), nrf::provisioned_projection(b));
  set(b, map::perm_offset(7), 0xFFFFFFFFu);
  EXPECT_NE(nrf::provisioned_projection(a), nrf::provisioned_projection(b));
}

TEST(NrfOracles, HalfWrittenHukIsANamedRefusal) {
  EXPECT_FALSE(nrf::explain_refusal(erased(), false).has_value());
  EXPECT_FALSE(nrf::explain_refusal(provisioned(), false).has_value());
  NrfImage cut = erased();
  write_slot(cut, 2, kMkekDest0, kHukPerm, 0x11110000);
  set(cut, map::value_offset(3, 0), 0x22220000);  // slot 3 staged
  auto refusal = nrf::explain_refusal(cut, false);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->name, "nrf-huk-half-written");
  EXPECT_NE(refusal->explanation.find("MKEK"), std::string::npos) << refusal->explanation;
  EXPECT_NE(refusal->explanation.find("slot 3"), std::string::npos) << refusal->explanation;
  EXPECT_NE(refusal->explanation.find("ERASEALL"), std::string::npos) << refusal->explanation;
}

TEST(NrfOracles, CompleteMkekWithoutMextIsResumableNotRefused) {
  NrfImage cut = erased();
  write_slot(cut, 2, kMkekDest0, kHukPerm, 0x11110000);
  write_slot(cut, 3, kMkekDest1, kHukPerm, 0x22220000);
  EXPECT_FALSE(nrf::explain_refusal(cut, false).has_value());
}

TEST(NrfOracles, WholeFirstHalfOfAHukWithAnEmptySecondHalfIsResumable) {
  NrfImage cut = erased();
  write_slot(cut, 2, kMkekDest0, kHukPerm, 0x11110000);
  EXPECT_FALSE(nrf::explain_refusal(cut, false).has_value());
  set(cut, map::dest_offset(3), kMkekDest1);
  EXPECT_TRUE(nrf::explain_refusal(cut, false).has_value());
}

TEST(NrfOracles, HalfWrittenIdentityKeyIsANamedRefusal) {
  NrfImage cut = provisioned();
  set(cut, map::perm_offset(7), 0xFFFFFFFFu);
  auto refusal = nrf::explain_refusal(cut, false);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->name, "nrf-identity-key-half-written");
}

TEST(NrfOracles, LifecyclePastAssemblyIsARefusalOnlyInTheReferenceMode) {
  // The reference applications stop at "Lifecycle state is not ASSEMBLY"; the resumable mode goes on,
  // so there the same image must not excuse a re-run that fails.
  NrfImage cut = erased();
  set(cut, map::kBlStorageOffset, 0xFFFF0000u);  // PROVISIONING entered, no key written yet
  EXPECT_FALSE(nrf::explain_refusal(cut, false).has_value());
  auto refusal = nrf::explain_refusal(cut, true);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->name, "nrf-lifecycle-past-assembly");
  EXPECT_NE(refusal->explanation.find("--resume"), std::string::npos) << refusal->explanation;
  EXPECT_FALSE(nrf::explain_refusal(erased(), true).has_value()) << "ASSEMBLY is where the flow starts";
}

}  // namespace
}  // namespace kb::tools::campaign
