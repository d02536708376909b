// Volatile KEK session, wrapped writes and ECDHE host keys against the fact sheet's deterministic
// P-256 vector (section 4.6) and the envelope layouts of 4.2 and 4.3.
#include "core/stsafe/commands/kek_session.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>

#include "core/stsafe/commands/write_host_key.h"
#include "core/stsafe/commands/write_symmetric_key.h"
#include "core/stsafe/key_derivation.h"
#include "core/stsafe/stsafe.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "tests/unit/core/stsafe/ecdhe_test_support.h"
#include "tests/unit/core/stsafe/fake_clock.h"
#include "tests/unit/core/stsafe/mock_i2c_initiator.h"
#include "tests/unit/core/stsafe/stsafe_session_harness.h"

namespace kb::core::stsafe {
namespace {

using test::Bytes;
using test::command_wire;
using test::concat;
using test::ecdhe_answer;
using test::hex;
using test::kChipPublic;
using test::kCurveId;
using test::kHostCipherKey;
using test::kHostMacKey;
using test::kHostPublic;
using test::kOkHeaderOnly;
using test::kSharedX;
using test::public_key_field;
using test::response_wire;
using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::StrictMock;

// Fact sheet 4.6 (the key pairs and the shared X are in ecdhe_test_support.h).
const Bytes kBaseKek = hex("D16330A28B16E9AC3406927A24BBB80F6FFF5F52DABA136442BD336908032433");
const Bytes kWorkingKek1 = hex("8C5781CC0666102E1073BA6E4BE7C8C037002CD4FFC359AD78B805ACFF8A01FE");
const Bytes kWrappedCmacEnvelope =
    hex("AB AF EE 3E BC 19 22 4C F4 A5 52 11 36 F3 F4 6F C7 7D 92 B1 58 41 12 C0 8B B8 D2 F3 89 B9 1F 9C");
const Bytes kEstablishedMacKey = hex("9DE7C3AFFC5C6B965A554B20FF7AFDB6");
const Bytes kEstablishedCipherKey = hex("F3410F28A54E359B2C243B83F12CA185");

template <size_t N>
std::span<const uint8_t, N> fixed(const Bytes& b) {
  return std::span<const uint8_t, N>(b.data(), N);
}

const SymmetricKeyInfo kCmacInfo =
    SymmetricKeyInfo::cmac(3, SymmetricKeyType::kAes128, key_usage::kMacGeneration | key_usage::kMacVerification, 2);
const SymmetricKeyInfo kCcmInfo =
    SymmetricKeyInfo::ccm(5, SymmetricKeyType::kAes256, key_usage::kEncryption | key_usage::kDecryption, 4);

// --- the derivations alone ---

TEST(KeyDerivation, PlatformEcdhGivesTheVectorsSharedSecret) {
  hal::openssl::OpensslCrypto crypto(1);
  Bytes x(32), pub(64);
  ASSERT_EQ(crypto.p256_public_from_private(Bytes(32, 0x22), pub), hal::CryptoResult::kOk);
  EXPECT_THAT(pub, ElementsAreArray(kHostPublic));
  ASSERT_EQ(crypto.p256_ecdh(Bytes(32, 0x22), kChipPublic, x), hal::CryptoResult::kOk);
  EXPECT_THAT(x, ElementsAreArray(kSharedX));
}

TEST(KeyDerivation, BaseAndWorkingKekVector) {
  hal::openssl::OpensslCrypto crypto(1);
  std::array<uint8_t, 32> base{}, working{};
  ASSERT_TRUE(derive_base_kek(crypto, fixed<32>(kSharedX), fixed<64>(kChipPublic), fixed<64>(kHostPublic), base).ok());
  EXPECT_THAT(base, ElementsAreArray(kBaseKek));
  ASSERT_TRUE(derive_working_kek(crypto, base, 1, working).ok());
  EXPECT_THAT(working, ElementsAreArray(kWorkingKek1));
  // Counter 2 is a different key.
  ASSERT_TRUE(derive_working_kek(crypto, base, 2, working).ok());
  EXPECT_THAT(working, ::testing::Not(ElementsAreArray(kWorkingKek1)));
}

TEST(KeyDerivation, PublicKeyOrderMatters) {
  hal::openssl::OpensslCrypto crypto(1);
  std::array<uint8_t, 32> base{};
  ASSERT_TRUE(derive_base_kek(crypto, fixed<32>(kSharedX), fixed<64>(kHostPublic), fixed<64>(kChipPublic), base).ok());
  EXPECT_THAT(base, ::testing::Not(ElementsAreArray(kBaseKek)));
}

TEST(KeyDerivation, EstablishHostKeyVector) {
  hal::openssl::OpensslCrypto crypto(1);
  std::array<uint8_t, 16> mac{}, cipher{};
  ASSERT_TRUE(derive_host_keys(crypto, fixed<32>(kSharedX), fixed<64>(kHostPublic), fixed<64>(kChipPublic),
                               HostKeyType::kAes128, mac, cipher)
                  .ok());
  EXPECT_THAT(mac, ElementsAreArray(kEstablishedMacKey));
  EXPECT_THAT(cipher, ElementsAreArray(kEstablishedCipherKey));
}

TEST(KeyDerivation, EstablishHostKeyAes256IsTheFirst64BytesOfTheSameHkdf) {
  hal::openssl::OpensslCrypto crypto(1);
  std::array<uint8_t, 32> mac{}, cipher{};
  ASSERT_TRUE(derive_host_keys(crypto, fixed<32>(kSharedX), fixed<64>(kHostPublic), fixed<64>(kChipPublic),
                               HostKeyType::kAes256, mac, cipher)
                  .ok());
  // HKDF output is a prefix-stable stream: the AES-128 OKM is the first 32 bytes of the AES-256 one.
  EXPECT_THAT(Bytes(mac.begin(), mac.begin() + 16), ElementsAreArray(kEstablishedMacKey));
  EXPECT_THAT(Bytes(mac.begin() + 16, mac.end()), ElementsAreArray(kEstablishedCipherKey));
}

// --- envelopes ---

TEST(Envelopes, SymmetricCmacEnvelopeIsTheVectorsPlaintextAndWrapsToIt) {
  hal::openssl::OpensslCrypto crypto(1);
  std::array<uint8_t, 48> plain{};
  auto length = commands::symmetric_key_envelope_plaintext(kCmacInfo, Bytes(16, 0x5A), plain);
  ASSERT_TRUE(length.ok());
  ASSERT_EQ(*length, 24u);
  EXPECT_THAT(Bytes(plain.begin(), plain.begin() + 24),
              ElementsAreArray(concat({hex("00 03 00 01 00 03 02"), Bytes(16, 0x5A), hex("80")})));
  Bytes wrapped(32);
  ASSERT_EQ(crypto.aes_key_wrap(kWorkingKek1, Bytes(plain.begin(), plain.begin() + 24), wrapped),
            hal::CryptoResult::kOk);
  EXPECT_THAT(wrapped, ElementsAreArray(kWrappedCmacEnvelope));
}

// Fact sheet 4.3: a length already a multiple of 8 still gets `80 00x7`.
TEST(Envelopes, SymmetricCcmEnvelopeGetsAFullPaddingBlock) {
  std::array<uint8_t, 48> plain{};
  auto length = commands::symmetric_key_envelope_plaintext(kCcmInfo, Bytes(32, 0x5A), plain);
  ASSERT_TRUE(length.ok());
  ASSERT_EQ(*length, 48u);
  EXPECT_THAT(plain, ElementsAreArray(
                         concat({hex("00 05 01 00 00 0C 04 00"), Bytes(32, 0x5A), hex("80 00 00 00 00 00 00 00")})));
}

// Fact sheet 4.2.
TEST(Envelopes, HostKeyEnvelope) {
  std::array<uint8_t, 72> plain{};
  auto length = commands::host_key_envelope_plaintext(HostKeyType::kAes128, kHostMacKey, kHostCipherKey, plain);
  ASSERT_TRUE(length.ok());
  ASSERT_EQ(*length, 40u);
  EXPECT_THAT(Bytes(plain.begin(), plain.begin() + 40),
              ElementsAreArray(concat({hex("00 00 00 00"), kHostMacKey, kHostCipherKey, hex("80 00 00 00")})));
  const Bytes mac256(32, 0x01), cipher256(32, 0x02);
  length = commands::host_key_envelope_plaintext(HostKeyType::kAes256, mac256, cipher256, plain);
  ASSERT_TRUE(length.ok());
  EXPECT_EQ(*length, 72u);
  EXPECT_EQ(plain[3], 0x01);
}

TEST(Envelopes, BadInputsAreRefused) {
  std::array<uint8_t, 48> plain{};
  EXPECT_EQ(commands::symmetric_key_envelope_plaintext(kCmacInfo, Bytes(32, 0x5A), plain).status(),
            Status(Code::kInvalidArgument));
  std::array<uint8_t, 20> small{};
  EXPECT_EQ(commands::symmetric_key_envelope_plaintext(kCmacInfo, Bytes(16, 0x5A), small).status(),
            Status(Code::kBufferTooSmall));
  EXPECT_EQ(commands::host_key_envelope_plaintext(HostKeyType::kAes256, kHostMacKey, kHostCipherKey, plain).status(),
            Status(Code::kInvalidArgument));
}

// --- whole exchanges on the wire, host ephemeral key = 32 x 22 ---

using KekFlowTest = test::ScriptedEcdheTest;

// Fact sheet 7.2 step 4 with the 4.6 keys: 1F 0B, 1F 03, 1F 09 carrying the vector's wrapped
// envelope, 1F 06.
TEST_F(KekFlowTest, WrappedCmacKeyIsTheVectorOnTheWire) {
  device.answer(ecdhe_answer());
  device.answer(kOkHeaderOnly);
  device.answer(kOkHeaderOnly);
  device.answer(kOkHeaderOnly);
  ASSERT_TRUE(stsafe.write_symmetric_key_wrapped(kCmacInfo, Bytes(16, 0x5A)).ok());
  EXPECT_THAT(device.writes,
              ElementsAre(hex("1F 0B 00 08 2A 86 48 CE 3D 03 01 07 C2 6A"),
                          command_wire(concat({hex("1F 03"), kCurveId, public_key_field(kHostPublic), hex("01")})),
                          command_wire(concat({hex("1F 09"), kWrappedCmacEnvelope})), hex("1F 06 7C 28")));
}

TEST_F(KekFlowTest, WrappedCcmKeySendsA56ByteEnvelope) {
  device.answer(ecdhe_answer());
  device.answer(kOkHeaderOnly);
  device.answer(kOkHeaderOnly);
  device.answer(kOkHeaderOnly);
  ASSERT_TRUE(stsafe.write_symmetric_key_wrapped(kCcmInfo, Bytes(32, 0x5A)).ok());
  ASSERT_EQ(device.writes.size(), 4u);
  const Bytes& write = device.writes[2];
  ASSERT_EQ(write.size(), 2u + 56 + 2);
  Bytes unwrapped(48);
  ASSERT_EQ(crypto.aes_key_unwrap(kWorkingKek1, Bytes(write.begin() + 2, write.end() - 2), unwrapped),
            hal::CryptoResult::kOk);
  EXPECT_THAT(
      unwrapped,
      ElementsAreArray(concat({hex("00 05 01 00 00 0C 04 00"), Bytes(32, 0x5A), hex("80 00 00 00 00 00 00 00")})));
}

// Fact sheet 4.2: the chip unwraps `00 00 00 | type | MAC | cipher | 80 00 00 00`.
TEST_F(KekFlowTest, WrappedHostKeyUnwrapsToTheEnvelope) {
  device.answer(ecdhe_answer());
  device.answer(kOkHeaderOnly);
  device.answer(kOkHeaderOnly);
  device.answer(kOkHeaderOnly);
  ASSERT_TRUE(stsafe.write_host_key_wrapped(HostKeyType::kAes128, kHostMacKey, kHostCipherKey).ok());
  ASSERT_EQ(device.writes.size(), 4u);
  const Bytes& write = device.writes[2];
  ASSERT_EQ(write.size(), 2u + 48 + 2);
  EXPECT_THAT(Bytes(write.begin(), write.begin() + 2), ElementsAre(0x1F, 0x08));
  Bytes unwrapped(40);
  ASSERT_EQ(crypto.aes_key_unwrap(kWorkingKek1, Bytes(write.begin() + 2, write.end() - 2), unwrapped),
            hal::CryptoResult::kOk);
  EXPECT_THAT(unwrapped,
              ElementsAreArray(concat({hex("00 00 00 00"), kHostMacKey, kHostCipherKey, hex("80 00 00 00")})));
  EXPECT_EQ(device.writes[3], hex("1F 06 7C 28"));
}

// The KEK session is stopped even when the chip refuses the wrapped write, and the refusal is what
// the caller sees (0x1E: the slot's control fields do not allow wrapped provisioning).
TEST_F(KekFlowTest, RefusedWriteStillStopsTheSession) {
  device.answer(ecdhe_answer());
  device.answer(kOkHeaderOnly);
  device.answer(response_wire(0x1E, {}));
  device.answer(kOkHeaderOnly);
  EXPECT_EQ(stsafe.write_symmetric_key_wrapped(kCmacInfo, Bytes(16, 0x5A)), Status::device(Domain::kStsafe, 0x1E));
  ASSERT_EQ(device.writes.size(), 4u);
  EXPECT_EQ(device.writes[3], hex("1F 06 7C 28"));
}

TEST_F(KekFlowTest, ChipKeyOffTheCurveStopsBeforeTheSessionStarts) {
  Bytes bad = kChipPublic;
  bad[63] ^= 0x01;
  device.answer(ecdhe_answer(bad));
  EXPECT_EQ(stsafe.write_symmetric_key_wrapped(kCmacInfo, Bytes(16, 0x5A)), Status(Code::kResponseMalformed));
  EXPECT_EQ(device.writes.size(), 1u);
}

TEST_F(KekFlowTest, EcdheAnswerForAnotherCurveIsMalformed) {
  device.answer(response_wire(0x00, concat({hex("00 08 2A 86 48 CE 3D 03 01 08"), public_key_field(kChipPublic)})));
  std::array<uint8_t, 64> chip{};
  EXPECT_EQ(commands::generate_ecdhe(stsafe.channel(), chip), Status(Code::kResponseMalformed));
}

TEST_F(KekFlowTest, SecondWrapInOneSessionUsesWorkingKek2) {
  device.answer(ecdhe_answer());
  device.answer(kOkHeaderOnly);
  device.answer(kOkHeaderOnly);
  device.answer(kOkHeaderOnly);
  commands::VolatileKekSession kek(crypto);
  ASSERT_TRUE(kek.start(stsafe.channel()).ok());
  ASSERT_TRUE(commands::write_symmetric_key_wrapped(stsafe.channel(), kek, kCmacInfo, Bytes(16, 0x5A)).ok());
  ASSERT_TRUE(commands::write_symmetric_key_wrapped(stsafe.channel(), kek, kCmacInfo, Bytes(16, 0x5A)).ok());
  EXPECT_EQ(kek.working_kek_counter(), 2);
  ASSERT_EQ(device.writes.size(), 4u);
  EXPECT_THAT(device.writes[2], ElementsAreArray(command_wire(concat({hex("1F 09"), kWrappedCmacEnvelope}))));
  std::array<uint8_t, 32> base{}, working2{};
  ASSERT_TRUE(derive_base_kek(crypto, fixed<32>(kSharedX), fixed<64>(kChipPublic), fixed<64>(kHostPublic), base).ok());
  ASSERT_TRUE(derive_working_kek(crypto, base, 2, working2).ok());
  Bytes unwrapped(24);
  const Bytes& second = device.writes[3];
  ASSERT_EQ(crypto.aes_key_unwrap(working2, Bytes(second.begin() + 2, second.end() - 2), unwrapped),
            hal::CryptoResult::kOk);
  EXPECT_EQ(unwrapped[1], 0x03);
}

TEST(KekSessionLocal, WrapBeforeStartIsRefused) {
  hal::openssl::OpensslCrypto crypto(1);
  commands::VolatileKekSession kek(crypto);
  Bytes in(24), out(32);
  EXPECT_EQ(kek.wrap(in, out), Status(Code::kNotProvisioned));
}

// Fact sheet 2.5 "Establish host key V2" and 4.4: 1F 0B, then 1F 18 with algorithm 03 and the key
// type; the host's copy of the keys is the vector's OKM.
TEST_F(KekFlowTest, EstablishHostKeyIsTheVector) {
  device.answer(ecdhe_answer());
  device.answer(kOkHeaderOnly);
  std::array<uint8_t, 16> mac{}, cipher{};
  ASSERT_TRUE(stsafe.establish_host_key(HostKeyType::kAes128, mac, cipher).ok());
  EXPECT_THAT(device.writes,
              ElementsAre(hex("1F 0B 00 08 2A 86 48 CE 3D 03 01 07 C2 6A"),
                          command_wire(concat({hex("1F 18"), kCurveId, public_key_field(kHostPublic), hex("03 00")}))));
  EXPECT_THAT(mac, ElementsAreArray(kEstablishedMacKey));
  EXPECT_THAT(cipher, ElementsAreArray(kEstablishedCipherKey));
}

TEST_F(KekFlowTest, RefusedEstablishReleasesNoKeys) {
  device.answer(ecdhe_answer());
  device.answer(response_wire(0x1E, {}));
  std::array<uint8_t, 16> mac{}, cipher{};
  EXPECT_EQ(stsafe.establish_host_key(HostKeyType::kAes128, mac, cipher), Status::device(Domain::kStsafe, 0x1E));
  EXPECT_THAT(mac, Each(0));
  EXPECT_THAT(cipher, Each(0));
}

TEST(KekFlowLocal, BadArgumentsSendNothing) {
  test::SilentBusStsafe chip;
  std::array<uint8_t, 16> mac{}, cipher{};
  std::array<uint8_t, 32> long_key{};
  EXPECT_EQ(chip.stsafe.write_symmetric_key_wrapped(kCmacInfo, Bytes(32, 0x5A)), Status(Code::kInvalidArgument));
  EXPECT_EQ(chip.stsafe.write_symmetric_key_wrapped(kCcmInfo, Bytes(16, 0x5A)), Status(Code::kInvalidArgument));
  SymmetricKeyInfo bad_tag = kCcmInfo;
  bad_tag.tag_length = 6;
  EXPECT_EQ(chip.stsafe.write_symmetric_key_wrapped(bad_tag, Bytes(32, 0x5A)), Status(Code::kInvalidArgument));
  EXPECT_EQ(chip.stsafe.write_host_key_wrapped(HostKeyType::kAes256, kHostMacKey, kHostCipherKey),
            Status(Code::kInvalidArgument));
  EXPECT_EQ(chip.stsafe.establish_host_key(HostKeyType::kAes256, mac, cipher), Status(Code::kInvalidArgument));
  EXPECT_EQ(chip.stsafe.establish_host_key(HostKeyType::kAes128, long_key, cipher), Status(Code::kInvalidArgument));
  EXPECT_EQ(chip.crypto.generated, 0);
}

TEST(KekFlowLocal, WithoutCryptoNothingIsSent) {
  StrictMock<test::MockI2cInitiator> i2c;
  test::FakeClock clock;
  Stsafe stsafe(i2c, clock);
  std::array<uint8_t, 16> mac{}, cipher{};
  EXPECT_EQ(stsafe.write_symmetric_key_wrapped(kCmacInfo, Bytes(16, 0x5A)), Status(Code::kUnsupported));
  EXPECT_EQ(stsafe.write_host_key_wrapped(HostKeyType::kAes128, kHostMacKey, kHostCipherKey),
            Status(Code::kUnsupported));
  EXPECT_EQ(stsafe.establish_host_key(HostKeyType::kAes128, mac, cipher), Status(Code::kUnsupported));
}

}  // namespace
}  // namespace kb::core::stsafe
