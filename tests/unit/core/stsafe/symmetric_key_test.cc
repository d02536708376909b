// Symmetric key info (fact sheet 2.8), plaintext writes, erase, and symmetric keys by ECDHE (4.5).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>

#include "core/stsafe/commands/establish_symmetric_key.h"
#include "core/stsafe/stsafe.h"
#include "tests/unit/core/stsafe/ecdhe_test_support.h"

namespace kb::core::stsafe {
namespace {

using test::Bytes;
using test::command_wire;
using test::concat;
using test::ecdhe_answer;
using test::hex;
using test::kCurveId;
using test::kMacUsage;
using test::kOkHeaderOnly;
using test::public_key_field;
using test::response_wire;
using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::StrictMock;

constexpr uint16_t kCipherUsage = key_usage::kEncryption | key_usage::kDecryption;

Bytes encoded(const SymmetricKeyInfo& info) {
  std::array<uint8_t, kMaxKeyInfoBytes> out{};
  const size_t n = info.encode(out);
  return Bytes(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n));
}

// --- key info (2.8) ---

// The EX examples' key infos (fact sheet 2.8 and 7.2 / 7.3).
TEST(KeyInfo, ReferenceExampleLayouts) {
  EXPECT_THAT(encoded(SymmetricKeyInfo::cmac(3, SymmetricKeyType::kAes128, kMacUsage, 2)),
              ElementsAreArray(hex("00 03 00 01 00 03 02")));
  EXPECT_THAT(encoded(SymmetricKeyInfo::ccm(5, SymmetricKeyType::kAes256, kCipherUsage, 4)),
              ElementsAreArray(hex("00 05 01 00 00 0C 04 00")));
}

TEST(KeyInfo, EveryModeHasItsLength) {
  SymmetricKeyInfo ecb = SymmetricKeyInfo::ecb(1, SymmetricKeyType::kAes128, kCipherUsage);
  EXPECT_THAT(encoded(ecb), ElementsAreArray(hex("00 01 00 02 00 0C")));
  SymmetricKeyInfo gcm = ecb;
  gcm.mode = ModeOfOperation::kGcm;
  gcm.tag_length = 16;
  EXPECT_THAT(encoded(gcm), ElementsAreArray(hex("00 01 00 03 00 0C 10")));
  SymmetricKeyInfo ccm = SymmetricKeyInfo::ccm(2, SymmetricKeyType::kAes128, kCipherUsage, 8);
  ccm.counter_present = true;
  ccm.counter_offset = 9;
  ccm.lock = LockIndicator::kLocked;
  EXPECT_THAT(encoded(ccm), ElementsAreArray(hex("01 02 00 00 00 0C 08 89")));
  SymmetricKeyInfo hkdf;
  hkdf.slot = 7;
  hkdf.key_type = SymmetricKeyType::kGenericSecret;
  hkdf.mode = ModeOfOperation::kHkdf;
  hkdf.usage = key_usage::kDerive;
  hkdf.derived_keys_exportable = true;
  hkdf.generic_secret_length = 24;
  EXPECT_TRUE(hkdf.valid());
  EXPECT_EQ(hkdf.key_length(), 24u);
  EXPECT_THAT(encoded(hkdf), ElementsAreArray(hex("00 07 02 04 00 40 01 18")));
  SymmetricKeyInfo hmac = hkdf;
  hmac.mode = ModeOfOperation::kHmac;
  hmac.min_mac_length = 16;
  EXPECT_THAT(encoded(hmac), ElementsAreArray(hex("00 07 02 05 00 40 10 18")));
}

TEST(KeyInfo, ValidityRules) {
  SymmetricKeyInfo ccm = SymmetricKeyInfo::ccm(5, SymmetricKeyType::kAes256, kCipherUsage, 4);
  EXPECT_TRUE(ccm.valid());
  for (uint8_t tag : {0, 4, 8, 16}) {
    ccm.tag_length = tag;
    EXPECT_TRUE(ccm.valid()) << int{tag};
  }
  for (uint8_t tag : {2, 6, 10, 12, 14, 17}) {
    ccm.tag_length = tag;
    EXPECT_FALSE(ccm.valid()) << int{tag};
  }
  ccm.tag_length = 4;
  ccm.counter_offset = 10;
  EXPECT_FALSE(ccm.valid());
  ccm.counter_offset = 0;
  ccm.key_type = SymmetricKeyType::kGenericSecret;
  EXPECT_FALSE(ccm.valid());

  SymmetricKeyInfo cmac = SymmetricKeyInfo::cmac(3, SymmetricKeyType::kAes128, kMacUsage, 0);
  EXPECT_FALSE(cmac.valid());
  cmac.min_mac_length = 17;
  EXPECT_FALSE(cmac.valid());
  cmac.min_mac_length = 16;
  EXPECT_TRUE(cmac.valid());
  cmac.lock = static_cast<LockIndicator>(3);
  EXPECT_FALSE(cmac.valid());

  SymmetricKeyInfo gcm = SymmetricKeyInfo::ecb(1, SymmetricKeyType::kAes128, kCipherUsage);
  gcm.mode = ModeOfOperation::kGcm;
  for (uint8_t tag : {4, 8, 12, 13, 16}) {
    gcm.tag_length = tag;
    EXPECT_TRUE(gcm.valid()) << int{tag};
  }
  for (uint8_t tag : {0, 6, 10, 17}) {
    gcm.tag_length = tag;
    EXPECT_FALSE(gcm.valid()) << int{tag};
  }

  SymmetricKeyInfo hmac;
  hmac.key_type = SymmetricKeyType::kGenericSecret;
  hmac.mode = ModeOfOperation::kHmac;
  hmac.min_mac_length = 32;
  hmac.generic_secret_length = 15;
  EXPECT_FALSE(hmac.valid());
  hmac.generic_secret_length = 33;
  EXPECT_FALSE(hmac.valid());
  hmac.generic_secret_length = 32;
  EXPECT_TRUE(hmac.valid());
  hmac.key_type = SymmetricKeyType::kAes256;
  EXPECT_FALSE(hmac.valid());

  SymmetricKeyInfo unknown_mode = cmac;
  unknown_mode.lock = LockIndicator::kUnlocked;
  unknown_mode.mode = static_cast<ModeOfOperation>(6);
  EXPECT_FALSE(unknown_mode.valid());
}

// --- plaintext write, erase ---

using SymmetricKeyTest = test::ScriptedEcdheTest;

// Fact sheet 2.5 "Write symmetric key plaintext": `1F 17 key info | key`.
TEST_F(SymmetricKeyTest, PlaintextWrite) {
  device.answer(kOkHeaderOnly);
  ASSERT_TRUE(stsafe
                  .write_symmetric_key_plaintext(SymmetricKeyInfo::cmac(3, SymmetricKeyType::kAes128, kMacUsage, 2),
                                                 Bytes(16, 0x5A))
                  .ok());
  EXPECT_THAT(device.writes, ElementsAre(command_wire(concat({hex("1F 17 00 03 00 01 00 03 02"), Bytes(16, 0x5A)}))));
}

TEST_F(SymmetricKeyTest, PlaintextWriteRefusedByControlFields) {
  device.answer(response_wire(0x1E, {}));
  EXPECT_EQ(stsafe.write_symmetric_key_plaintext(SymmetricKeyInfo::cmac(3, SymmetricKeyType::kAes128, kMacUsage, 2),
                                                 Bytes(16, 0x5A)),
            Status::device(Domain::kStsafe, 0x1E));
}

TEST_F(SymmetricKeyTest, Erase) {
  device.answer(kOkHeaderOnly);
  ASSERT_TRUE(stsafe.erase_symmetric_key(4).ok());
  EXPECT_THAT(device.writes, ElementsAre(command_wire(hex("1F 19 04"))));
}

TEST(SymmetricKeyLocal, PlaintextWriteWithWrongKeySizeSendsNothing) {
  StrictMock<test::MockI2cInitiator> i2c;
  test::FakeClock clock;
  Stsafe stsafe(i2c, clock);
  const auto info = SymmetricKeyInfo::cmac(3, SymmetricKeyType::kAes128, kMacUsage, 2);
  EXPECT_EQ(stsafe.write_symmetric_key_plaintext(info, Bytes(15, 0x5A)), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.write_symmetric_key_plaintext(info, Bytes(32, 0x5A)), Status(Code::kInvalidArgument));
  auto bad = info;
  bad.min_mac_length = 0;
  EXPECT_EQ(stsafe.write_symmetric_key_plaintext(bad, Bytes(16, 0x5A)), Status(Code::kInvalidArgument));
}

// --- symmetric keys by ECDHE (4.5), host ephemeral key 32 x 22, chip key from 4.6 ---

TEST_F(SymmetricKeyTest, EstablishSymmetricKeysConfirmsWithTheDerivedMac) {
  device.answer(ecdhe_answer());
  device.answer(kOkHeaderOnly);
  device.answer(kOkHeaderOnly);
  const std::array<SymmetricKeyInfo, 2> infos = {SymmetricKeyInfo::cmac(3, SymmetricKeyType::kAes128, kMacUsage, 4),
                                                 SymmetricKeyInfo::ccm(5, SymmetricKeyType::kAes256, kCipherUsage, 8)};
  std::array<uint8_t, 48> keys{};
  ASSERT_TRUE(stsafe.establish_symmetric_keys(infos, keys).ok());

  // The expected bytes, computed here from the fact sheet's formulas with the platform crypto.
  const Bytes host_public = test::fixed_ephemeral_public();
  test::ExpectedSymmetricKeys expected;
  ASSERT_NO_FATAL_FAILURE(test::expected_symmetric_keys(hex("00 07 00 03 00 01 00 03 04 00 08 00 05 01 00 00 0C 08 00"),
                                                        16 + 32, expected));

  ASSERT_EQ(device.writes.size(), 3u);
  EXPECT_EQ(device.writes[0], hex("1F 0B 00 08 2A 86 48 CE 3D 03 01 07 C2 6A"));
  EXPECT_THAT(
      device.writes[1],
      ElementsAreArray(command_wire(concat({hex("1F 04"), kCurveId, public_key_field(host_public), hex("02")}))));
  EXPECT_THAT(device.writes[2], ElementsAreArray(expected.confirmation));
  EXPECT_THAT(keys, ElementsAreArray(expected.keys));
}

TEST_F(SymmetricKeyTest, RefusedConfirmationReleasesNoKeys) {
  device.answer(ecdhe_answer());
  device.answer(kOkHeaderOnly);
  device.answer(response_wire(0x16, {}));
  const std::array<SymmetricKeyInfo, 1> infos = {SymmetricKeyInfo::cmac(3, SymmetricKeyType::kAes128, kMacUsage, 4)};
  std::array<uint8_t, 16> keys{};
  EXPECT_EQ(stsafe.establish_symmetric_keys(infos, keys), Status::device(Domain::kStsafe, 0x16));
  EXPECT_THAT(keys, Each(0));
}

TEST(SymmetricKeyLocal, EstablishArgumentsCheckedFirst) {
  test::SilentBusStsafe chip;
  const std::array<SymmetricKeyInfo, 1> one = {SymmetricKeyInfo::cmac(3, SymmetricKeyType::kAes128, kMacUsage, 4)};
  std::array<uint8_t, 32> wrong_size{};
  EXPECT_EQ(chip.stsafe.establish_symmetric_keys(one, wrong_size), Status(Code::kInvalidArgument));
  EXPECT_EQ(chip.stsafe.establish_symmetric_keys({}, wrong_size), Status(Code::kInvalidArgument));
  std::array<SymmetricKeyInfo, 5> five;
  five.fill(one[0]);
  std::array<uint8_t, 80> keys{};
  EXPECT_EQ(chip.stsafe.establish_symmetric_keys(five, keys), Status(Code::kInvalidArgument));
  EXPECT_EQ(chip.crypto.generated, 0);
}

}  // namespace
}  // namespace kb::core::stsafe
