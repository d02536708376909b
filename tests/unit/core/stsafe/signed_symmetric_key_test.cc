// The signed form of Establish symmetric keys (1F 04, fact sheet 2.5 and 4.5): the host lends the
// library the entity's private key, which signs TBS = curve id | host key field | chip key field
// (the TBS the sheet gives for 1F 03 and 1F 18; docs/fidelity.md), or a signer of the caller's
// signs it. Against a scripted chip (the bytes on the wire) and against the STSAFE-A120 model (a
// good signature writes the slots, a refused one writes nothing and is named by the host).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>

#include "core/stsafe/commands/establish_symmetric_key.h"
#include "core/stsafe/commands/signed_ecdhe.h"
#include "core/stsafe/device_status.h"
#include "core/stsafe/stsafe.h"
#include "tests/unit/core/stsafe/ecdhe_test_support.h"
#include "tests/unit/simulator/stsafe_a120/ec_reference.h"

namespace kb::core::stsafe {
namespace {

namespace ref = kb::test::ec_reference;
using test::Bytes;
using test::command_wire;
using test::concat;
using test::digest;
using test::ecdhe_answer;
using test::fixed_ephemeral_public;
using test::hex;
using test::kChipPublic;
using test::kCurveId;
using test::kMacUsage;
using test::kOkHeaderOnly;
using test::public_key_field;
using test::response_wire;
using ::testing::Each;
using ::testing::ElementsAreArray;

const Bytes kSha256Id = hex("00 09 60 86 48 01 65 03 04 02 01");

// RFC 8032 section 7.1, TEST 1.
const Bytes kEd25519Secret = hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
const Bytes kEd25519Public = hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

// A signer the caller implements: ECDSA P-256 over SHA-384 of the TBS, naming `named` as the hash
// (SHA-384 unless a test lies), or a signature cut short.
class Sha384Signer final : public commands::EcdheSigner {
 public:
  Sha384Signer(uint8_t slot, const ref::KeyPair& key) : slot_(slot), key_(key) {}
  Result<commands::EcdheSignature> sign(std::span<const uint8_t> tbs, std::span<uint8_t> signature) override {
    ++calls;
    const Bytes rs = ref::sign(static_cast<size_t>(EccCurve::kNistP256), key_, digest("SHA384", tbs));
    std::copy(rs.begin(), rs.end(), signature.begin());
    return commands::EcdheSignature{slot_, EccCurve::kNistP256, named, signature.first(cut_short ? 10 : rs.size())};
  }

  commands::SignatureHash named = commands::SignatureHash::kSha384;
  bool cut_short = false;
  int calls = 0;

 private:
  uint8_t slot_;
  const ref::KeyPair& key_;
};

class SignedSymmetricKeyTest : public test::ScriptedEcdheTest {
 protected:
  void chip_agrees() {
    device.answer(ecdhe_answer());
    device.answer(kOkHeaderOnly);
    device.answer(kOkHeaderOnly);
  }

  const std::array<SymmetricKeyInfo, 1> infos = {SymmetricKeyInfo::cmac(3, SymmetricKeyType::kAes128, kMacUsage, 4)};
};

// Ed25519 signs deterministically, so the whole 1F 04 frame is known: the anonymous fields, then
// `00 | slot | 00 00 | 00 20 R | 00 20 S`; the confirmation and the keys are the anonymous ones.
TEST_F(SignedSymmetricKeyTest, Ed25519SignerFramesEveryField) {
  chip_agrees();
  const commands::EcdheSigningKey signer{2, EccCurve::kEd25519, kEd25519Secret};
  std::array<uint8_t, 16> keys{};
  ASSERT_TRUE(stsafe.establish_symmetric_keys(infos, keys, signer).ok());

  const Bytes tbs = concat({kCurveId, public_key_field(fixed_ephemeral_public()), public_key_field(kChipPublic)});
  const Bytes signature = ref::sign(ref::kEd25519, ref::KeyPair{kEd25519Secret, kEd25519Public}, tbs);
  ASSERT_EQ(signature.size(), 64u);
  ASSERT_TRUE(ref::verify(ref::kEd25519, kEd25519Public, tbs, signature));
  ASSERT_EQ(device.writes.size(), 3u);
  EXPECT_THAT(device.writes[1], ElementsAreArray(command_wire(concat(
                                    {hex("1F 04"), kCurveId, public_key_field(fixed_ephemeral_public()),
                                     hex("02 00 02 00 00 00 20"), Bytes(signature.begin(), signature.begin() + 32),
                                     hex("00 20"), Bytes(signature.begin() + 32, signature.end())}))));

  test::ExpectedSymmetricKeys expected;
  ASSERT_NO_FATAL_FAILURE(test::expected_symmetric_keys(hex("00 07 00 03 00 01 00 03 04"), 16, expected));
  EXPECT_THAT(device.writes[2], ElementsAreArray(expected.confirmation));
  EXPECT_THAT(keys, ElementsAreArray(expected.keys));
}

// An ECDSA signer names SHA-256 and signs SHA-256(TBS); the field lengths follow its curve (P-384: 48).
TEST_F(SignedSymmetricKeyTest, EcdsaSignerNamesSha256AndSignsTheTbsDigest) {
  chip_agrees();
  const ref::KeyPair entity = ref::generate(static_cast<size_t>(EccCurve::kNistP384));
  const commands::EcdheSigningKey signer{4, EccCurve::kNistP384, entity.private_key};
  std::array<uint8_t, 16> keys{};
  ASSERT_TRUE(stsafe.establish_symmetric_keys(infos, keys, signer).ok());

  ASSERT_EQ(device.writes.size(), 3u);
  const Bytes head =
      concat({hex("1F 04"), kCurveId, public_key_field(fixed_ephemeral_public()), hex("02 00 04"), kSha256Id});
  const Bytes& frame = device.writes[1];
  ASSERT_EQ(frame.size(), head.size() + 2 + 48 + 2 + 48 + 2);
  EXPECT_EQ(Bytes(frame.begin(), frame.begin() + static_cast<std::ptrdiff_t>(head.size())), head);
  const auto r = frame.begin() + static_cast<std::ptrdiff_t>(head.size());
  EXPECT_EQ(Bytes(r, r + 2), hex("00 30"));
  EXPECT_EQ(Bytes(r + 50, r + 52), hex("00 30"));
  const Bytes signature = concat({Bytes(r + 2, r + 50), Bytes(r + 52, r + 100)});
  const Bytes tbs = concat({kCurveId, public_key_field(fixed_ephemeral_public()), public_key_field(kChipPublic)});
  EXPECT_TRUE(
      ref::verify(static_cast<size_t>(EccCurve::kNistP384), entity.public_key, digest("SHA256", tbs), signature));
  EXPECT_FALSE(ref::verify(static_cast<size_t>(EccCurve::kNistP384), entity.public_key,
                           digest("SHA256", concat({tbs, hex("00")})), signature));
}

TEST_F(SignedSymmetricKeyTest, RefusedSignatureStopsBeforeTheConfirmation) {
  device.answer(ecdhe_answer());
  device.answer(response_wire(device_status::kAccessConditionNotSatisfied, {}));
  const commands::EcdheSigningKey signer{2, EccCurve::kEd25519, kEd25519Secret};
  std::array<uint8_t, 16> keys{};
  const Status s = stsafe.establish_symmetric_keys(infos, keys, signer);
  EXPECT_EQ(s, Status::device(Domain::kStsafe, device_status::kAccessConditionNotSatisfied));
  char text[64];
  EXPECT_STREQ(s.describe(text, sizeof text), "device status 0x11 (access condition not satisfied)");
  EXPECT_EQ(device.writes.size(), 2u);
  EXPECT_THAT(keys, Each(0));
}

TEST(SignedSymmetricKeyLocal, SignersThatCannotSignSendNothing) {
  test::SilentBusStsafe chip;
  const std::array<SymmetricKeyInfo, 1> infos = {SymmetricKeyInfo::cmac(3, SymmetricKeyType::kAes128, kMacUsage, 4)};
  std::array<uint8_t, 16> keys{};
  const Bytes key32(32, 0x42), key31(31, 0x42);
  EXPECT_EQ(chip.stsafe.establish_symmetric_keys(infos, keys, {1, EccCurve::kCurve25519, key32}),
            Status(Code::kInvalidArgument));
  EXPECT_EQ(chip.stsafe.establish_symmetric_keys(infos, keys, {1, EccCurve::kNistP256, key31}),
            Status(Code::kInvalidArgument));
  EXPECT_EQ(chip.stsafe.establish_symmetric_keys(infos, keys, {1, EccCurve::kNistP384, key32}),
            Status(Code::kInvalidArgument));
  EXPECT_EQ(chip.crypto.generated, 0);
}

// --- through the model ---

class SignedSymmetricKeyModelTest : public test::StsafeModelEcdheTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(StsafeModelEcdheTest::SetUp());
    // The entity's key in public key slot 1, allowed to establish symmetric keys; slot 3 accepts
    // keys established under it, slot 5 keeps the factory control fields.
    PublicKeyFlags flags;
    flags.establish_symmetric_key = true;
    ASSERT_NO_FATAL_FAILURE(put_entity_key(1, EccCurve::kNistP256, entity.public_key, flags));
    SymmetricSlotControlFields control;
    control.change_right = true;
    control.ecdhe_authentication_key = 1;
    ASSERT_TRUE(stsafe.put_symmetric_slot_control_fields(3, control).ok());
  }

  const sim::stsafe_a120::SymmetricKeySlot& chip_slot(uint8_t slot) const { return chip_state().symmetric_keys[slot]; }

  const ref::KeyPair entity = ref::generate(static_cast<size_t>(EccCurve::kNistP256));
};

TEST_F(SignedSymmetricKeyModelTest, GoodSignatureEstablishesAndBadOneIsRefused) {
  const std::array<SymmetricKeyInfo, 1> infos = {SymmetricKeyInfo::cmac(3, SymmetricKeyType::kAes128, kMacUsage, 4)};
  std::array<uint8_t, 16> keys{};

  // A key the slot does not hold: the chip refuses 1F 04 and writes nothing.
  const ref::KeyPair impostor = ref::generate(static_cast<size_t>(EccCurve::kNistP256));
  const Status refused = stsafe.establish_symmetric_keys(infos, keys, {1, EccCurve::kNistP256, impostor.private_key});
  EXPECT_EQ(refused, Status::device(Domain::kStsafe, device_status::kAccessConditionNotSatisfied));
  EXPECT_STREQ(device_status_name(refused.device_status()), "access condition not satisfied");
  EXPECT_THAT(keys, Each(0));
  EXPECT_FALSE(chip_slot(3).present);

  // The entity's own key: the chip writes the same key the host derived.
  ASSERT_TRUE(stsafe.establish_symmetric_keys(infos, keys, {1, EccCurve::kNistP256, entity.private_key}).ok());
  ASSERT_TRUE(chip_slot(3).present);
  EXPECT_THAT(chip_slot(3).key, ElementsAreArray(keys));
  EXPECT_THAT(keys, ::testing::Not(Each(0)));
}

// The caller's own signer: the chip verifies with the hash the command names.
TEST_F(SignedSymmetricKeyModelTest, CallersSignerNamesItsOwnHash) {
  const std::array<SymmetricKeyInfo, 1> infos = {SymmetricKeyInfo::cmac(3, SymmetricKeyType::kAes128, kMacUsage, 4)};
  std::array<uint8_t, 16> keys{};
  Sha384Signer signer(1, entity);
  signer.named = commands::SignatureHash::kSha256;
  EXPECT_EQ(stsafe.establish_symmetric_keys(infos, keys, signer),
            Status::device(Domain::kStsafe, device_status::kAccessConditionNotSatisfied))
      << "a SHA-384 signature named SHA-256 does not verify";
  signer.named = commands::SignatureHash::kSha384;
  signer.cut_short = true;
  EXPECT_EQ(stsafe.establish_symmetric_keys(infos, keys, signer), Status(Code::kInvalidArgument));
  EXPECT_FALSE(chip_slot(3).present);
  EXPECT_THAT(keys, Each(0));

  signer.cut_short = false;
  ASSERT_TRUE(stsafe.establish_symmetric_keys(infos, keys, signer).ok());
  EXPECT_EQ(signer.calls, 3);
  ASSERT_TRUE(chip_slot(3).present);
  EXPECT_THAT(chip_slot(3).key, ElementsAreArray(keys));
}

TEST_F(SignedSymmetricKeyModelTest, SignedPathNeedsTheSlotsAuthenticationKey) {
  // Slot 5's control fields name no ECDHE authentication key: the signature is good, the
  // confirmation is refused, nothing is written.
  const std::array<SymmetricKeyInfo, 1> infos = {SymmetricKeyInfo::cmac(5, SymmetricKeyType::kAes128, kMacUsage, 4)};
  std::array<uint8_t, 16> keys{};
  EXPECT_EQ(stsafe.establish_symmetric_keys(infos, keys, {1, EccCurve::kNistP256, entity.private_key}),
            Status::device(Domain::kStsafe, device_status::kCommandNotAuthorized));
  EXPECT_FALSE(chip_slot(5).present);
  EXPECT_THAT(keys, Each(0));
}

}  // namespace
}  // namespace kb::core::stsafe
