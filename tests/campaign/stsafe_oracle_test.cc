// Oracle verdicts on crafted STSAFE-A120 states: each oracle that must say false, does.
#include <gtest/gtest.h>

#include "tools/campaign/oracles.h"
#include "tools/campaign/stsafe_oracles.h"

namespace kb::tools::campaign {
namespace {

using sim::stsafe_a120::factory_state;
using sim::stsafe_a120::HostKeySlot;
using sim::stsafe_a120::HostKeyType;
using sim::stsafe_a120::State;

// The reference host keys of example 7.1 (fact sheet / firmware test keys).
const std::vector<uint8_t> kMac = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                   0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF};
const std::vector<uint8_t> kCipher = {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
                                      0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF};

State provisioned() {
  State s = factory_state();
  s.host_key_control.change_right = false;
  s.host_key_control.reprovision = true;
  s.host_key = HostKeySlot{true, HostKeyType::kAes128, kMac, kCipher, 0};
  return s;
}

TEST(StsafeOracles, WholeKeysPass) {
  const State start = factory_state();
  const State end = provisioned();
  EXPECT_TRUE(stsafe::no_usable_partial_key(start, end, start, end));
  EXPECT_TRUE(stsafe::no_usable_partial_key(end, end, start, end));
}

TEST(StsafeOracles, HostKeyMixingOldAndNewIsPartial) {
  const State start = factory_state();
  const State end = provisioned();
  State torn = end;
  torn.host_key.cipher_key.assign(16, 0xFF);  // MAC key landed, cipher key still erased
  EXPECT_FALSE(stsafe::no_usable_partial_key(torn, torn, start, end));
  EXPECT_FALSE(no_usable_partial_key(DeviceImage(torn), DeviceImage(torn), DeviceImage(start), DeviceImage(end)));
  // A re-run that overwrote the torn pair with the whole one leaves nothing partial.
  EXPECT_TRUE(stsafe::no_usable_partial_key(torn, end, start, end));
  torn = end;
  torn.host_key.type = HostKeyType::kAes256;
  EXPECT_FALSE(stsafe::no_usable_partial_key(torn, torn, start, end));
}

TEST(StsafeOracles, SymmetricKeyNotInEitherImageIsPartial) {
  State end = provisioned();
  end.symmetric_keys[3].present = true;
  end.symmetric_keys[3].info.slot = 3;
  end.symmetric_keys[3].key.assign(16, 0x5A);
  State torn = end;
  torn.symmetric_keys[3].key[15] = 0xFF;
  EXPECT_FALSE(stsafe::no_usable_partial_key(torn, torn, factory_state(), end));
  EXPECT_TRUE(stsafe::no_usable_partial_key(end, end, factory_state(), end));
}

TEST(StsafeOracles, InterruptedCommandRolledBackOrCompleted) {
  const State before = factory_state();
  const State after = provisioned();
  EXPECT_TRUE(stsafe::rolled_back_or_completed(before, before, after));
  EXPECT_TRUE(stsafe::rolled_back_or_completed(after, before, after));
}

TEST(StsafeOracles, HalfAppliedCommandIsNeither) {
  const State before = factory_state();
  const State after = provisioned();
  State half = before;
  half.host_key = after.host_key;  // key landed, control fields did not
  EXPECT_FALSE(stsafe::rolled_back_or_completed(half, before, after));
  EXPECT_FALSE(rolled_back_or_completed(DeviceImage(half), DeviceImage(before), DeviceImage(after)));
}

TEST(StsafeOracles, CountersMayRunAheadOnlyWithinTheCommand) {
  State before = provisioned();
  before.host_key.cmac_counter = 4;
  State after = before;
  after.host_key.cmac_counter = 5;
  after.random_counter = 1;
  State cut = before;
  cut.host_key.cmac_counter = 5;  // persisted ahead of the command, which did not run
  EXPECT_TRUE(stsafe::rolled_back_or_completed(cut, before, after));
  cut.host_key.cmac_counter = 6;
  EXPECT_FALSE(stsafe::rolled_back_or_completed(cut, before, after));
  cut = before;
  cut.random_counter = 2;
  EXPECT_FALSE(stsafe::rolled_back_or_completed(cut, before, after));
}

TEST(StsafeOracles, ProjectionIgnoresCountersOnly) {
  State a = provisioned();
  State b = a;
  b.host_key.cmac_counter = 9;
  b.random_counter = 3;
  EXPECT_EQ(stsafe::provisioned_projection(a), stsafe::provisioned_projection(b));
  b.host_key.mac_key[0] ^= 1;
  EXPECT_NE(stsafe::provisioned_projection(a), stsafe::provisioned_projection(b));
}

// A local envelope key is drawn by the chip: a re-run after a cut that lost it draws another one,
// and the chip is as provisioned as with the first. Its presence and type still count.
TEST(StsafeOracles, ProjectionTakesAChipDrawnEnvelopeKeyByPresenceAndType) {
  using sim::stsafe_a120::LocalEnvelopeKey;
  using sim::stsafe_a120::LocalEnvelopeKeyType;
  State a = provisioned();
  a.local_envelope_keys[0] = LocalEnvelopeKey{true, LocalEnvelopeKeyType::kAes128, std::vector<uint8_t>(16, 0x11)};
  State b = a;
  b.local_envelope_keys[0].key.assign(16, 0x22);
  EXPECT_EQ(stsafe::provisioned_projection(a), stsafe::provisioned_projection(b));
  b.local_envelope_keys[0] = LocalEnvelopeKey{true, LocalEnvelopeKeyType::kAes256, std::vector<uint8_t>(32, 0x11)};
  EXPECT_NE(stsafe::provisioned_projection(a), stsafe::provisioned_projection(b));
  EXPECT_NE(stsafe::provisioned_projection(a), stsafe::provisioned_projection(provisioned()));
  // Bytes still matter to the other oracles: a key that is neither the old nor the new one, kept by
  // the re-run, is a partial key; an interrupted generation is all or nothing.
  const State start = provisioned();
  State torn = a;
  torn.local_envelope_keys[0].key[15] = 0xFF;
  EXPECT_FALSE(stsafe::no_usable_partial_key(torn, torn, start, a));
  EXPECT_TRUE(stsafe::no_usable_partial_key(a, a, start, a));
  EXPECT_FALSE(stsafe::rolled_back_or_completed(torn, start, a));
  EXPECT_TRUE(stsafe::rolled_back_or_completed(start, start, a));
}

TEST(StsafeOracles, ClosedEmptyHostKeySlotIsANamedRefusal) {
  EXPECT_FALSE(stsafe::explain_refusal(factory_state()).has_value());
  State closed = factory_state();
  closed.host_key_control.change_right = false;
  closed.host_key_control.plaintext = false;
  closed.host_key_control.wrapped_anonymous = false;
  auto refusal = stsafe::explain_refusal(closed);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->name, "stsafe-host-key-slot-closed");
}

// A state whose private slot 1 holds a P-384 key made of `fill` bytes (a valid scalar for 0x11).
State with_private_key(uint8_t fill, uint16_t uses_left = 254) {
  State s = factory_state();
  auto& k = s.private_keys.slots[1];
  k.present = true;
  k.curve = sim::crypto::ec::Curve::kNistP384;
  k.private_key.assign(48, fill);
  k.usage_limit = 255;
  k.uses_left = uses_left;
  return s;
}

TEST(StsafeOracles, GeneratedPrivateKeyConvergesWhateverItsBytes) {
  // A re-run after a cut generates another key (the chip's random counter moved on): the slot is
  // provisioned when it holds a key of the same curve, limit and uses.
  EXPECT_EQ(stsafe::provisioned_projection(with_private_key(0x11)),
            stsafe::provisioned_projection(with_private_key(0x22)));
  EXPECT_NE(stsafe::provisioned_projection(with_private_key(0x11)),
            stsafe::provisioned_projection(with_private_key(0x11, 253)));
  State other_curve = with_private_key(0x11);
  other_curve.private_keys.slots[1].curve = sim::crypto::ec::Curve::kBrainpoolP384r1;
  EXPECT_NE(stsafe::provisioned_projection(other_curve), stsafe::provisioned_projection(with_private_key(0x11)));
  EXPECT_NE(stsafe::provisioned_projection(factory_state()), stsafe::provisioned_projection(with_private_key(0x11)));
  // The exact oracles still see the bytes.
  EXPECT_FALSE(stsafe::rolled_back_or_completed(with_private_key(0x33), factory_state(), with_private_key(0x11)));
}

TEST(StsafeOracles, PrivateKeyInNeitherImageKeptByTheRerunIsPartial) {
  const State start = factory_state();
  const State end = with_private_key(0x11);
  const State torn = with_private_key(0x33);
  EXPECT_FALSE(stsafe::no_usable_partial_key(torn, torn, start, end));
  EXPECT_TRUE(stsafe::no_usable_partial_key(torn, with_private_key(0x22), start, end)) << "regenerated by the re-run";
  EXPECT_TRUE(stsafe::no_usable_partial_key(end, end, start, end));
}

TEST(StsafeOracles, CounterZoneValueIsAConsumable) {
  State clean = factory_state();
  State rerun = factory_state();
  for (auto& z : clean.data_partitions) {
    if (z.index == 5) z.counter = 499999;
  }
  for (auto& z : rerun.data_partitions) {
    if (z.index == 5) z.counter = 499998;  // the re-run spent the amount again
  }
  EXPECT_EQ(stsafe::provisioned_projection(clean), stsafe::provisioned_projection(rerun));
  // Associated data and data zones are compared; the counter itself exactly at the cut.
  State other_data = rerun;
  for (auto& z : other_data.data_partitions) {
    if (z.index == 5) z.data[0] ^= 0x01;
  }
  EXPECT_NE(stsafe::provisioned_projection(other_data), stsafe::provisioned_projection(clean));
  EXPECT_FALSE(stsafe::rolled_back_or_completed(rerun, factory_state(), clean));
}

TEST(Oracles, RerunConvergesOnlyToTheProvisionedStateOrANamedRefusal) {
  const nlohmann::json provisioned_json = {{"k", 1}};
  EXPECT_TRUE(rerun_converges(true, provisioned_json, provisioned_json, std::nullopt));
  EXPECT_FALSE(rerun_converges(true, nlohmann::json{{"k", 2}}, provisioned_json, std::nullopt));
  EXPECT_FALSE(rerun_converges(false, provisioned_json, provisioned_json, std::nullopt));
  EXPECT_TRUE(rerun_converges(false, nlohmann::json{{"k", 2}}, provisioned_json, Refusal{"x", "y"}));
  // A re-run that "succeeds" in a refused state must still reach the provisioned state.
  EXPECT_FALSE(rerun_converges(true, nlohmann::json{{"k", 2}}, provisioned_json, Refusal{"x", "y"}));
}

TEST(Oracles, SuccessReportedWithoutEffectIsCaught) {
  const nlohmann::json provisioned_json = {{"k", 1}};
  EXPECT_TRUE(no_false_success(true, provisioned_json, provisioned_json));
  EXPECT_TRUE(no_false_success(false, nlohmann::json{{"k", 2}}, provisioned_json));
  EXPECT_FALSE(no_false_success(true, nlohmann::json{{"k", 2}}, provisioned_json));
}

TEST(Oracles, ImagesOfDifferentFamiliesNeverPass) {
  const DeviceImage stsafe_image = factory_state();
  const DeviceImage nrf_image = NrfImage{};
  EXPECT_FALSE(no_usable_partial_key(stsafe_image, stsafe_image, nrf_image, stsafe_image));
  EXPECT_FALSE(no_usable_partial_key(stsafe_image, nrf_image, stsafe_image, stsafe_image));
  EXPECT_FALSE(rolled_back_or_completed(stsafe_image, stsafe_image, nrf_image));
}

}  // namespace
}  // namespace kb::tools::campaign
