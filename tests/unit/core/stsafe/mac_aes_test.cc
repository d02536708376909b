// Generate / verify MAC and AES CCM* / ECB against the example frames of fact sheet 2.5 (7.2 and
// 7.3), plus the host's local refusals and its handling of failed tag checks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>

#include "core/stsafe/commands/aes.h"
#include "core/stsafe/commands/mac.h"
#include "tests/unit/core/stsafe/stsafe_session_harness.h"

namespace kb::core::stsafe {
namespace {

using test::Bytes;
using test::command_wire;
using test::concat;
using test::hex;
using test::kAad;
using test::kCcmCiphertext;
using test::kCcmTag;
using test::kMessage;
using test::kNonce;
using test::response_wire;
using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::StrictMock;

constexpr uint8_t kUnwritten = 0xEE;

class MacAesTest : public test::StsafeSessionTest {};

// --- the example values are the standard algorithms (fact sheet 8 #19) ---

TEST(ReferenceValues, CmacExampleIsRfc4493AesCmacTruncated) {
  hal::openssl::OpensslCrypto crypto(1);
  Bytes tag(16);
  ASSERT_EQ(crypto.aes_cmac(Bytes(16, 0x5A), kMessage, tag), hal::CryptoResult::kOk);
  EXPECT_THAT(Bytes(tag.begin(), tag.begin() + 4), ElementsAre(0xBE, 0x4C, 0xA3, 0xF2));
}

TEST(ReferenceValues, CcmExampleIsSp80038cAesCcm) {
  hal::openssl::OpensslCrypto crypto(1);
  Bytes ct(16), tag(4);
  ASSERT_EQ(crypto.aes_ccm_encrypt(Bytes(32, 0x5A), kNonce, kAad, kMessage, ct, tag), hal::CryptoResult::kOk);
  EXPECT_THAT(ct, ElementsAreArray(kCcmCiphertext));
  EXPECT_THAT(tag, ElementsAreArray(kCcmTag));
}

// --- MAC (fact sheet 2.5 examples) ---

TEST_F(MacAesTest, GenerateMacExample) {
  device.answer(hex("00 00 06 BE 4C A3 F2 F2 76"));
  std::array<uint8_t, 4> mac{};
  ASSERT_TRUE(stsafe.generate_mac(3, kMessage, mac).ok());
  EXPECT_THAT(device.writes, ElementsAre(hex("09 03 03 04 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F B7 9E")));
  EXPECT_THAT(mac, ElementsAre(0xBE, 0x4C, 0xA3, 0xF2));
}

TEST_F(MacAesTest, VerifyMacExample) {
  device.answer(hex("00 00 03 01 1E CE"));
  auto valid = stsafe.verify_mac(3, hex("BE 4C A3 F2"), kMessage);
  ASSERT_TRUE(valid.ok());
  EXPECT_TRUE(*valid);
  EXPECT_THAT(device.writes,
              ElementsAre(hex("0A 02 03 04 BE 4C A3 F2 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 0B CB")));
}

TEST_F(MacAesTest, VerifyMacInvalid) {
  device.answer(response_wire(0x00, hex("00")));
  auto valid = stsafe.verify_mac(3, hex("BE 4C A3 F3"), kMessage);
  ASSERT_TRUE(valid.ok());
  EXPECT_FALSE(*valid);
}

TEST_F(MacAesTest, VerifyMacResultOtherThanZeroOrOneIsMalformed) {
  device.answer(response_wire(0x00, hex("02")));
  EXPECT_EQ(stsafe.verify_mac(3, hex("BE 4C A3 F2"), kMessage).status(), Status(Code::kResponseMalformed));
}

TEST_F(MacAesTest, GenerateMacShortAnswerIsTruncated) {
  device.answer(response_wire(0x00, hex("BE 4C A3")));
  std::array<uint8_t, 4> mac{};
  EXPECT_EQ(stsafe.generate_mac(3, kMessage, mac), Status(Code::kResponseTruncated));
}

TEST_F(MacAesTest, GenerateMacBadCrcIsRejected) {
  device.answer(hex("00 00 06 BE 4C A3 F2 F2 77"));
  std::array<uint8_t, 4> mac{};
  EXPECT_EQ(stsafe.generate_mac(3, kMessage, mac), Status(Code::kResponseCrc));
}

// A CMAC key asked for CCM*: refused on the host from the key table, nothing sent.
TEST_F(MacAesTest, WrongModeIsRefusedFromTheKeyTable) {
  std::array<uint8_t, 16> ct{};
  std::array<uint8_t, 4> tag{};
  EXPECT_EQ(stsafe.aes_ccm_encrypt(3, kNonce, kAad, kMessage, ct, tag).status(), Status(Code::kKeyModeMismatch));
  std::array<uint8_t, 4> mac{};
  EXPECT_EQ(stsafe.generate_mac(5, kMessage, mac), Status(Code::kKeyModeMismatch));
  EXPECT_EQ(stsafe.generate_mac(7, kMessage, mac), Status(Code::kKeyModeMismatch)) << "empty slot";
  EXPECT_TRUE(device.writes.empty());
}

// The key table said CCM*, the chip (changed by someone else) refuses: its status reaches the
// caller, and the next call reads the table again instead of trusting the stale record.
TEST_F(MacAesTest, ChipRefusingTheKeyIsItsStatusAndDropsTheRecord) {
  device.answer(response_wire(0x1C, {}));
  std::array<uint8_t, 16> ct{};
  std::array<uint8_t, 4> tag{};
  EXPECT_EQ(stsafe.aes_ccm_encrypt(5, kNonce, kAad, kMessage, ct, tag).status(), Status::device(Domain::kStsafe, 0x1C));
  // Now slot 5 holds a CMAC key: flags 01, AES-128, CMAC, usage 00 03, minimum 2.
  device.answer(response_wire(0x00, concat({hex("10"), Bytes(5, 0x00), hex("01 00 01 00 03 02"), Bytes(10, 0x00)})));
  EXPECT_EQ(stsafe.aes_ccm_encrypt(5, kNonce, kAad, kMessage, ct, tag).status(), Status(Code::kKeyModeMismatch));
  ASSERT_EQ(device.writes.size(), 2u);
  EXPECT_EQ(device.writes[1], command_wire(hex("14 23")));
}

// A slot the host knows nothing about is read from the chip's table first (query 0x23).
TEST(MacAesLocal, UnknownSlotIsQueriedFirst) {
  test::MockI2cInitiator i2c;
  test::ScriptedStsafe device{i2c};
  test::FakeClock clock;
  Stsafe stsafe(i2c, clock);
  Bytes table = {0x10, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x03, 0x02};  // slot 3: CMAC, min 2
  table.resize(1 + 16 + 5, 0x00);
  device.answer(response_wire(0x00, table));
  device.answer(hex("00 00 06 BE 4C A3 F2 F2 76"));
  std::array<uint8_t, 4> mac{};
  ASSERT_TRUE(stsafe.generate_mac(3, kMessage, mac).ok());
  EXPECT_THAT(device.writes,
              ElementsAre(command_wire(hex("14 23")), command_wire(concat({hex("09 03 03 04"), kMessage}))));
  EXPECT_EQ(stsafe.generate_mac(16, kMessage, mac), Status(Code::kInvalidArgument)) << "slot beyond the table";
}

TEST(MacAesLocal, BadMacArgumentsSendNothing) {
  StrictMock<test::MockI2cInitiator> i2c;
  test::FakeClock clock;
  Stsafe stsafe(i2c, clock);
  stsafe.set_symmetric_key_table(test::example_key_table());
  std::array<uint8_t, 3> three{};
  std::array<uint8_t, 33> thirty_three{};
  std::array<uint8_t, 4> four{};
  const Status refused = Status::with_detail(Code::kMacLengthRefused, 2);
  EXPECT_EQ(stsafe.generate_mac(3, kMessage, three), refused);
  EXPECT_EQ(stsafe.generate_mac(3, kMessage, thirty_three), refused);
  EXPECT_EQ(stsafe.generate_mac(3, kMessage, std::span<uint8_t>()), refused);
  EXPECT_EQ(stsafe.generate_mac(3, Bytes(747, 0x00), four), Status::with_detail(Code::kFrameLimit, 746));
  EXPECT_EQ(stsafe.verify_mac(3, three, kMessage).status(), refused);
  EXPECT_EQ(stsafe.verify_mac(3, four, Bytes(743, 0x00)).status(), Status::with_detail(Code::kFrameLimit, 742));
}

// The chip's rule (the model's, fact sheet 2.5): CMAC 2, 4, 8, 16; HMAC 16..32; never under the
// key's minimum. CMAC does not borrow HMAC's 17..32 (the chip answers those 0x1D).
TEST(MacAesLocal, MacLengthsFollowTheKeysMode) {
  using commands::mac_length_allowed;
  for (size_t n = 0; n <= 40; ++n) {
    const bool cmac = n == 2 || n == 4 || n == 8 || n == 16;
    EXPECT_EQ(mac_length_allowed(ModeOfOperation::kCmac, 1, n), cmac) << n;
    EXPECT_EQ(mac_length_allowed(ModeOfOperation::kHmac, 1, n), n >= 16 && n <= 32) << n;
    EXPECT_FALSE(mac_length_allowed(ModeOfOperation::kCcm, 1, n)) << n;
  }
  EXPECT_FALSE(mac_length_allowed(ModeOfOperation::kCmac, 8, 4));
  EXPECT_TRUE(mac_length_allowed(ModeOfOperation::kCmac, 8, 8));
  EXPECT_FALSE(mac_length_allowed(ModeOfOperation::kHmac, 20, 16));
}

TEST(MacAesLocal, RefusalsNameTheirReason) {
  char text[160];
  EXPECT_STREQ(Status::with_detail(Code::kFrameLimit, 716).describe(text, sizeof text),
               "data over the frame limit: at most 716 bytes fit with this command's protection");
  EXPECT_STREQ(Status::with_detail(Code::kTagLengthMismatch, 16).describe(text, sizeof text),
               "tag length is not the slot key's (the key's tag is 16 bytes)");
  EXPECT_STREQ(Status::with_detail(Code::kMacLengthRefused, 2).describe(text, sizeof text),
               "MAC length the slot's key does not take (the chip's rule: CMAC 2, 4, 8 or 16 bytes, HMAC 16 to 32, "
               "and at least the key's minimum of 2)");
  EXPECT_STREQ(Status(Code::kKeyModeMismatch).describe(text, sizeof text),
               "the slot holds no key of the mode the command needs");
}

// --- CCM* (fact sheet 2.5 examples) ---

TEST_F(MacAesTest, CcmEncryptExample) {
  device.answer(hex("00 00 17 69 66 30 BB 08 0F E4 1D 61 04 89 D3 DA 23 21 66 0E DB C6 27 00 39 2B"));
  std::array<uint8_t, 16> ct{};
  std::array<uint8_t, 4> tag{};
  auto counter = stsafe.aes_ccm_encrypt(5, kNonce, kAad, kMessage, ct, tag);
  ASSERT_TRUE(counter.ok());
  EXPECT_FALSE(counter->present);
  EXPECT_THAT(device.writes,
              ElementsAre(concat({hex("1B 02 05"), kNonce, hex("00 08"), kAad, hex("00 10"), kMessage, hex("0C 83")})));
  EXPECT_THAT(ct, ElementsAreArray(kCcmCiphertext));
  EXPECT_THAT(tag, ElementsAreArray(kCcmTag));
}

TEST_F(MacAesTest, CcmEncryptWithCounterReturnsIt) {
  core::stsafe::SymmetricKeyTable table = test::example_key_table();
  table.slots[5].counter_present = true;
  stsafe.set_symmetric_key_table(table);
  device.answer(response_wire(0x00, concat({kCcmCiphertext, kCcmTag, hex("01 00 00 01 02")})));
  std::array<uint8_t, 16> ct{};
  std::array<uint8_t, 4> tag{};
  auto counter = stsafe.aes_ccm_encrypt(5, kNonce, kAad, kMessage, ct, tag);
  ASSERT_TRUE(counter.ok());
  EXPECT_TRUE(counter->present);
  EXPECT_EQ(counter->value, 0x102u);
}

TEST_F(MacAesTest, CcmEncryptBadCounterPresenceIsMalformed) {
  device.answer(response_wire(0x00, concat({kCcmCiphertext, kCcmTag, hex("02")})));
  std::array<uint8_t, 16> ct{};
  std::array<uint8_t, 4> tag{};
  EXPECT_EQ(stsafe.aes_ccm_encrypt(5, kNonce, kAad, kMessage, ct, tag).status(), Status(Code::kResponseMalformed));
}

// Fact sheet 2.5: ST's library drops the message when there is no AAD; this library sends it.
TEST_F(MacAesTest, CcmEncryptWithoutAadStillSendsTheMessage) {
  device.answer(response_wire(0x00, concat({Bytes(16, 0x11), Bytes(4, 0x22), hex("00")})));
  std::array<uint8_t, 16> ct{};
  std::array<uint8_t, 4> tag{};
  ASSERT_TRUE(stsafe.aes_ccm_encrypt(5, kNonce, {}, kMessage, ct, tag).ok());
  EXPECT_THAT(device.writes,
              ElementsAre(command_wire(concat({hex("1B 02 05"), kNonce, hex("00 00"), hex("00 10"), kMessage}))));
}

TEST_F(MacAesTest, CcmDecryptExample) {
  device.answer(hex("00 00 13 01 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 86 12"));
  std::array<uint8_t, 16> plain{};
  auto ok = stsafe.aes_ccm_decrypt(5, kNonce, kAad, kCcmCiphertext, kCcmTag, plain);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(*ok);
  EXPECT_THAT(plain, ElementsAreArray(kMessage));
  EXPECT_THAT(device.writes, ElementsAre(concat({hex("1C 02 05"), kNonce, hex("00 08"), kAad, hex("00 14"),
                                                 kCcmCiphertext, kCcmTag, hex("1C 63")})));
}

// Fact sheet 8 #9: a failed tag is status 0, result 0; whatever follows is never released.
TEST_F(MacAesTest, CcmDecryptFailureReleasesNoPlaintext) {
  device.answer(response_wire(0x00, concat({hex("00"), kMessage})));
  std::array<uint8_t, 16> plain{};
  plain.fill(kUnwritten);
  auto ok = stsafe.aes_ccm_decrypt(5, kNonce, kAad, kCcmCiphertext, hex("0E DB C6 26"), plain);
  ASSERT_TRUE(ok.ok());
  EXPECT_FALSE(*ok);
  EXPECT_THAT(plain, Each(0));
}

TEST_F(MacAesTest, CcmDecryptRefusalLeavesOutputZeroed) {
  device.answer(response_wire(0x1B, {}));
  std::array<uint8_t, 16> plain{};
  plain.fill(kUnwritten);
  EXPECT_EQ(stsafe.aes_ccm_decrypt(5, kNonce, kAad, kCcmCiphertext, kCcmTag, plain).status(),
            Status::device(Domain::kStsafe, 0x1B));
  EXPECT_THAT(plain, Each(0));
}

TEST_F(MacAesTest, CcmDecryptTruncatedPlaintextIsZeroed) {
  device.answer(response_wire(0x00, concat({hex("01"), Bytes(kMessage.begin(), kMessage.begin() + 8)})));
  std::array<uint8_t, 16> plain{};
  plain.fill(kUnwritten);
  EXPECT_EQ(stsafe.aes_ccm_decrypt(5, kNonce, kAad, kCcmCiphertext, kCcmTag, plain).status(),
            Status(Code::kResponseTruncated));
  EXPECT_THAT(plain, Each(0));
}

TEST(MacAesLocal, BadCcmArgumentsSendNothing) {
  StrictMock<test::MockI2cInitiator> i2c;
  test::FakeClock clock;
  Stsafe stsafe(i2c, clock);
  stsafe.set_symmetric_key_table(test::example_key_table());
  std::array<uint8_t, 16> ct{};
  std::array<uint8_t, 15> short_out{};
  std::array<uint8_t, 4> tag{};
  std::array<uint8_t, 6> tag6{};
  std::array<uint8_t, 16> plain{};
  const Bytes nonce12(12, 0x00);
  EXPECT_EQ(stsafe.aes_ccm_encrypt(5, nonce12, kAad, kMessage, ct, tag).status(), Status(Code::kInvalidArgument));
  const Status tag_refused = Status::with_detail(Code::kTagLengthMismatch, 4);
  EXPECT_EQ(stsafe.aes_ccm_encrypt(5, kNonce, kAad, kMessage, ct, tag6).status(), tag_refused);
  EXPECT_EQ(stsafe.aes_ccm_encrypt(5, kNonce, kAad, kMessage, short_out, tag).status(), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.aes_ccm_encrypt(5, kNonce, Bytes(715, 0x00), kMessage, ct, tag).status(),
            Status::with_detail(Code::kFrameLimit, 730));
  plain.fill(kUnwritten);
  EXPECT_EQ(stsafe.aes_ccm_decrypt(5, kNonce, kAad, kCcmCiphertext, tag6, plain).status(), tag_refused);
  EXPECT_THAT(plain, Each(0));
  EXPECT_EQ(stsafe.aes_ccm_decrypt(5, nonce12, kAad, kCcmCiphertext, kCcmTag, plain).status(),
            Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.aes_ccm_decrypt(5, kNonce, kAad, kCcmCiphertext, kCcmTag, short_out).status(),
            Status(Code::kInvalidArgument));
}

TEST(MacAesLocal, ValidCcmTagLengths) {
  for (size_t n : {0u, 4u, 8u, 16u}) EXPECT_TRUE(commands::valid_ccm_tag_length(n)) << n;
  for (size_t n : {2u, 6u, 10u, 12u, 14u, 32u}) EXPECT_FALSE(commands::valid_ccm_tag_length(n)) << n;
}

// --- ECB ---

TEST_F(MacAesTest, EcbEncryptAndDecrypt) {
  const Bytes block = kMessage;
  Bytes expected(16);
  ASSERT_EQ(crypto.aes_ecb_encrypt(Bytes(16, 0x5A), block, expected), hal::CryptoResult::kOk);
  device.answer(response_wire(0x00, expected));
  device.answer(response_wire(0x00, block));
  std::array<uint8_t, 16> out{};
  ASSERT_TRUE(stsafe.aes_ecb_encrypt(6, block, out).ok());
  EXPECT_THAT(out, ElementsAreArray(expected));
  ASSERT_TRUE(stsafe.aes_ecb_decrypt(6, expected, out).ok());
  EXPECT_THAT(out, ElementsAreArray(block));
  EXPECT_THAT(device.writes, ElementsAre(command_wire(concat({hex("1B 02 06"), block})),
                                         command_wire(concat({hex("1C 02 06"), expected}))));
}

TEST(MacAesLocal, BadEcbArgumentsSendNothing) {
  StrictMock<test::MockI2cInitiator> i2c;
  test::FakeClock clock;
  Stsafe stsafe(i2c, clock);
  stsafe.set_symmetric_key_table(test::example_key_table());
  std::array<uint8_t, 16> out{};
  std::array<uint8_t, 752> big{};
  EXPECT_EQ(stsafe.aes_ecb_encrypt(6, Bytes(15, 0x00), out), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.aes_ecb_encrypt(6, {}, out), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.aes_ecb_decrypt(6, Bytes(32, 0x00), out), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.aes_ecb_decrypt(6, big, big), Status::with_detail(Code::kFrameLimit, 736));
}

}  // namespace
}  // namespace kb::core::stsafe
