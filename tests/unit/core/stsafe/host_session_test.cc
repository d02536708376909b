// The host secure session against fact sheet section 3: the 3.6 vectors byte for byte, the
// counter rules of 3.4, and the host's refusal of responses it cannot trust.
#include "core/stsafe/host_session.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>

#include "core/stsafe/commands/kek_session.h"
#include "tests/unit/core/stsafe/stsafe_session_harness.h"

namespace kb::core::stsafe {
namespace {

using test::access_table;
using test::Bytes;
using test::concat;
using test::hex;
using test::kHostCipherKey;
using test::kHostMacKey;
using test::kMessage;
using test::kOkHeaderOnly;
using test::response_wire;
using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::StrictMock;

constexpr auto kHost = AccessCondition::kHost;
constexpr auto kFree = AccessCondition::kFree;

// Generate MAC, slot 3, 4-byte MAC, message 00..0F (fact sheet 3.6 vector 1).
const Bytes kGenerateMacPayload = concat({hex("03 03 04"), kMessage});

class HostSessionTest : public test::StsafeSessionTest {};

// --- 3.6 vectors on the building blocks ---

TEST(HostSessionVectors, CommandMacVector1) {
  hal::openssl::OpensslCrypto crypto(1);
  HostSession session;
  ASSERT_TRUE(session.resume(crypto, HostKeyType::kAes128, kHostMacKey, kHostCipherKey, 0).ok());
  std::array<uint8_t, 4> mac{};
  ASSERT_TRUE(session.command_mac(0, hex("E9"), kGenerateMacPayload, mac).ok());
  EXPECT_THAT(mac, ElementsAre(0x85, 0xC7, 0xF1, 0x32));
}

TEST(HostSessionVectors, ResponseMacVector2) {
  hal::openssl::OpensslCrypto crypto(1);
  HostSession session;
  ASSERT_TRUE(session.resume(crypto, HostKeyType::kAes128, kHostMacKey, kHostCipherKey, 0).ok());
  std::array<uint8_t, 4> mac{};
  ASSERT_TRUE(session.response_mac(1, hex("E9"), kGenerateMacPayload, 0x40, hex("BE 4C A3 F2"), mac).ok());
  EXPECT_THAT(mac, ElementsAre(0x1F, 0x50, 0xEE, 0x9C));
}

// Vector 3's command IV (C + 1 = 3) and vector 4's response IV (C' = 4).
TEST(HostSessionVectors, EncryptionIvVectors3And4) {
  hal::openssl::OpensslCrypto crypto(1);
  HostSession session;
  ASSERT_TRUE(session.resume(crypto, HostKeyType::kAes128, kHostMacKey, kHostCipherKey, 0).ok());
  std::array<uint8_t, 16> iv{};
  ASSERT_TRUE(session.encryption_iv(3, kCommandEncryptionSubject, iv).ok());
  EXPECT_THAT(iv, ElementsAreArray(hex("4C 60 4A 2D E3 01 5C E8 E3 A1 51 51 83 14 1D D8")));
  ASSERT_TRUE(session.encryption_iv(4, kResponseEncryptionSubject, iv).ok());
  EXPECT_THAT(iv, ElementsAreArray(hex("81 93 C3 FE 91 D0 E8 2E 22 60 E8 C8 EC 31 79 CF")));
}

TEST(HostSessionVectors, ClosedSessionComputesNothing) {
  HostSession session;
  std::array<uint8_t, 4> mac{};
  std::array<uint8_t, 16> iv{};
  EXPECT_EQ(session.command_mac(0, hex("E9"), kGenerateMacPayload, mac), Status(Code::kNotProvisioned));
  EXPECT_EQ(session.encryption_iv(0, kCommandEncryptionSubject, iv), Status(Code::kNotProvisioned));
}

TEST(HostSessionVectors, EncryptedLengthAlwaysPads) {
  EXPECT_EQ(encrypted_length(0), 16u);
  EXPECT_EQ(encrypted_length(15), 16u);
  EXPECT_EQ(encrypted_length(16), 32u);
  EXPECT_EQ(encrypted_length(43), 48u);
}

// --- which commands are protected (fact sheet 3.1) ---

TEST(ProtectionFor, FollowsTheAccessTable) {
  const CommandAccessTable table = access_table({
      {0x09, 0, kHost, false, false},
      {0x0A, 0, kFree, false, false},
      {0x1B, 0, kHost, true, false},
      {0x1C, 0, kFree, false, true},
      {0x00, 0, AccessCondition::kNever, false, false},
      {0x1F, 0x0B, kHost, false, false},
  });
  EXPECT_EQ(protection_for(table, CommandHeader::standard(0x09)), (Protection{true, false, false}));
  EXPECT_EQ(protection_for(table, CommandHeader::standard(0x0A)), (Protection{}));
  EXPECT_EQ(protection_for(table, CommandHeader::standard(0x1B)), (Protection{true, true, false}));
  // An encryption flag protects even a FREE command.
  EXPECT_EQ(protection_for(table, CommandHeader::standard(0x1C)), (Protection{true, false, true}));
  // NEVER is "not FREE" to ST's library: the command goes authenticated.
  EXPECT_EQ(protection_for(table, CommandHeader::standard(0x00)), (Protection{true, false, false}));
  EXPECT_EQ(protection_for(table, CommandHeader::extended(0x0B)), (Protection{true, false, false}));
  EXPECT_EQ(protection_for(table, CommandHeader::extended(0x03)), (Protection{}));  // not listed
  EXPECT_EQ(protection_for(table, CommandHeader::standard(0x02)), (Protection{}));
}

// --- opening ---

// Fact sheet 7.2 step 5: `14 47 CB 0D` → presence, type, counter.
TEST_F(HostSessionTest, OpenTakesTheChipCounter) {
  device.answer(test::host_key_slot_answer(0x01020304));
  ASSERT_TRUE(stsafe.open_host_session(kHostMacKey, kHostCipherKey).ok());
  EXPECT_THAT(device.writes, ElementsAre(hex("14 47 CB 0D")));
  EXPECT_TRUE(stsafe.host_session().is_open());
  EXPECT_EQ(stsafe.host_session().counter(), 0x01020304u);
  EXPECT_EQ(stsafe.host_session().key_type(), HostKeyType::kAes128);
}

TEST_F(HostSessionTest, OpenWithoutHostKeyIsNotProvisioned) {
  device.answer(response_wire(0x00, hex("00 00 00 00 00 00")));
  EXPECT_EQ(stsafe.open_host_session(kHostMacKey, kHostCipherKey), Status(Code::kNotProvisioned));
  EXPECT_FALSE(stsafe.host_session().is_open());
}

TEST_F(HostSessionTest, OpenWithKeysOfTheWrongTypeIsRefused) {
  device.answer(response_wire(0x00, hex("01 01 00 00 00 00")));  // the chip holds AES-256 keys
  EXPECT_EQ(stsafe.open_host_session(kHostMacKey, kHostCipherKey), Status(Code::kInvalidArgument));
  EXPECT_FALSE(stsafe.host_session().is_open());
}

TEST(HostSessionLocal, KeysThatFitNoTypeSendNothing) {
  StrictMock<test::MockI2cInitiator> i2c;
  test::FakeClock clock;
  hal::openssl::OpensslCrypto crypto(1);
  Stsafe stsafe(i2c, clock, crypto);
  EXPECT_EQ(stsafe.open_host_session(hex("0011"), hex("0011")), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.open_host_session(kHostMacKey, concat({kHostCipherKey, kHostCipherKey})),
            Status(Code::kInvalidArgument));
}

TEST(HostSessionLocal, WithoutCryptoThereIsNoSession) {
  StrictMock<test::MockI2cInitiator> i2c;
  test::FakeClock clock;
  Stsafe stsafe(i2c, clock);
  EXPECT_EQ(stsafe.open_host_session(kHostMacKey, kHostCipherKey), Status(Code::kUnsupported));
}

// Fact sheet 3.1: a protected command with no session fails on the host, without bus traffic.
TEST(HostSessionLocal, ProtectedCommandWithoutSessionSendsNothing) {
  StrictMock<test::MockI2cInitiator> i2c;
  test::FakeClock clock;
  hal::openssl::OpensslCrypto crypto(1);
  Stsafe stsafe(i2c, clock, crypto);
  stsafe.set_symmetric_key_table(test::example_key_table());
  stsafe.set_command_access_table(access_table({{0x09, 0, kHost, false, false}}));
  std::array<uint8_t, 4> mac{};
  EXPECT_EQ(stsafe.generate_mac(3, kMessage, mac), Status(Code::kNotProvisioned));
}

// --- protected exchanges on the wire ---

// Fact sheet 3.6 vectors 1 and 2 through the whole stack: the command as sent and the response
// as the chip sends it.
TEST_F(HostSessionTest, GenerateMacUnderHostAccessIsVector1And2) {
  stsafe.set_command_access_table(access_table({{0x09, 0, kHost, false, false}}));
  open_session(0);
  device.answer(hex("40 00 0A BE 4C A3 F2 1F 50 EE 9C ED 39"));
  std::array<uint8_t, 4> mac{};
  ASSERT_TRUE(stsafe.generate_mac(3, kMessage, mac).ok());
  EXPECT_THAT(device.writes,
              ElementsAre(hex("E9 03 03 04 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 85 C7 F1 32 98 52")));
  EXPECT_THAT(mac, ElementsAre(0xBE, 0x4C, 0xA3, 0xF2));
  EXPECT_EQ(stsafe.host_session().counter(), 1u);
}

// Fact sheet 3.6 vector 3: Encrypt/CCM with command encryption at C = 2.
TEST_F(HostSessionTest, EncryptedCommandIsVector3) {
  stsafe.set_command_access_table(access_table({{0x1B, 0, kHost, true, false}}));
  open_session(2);
  // Whatever the chip answers, the bytes sent are the vector's; a refusal keeps the test to them.
  device.answer(response_wire(0x0A, {}));
  std::array<uint8_t, 16> ct{};
  std::array<uint8_t, 4> tag{};
  EXPECT_EQ(stsafe.aes_ccm_encrypt(5, test::kNonce, test::kAad, kMessage, ct, tag).status(),
            Status::device(Domain::kStsafe, 0x0A));
  EXPECT_THAT(device.writes, ElementsAre(hex("FB 41 84 45 39 CD 81 90 BE 5A C5 DC 23 56 CF 55 AD 24 67 3E A5 8D 20 7C "
                                             "78 53 55 59 5B B3 65 2E 3A 17 9F E9 D0 12 8C 00 3A 2E 48 A5 7D 47 E2 "
                                             "23 40 A2 77 CD F4 5E DA")));
}

// Fact sheet 3.6 vector 5: a protected extended command's first byte is FF.
TEST_F(HostSessionTest, ProtectedExtendedCommandStartsWithFF) {
  stsafe.set_command_access_table(access_table({{0x1F, 0x0B, kHost, false, false}}));
  open_session(7);
  device.answer(response_wire(0x0A, {}));
  std::array<uint8_t, 64> chip_public{};
  EXPECT_FALSE(commands::generate_ecdhe(stsafe.channel(), chip_public).ok());
  ASSERT_EQ(device.writes.size(), 1u);
  const Bytes& w = device.writes[0];
  ASSERT_EQ(w.size(), 2u + 10 + 4 + 2);
  EXPECT_THAT(Bytes(w.begin(), w.begin() + 12), ElementsAreArray(hex("FF 0B 00 08 2A 86 48 CE 3D 03 01 07")));
  const Bytes mac = test::SessionOracle(crypto, kHostMacKey, kHostCipherKey)
                        .c_mac(7, hex("FF 0B"), hex("00 08 2A 86 48 CE 3D 03 01 07"));
  EXPECT_THAT(Bytes(w.begin() + 12, w.begin() + 16), ElementsAreArray(mac));
}

// Fact sheet 7.3 step 7 with the recommended access condition (HOST + response encryption) at
// C = 3: the command goes `FC` + plaintext payload + C-MAC `0C 24 FC BE` + CRC `99 FC`; the answer
// is encrypted and R-MACed.
TEST_F(HostSessionTest, ResponseEncryptedDecryptMatchesExample) {
  stsafe.set_command_access_table(access_table({{0x1C, 0, kHost, false, true}}));
  open_session(3);
  const Bytes payload =
      concat({hex("02 05"), test::kNonce, hex("00 08"), test::kAad, hex("00 14"), test::kCcmCiphertext, test::kCcmTag});
  const Bytes encrypted = oracle.encrypt(4, 0xC0, concat({hex("01"), kMessage}));
  ASSERT_EQ(encrypted.size(), 32u);
  const Bytes answer = oracle.response(4, hex("FC"), payload, encrypted);
  EXPECT_THAT(Bytes(answer.begin(), answer.begin() + 3), ElementsAre(0x40, 0x00, 0x26));
  device.answer(answer);

  std::array<uint8_t, 16> plain{};
  auto ok = stsafe.aes_ccm_decrypt(5, test::kNonce, test::kAad, test::kCcmCiphertext, test::kCcmTag, plain);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(*ok);
  EXPECT_THAT(plain, ElementsAreArray(kMessage));
  EXPECT_THAT(device.writes, ElementsAre(concat({hex("FC"), payload, hex("0C 24 FC BE 99 FC")})));
  EXPECT_EQ(stsafe.host_session().counter(), 4u);
}

// A decrypted response stays readable until the next exchange, then close() clears it.
TEST_F(HostSessionTest, CloseWipesTheDecryptedResponse) {
  Transport transport(i2c, clock);
  HostSession session;
  ASSERT_TRUE(session.resume(crypto, HostKeyType::kAes128, kHostMacKey, kHostCipherKey, 3).ok());
  const Bytes payload = hex("02 05");
  const Bytes plaintext = concat({hex("01"), kMessage});
  device.answer(oracle.response(4, hex("FC"), payload, oracle.encrypt(4, 0xC0, plaintext)));
  auto response = session.exchange(transport, CommandHeader::standard(0x1C), payload, Protection{true, false, true},
                                   expect_at_least(0));
  ASSERT_TRUE(response.ok()) << code_name(response.status().code());
  const std::span<const uint8_t> held = response->payload;
  ASSERT_THAT(Bytes(held.begin(), held.end()), ElementsAreArray(plaintext));
  session.close();
  EXPECT_THAT(Bytes(held.begin(), held.end()), Each(0));
  EXPECT_FALSE(session.is_open());
}

// Both directions encrypted: the chip's side computed by the oracle from the formulas.
TEST_F(HostSessionTest, EncryptedBothWaysRoundTrip) {
  stsafe.set_command_access_table(access_table({{0x00, 0, kHost, true, true}}));
  open_session(41);
  const Bytes data = hex("DE AD BE EF");
  const Bytes sent_body = oracle.encrypt(42, 0x80, data);
  device.answer(oracle.response(42, hex("E0"), sent_body, oracle.encrypt(42, 0xC0, data)));
  std::array<uint8_t, 4> out{};
  ASSERT_TRUE(stsafe.echo(data, out).ok());
  EXPECT_THAT(out, ElementsAreArray(data));
  ASSERT_EQ(device.writes.size(), 1u);
  EXPECT_THAT(
      device.writes[0],
      ElementsAreArray(test::command_wire(concat({hex("E0"), sent_body, oracle.c_mac(41, hex("E0"), sent_body)}))));
}

// A header-only OK answer still carries an R-MAC (over an empty response payload).
TEST_F(HostSessionTest, HeaderOnlyAnswerIsStillAuthenticated) {
  stsafe.set_command_access_table(access_table({{0x1F, 0x19, kHost, false, false}}));
  open_session(0);
  device.answer(oracle.response(1, hex("FF 19"), hex("04"), {}));
  EXPECT_TRUE(stsafe.erase_symmetric_key(4).ok());
  EXPECT_EQ(stsafe.host_session().counter(), 1u);
}

// --- what the host refuses ---

TEST_F(HostSessionTest, TamperedResponseMacIsDetected) {
  stsafe.set_command_access_table(access_table({{0x09, 0, kHost, false, false}}));
  open_session(0);
  device.answer(response_wire(0x40, hex("BE 4C A3 F2 1F 50 EE 9D")));  // last R-MAC bit flipped
  std::array<uint8_t, 4> mac{0xEE, 0xEE, 0xEE, 0xEE};
  EXPECT_EQ(stsafe.generate_mac(3, kMessage, mac), Status(Code::kResponseMac));
  EXPECT_THAT(mac, ElementsAre(0xEE, 0xEE, 0xEE, 0xEE));  // nothing of the answer is released
  // The chip accepted the C-MAC (status 0), so it has advanced; the host follows it.
  EXPECT_EQ(stsafe.host_session().counter(), 1u);
}

TEST_F(HostSessionTest, TamperedResponseDataIsDetected) {
  stsafe.set_command_access_table(access_table({{0x09, 0, kHost, false, false}}));
  open_session(0);
  device.answer(response_wire(0x40, hex("BE 4C A3 F3 1F 50 EE 9C")));
  std::array<uint8_t, 4> mac{};
  EXPECT_EQ(stsafe.generate_mac(3, kMessage, mac), Status(Code::kResponseMac));
}

// The header byte is covered too: 0x00 instead of the 0x40 the R-MAC was computed over.
TEST_F(HostSessionTest, ResponseHeaderIsCoveredByTheMac) {
  stsafe.set_command_access_table(access_table({{0x09, 0, kHost, false, false}}));
  open_session(0);
  device.answer(response_wire(0x00, hex("BE 4C A3 F2 1F 50 EE 9C")));
  std::array<uint8_t, 4> mac{};
  EXPECT_EQ(stsafe.generate_mac(3, kMessage, mac), Status(Code::kResponseMac));
}

TEST_F(HostSessionTest, MissingResponseMacIsTruncated) {
  stsafe.set_command_access_table(access_table({{0x09, 0, kHost, false, false}}));
  open_session(0);
  device.answer(response_wire(0x40, hex("BE 4C A3")));
  std::array<uint8_t, 4> mac{};
  EXPECT_EQ(stsafe.generate_mac(3, kMessage, mac), Status(Code::kResponseTruncated));
}

// A CRC error is a host-side failure: the host cannot know the chip saw the command, and the
// counter stays (fact sheet 3.4).
TEST_F(HostSessionTest, BadCrcLeavesTheCounter) {
  stsafe.set_command_access_table(access_table({{0x09, 0, kHost, false, false}}));
  open_session(0);
  device.answer(hex("40 00 0A BE 4C A3 F2 1F 50 EE 9C ED 38"));
  std::array<uint8_t, 4> mac{};
  EXPECT_EQ(stsafe.generate_mac(3, kMessage, mac), Status(Code::kResponseCrc));
  EXPECT_EQ(stsafe.host_session().counter(), 0u);
}

TEST_F(HostSessionTest, WrongLengthFieldIsRejected) {
  stsafe.set_command_access_table(access_table({{0x09, 0, kHost, false, false}}));
  open_session(0);
  // L says 12 bytes follow, the read brings fewer valid ones: the CRC no longer lines up.
  device.answer(hex("40 00 0C BE 4C A3 F2 1F 50 EE 9C ED 39"));
  std::array<uint8_t, 4> mac{};
  EXPECT_FALSE(stsafe.generate_mac(3, kMessage, mac).ok());
  EXPECT_EQ(stsafe.host_session().counter(), 0u);
}

TEST_F(HostSessionTest, BadPaddingInEncryptedResponseIsMalformed) {
  stsafe.set_command_access_table(access_table({{0x02, 0, kHost, false, true}}));
  open_session(9);
  // 16 random bytes with a 16-byte block that decrypts to no valid `80 00..` tail: encrypt a full
  // block of 0x11 with the oracle and keep only its first block (padding block dropped).
  Bytes body = oracle.encrypt(10, 0xC0, Bytes(16, 0x11));
  body.resize(16);
  device.answer(oracle.response(10, hex("E2"), hex("00 10"), body));
  std::array<uint8_t, 16> out{};
  EXPECT_EQ(stsafe.generate_random(out), Status(Code::kResponseMalformed));
}

TEST_F(HostSessionTest, EncryptedResponseNotWholeBlocksIsMalformed) {
  stsafe.set_command_access_table(access_table({{0x02, 0, kHost, false, true}}));
  open_session(9);
  device.answer(oracle.response(10, hex("E2"), hex("00 04"), hex("01 02 03 04 05")));
  std::array<uint8_t, 4> out{};
  EXPECT_EQ(stsafe.generate_random(out), Status(Code::kResponseMalformed));
}

// --- counter rules (fact sheet 3.4) ---

struct CounterCase {
  uint8_t status;
  uint32_t counter_after;
};

class CounterRuleTest : public test::StsafeSessionTest, public ::testing::WithParamInterface<CounterCase> {};

TEST_P(CounterRuleTest, AdvancesOnEveryChipStatusButInvalidCMacAndCommunicationError) {
  stsafe.set_command_access_table(access_table({{0x09, 0, kHost, false, false}}));
  open_session(100);
  device.answer(response_wire(GetParam().status, {}));
  std::array<uint8_t, 4> mac{};
  EXPECT_EQ(stsafe.generate_mac(3, kMessage, mac), Status::device(Domain::kStsafe, GetParam().status));
  EXPECT_EQ(stsafe.host_session().counter(), GetParam().counter_after);
}

INSTANTIATE_TEST_SUITE_P(Statuses, CounterRuleTest,
                         ::testing::Values(CounterCase{0x16, 100}, CounterCase{0x01, 100}, CounterCase{0x0A, 101},
                                           CounterCase{0x11, 101}, CounterCase{0x1B, 101}, CounterCase{0x09, 101}));

TEST_F(HostSessionTest, SuccessiveCommandsUseSuccessiveCounters) {
  stsafe.set_command_access_table(access_table({{0x09, 0, kHost, false, false}}));
  open_session(0);
  device.answer(hex("40 00 0A BE 4C A3 F2 1F 50 EE 9C ED 39"));
  device.answer(oracle.response(2, hex("E9"), concat({hex("03 03 04"), kMessage}), hex("BE 4C A3 F2")));
  std::array<uint8_t, 4> mac{};
  ASSERT_TRUE(stsafe.generate_mac(3, kMessage, mac).ok());
  ASSERT_TRUE(stsafe.generate_mac(3, kMessage, mac).ok());
  ASSERT_EQ(device.writes.size(), 2u);
  const Bytes second_mac = oracle.c_mac(1, hex("E9"), concat({hex("03 03 04"), kMessage}));
  EXPECT_THAT(Bytes(device.writes[1].end() - 6, device.writes[1].end() - 2), ElementsAreArray(second_mac));
  EXPECT_EQ(stsafe.host_session().counter(), 2u);
}

// A replay of the first answer after the counter moved no longer verifies.
TEST_F(HostSessionTest, ReplayedResponseIsRejected) {
  stsafe.set_command_access_table(access_table({{0x09, 0, kHost, false, false}}));
  open_session(0);
  device.answer(hex("40 00 0A BE 4C A3 F2 1F 50 EE 9C ED 39"));
  device.answer(hex("40 00 0A BE 4C A3 F2 1F 50 EE 9C ED 39"));
  std::array<uint8_t, 4> mac{};
  ASSERT_TRUE(stsafe.generate_mac(3, kMessage, mac).ok());
  EXPECT_EQ(stsafe.generate_mac(3, kMessage, mac), Status(Code::kResponseMac));
}

TEST_F(HostSessionTest, CounterStopsAtItsMaximum) {
  stsafe.set_command_access_table(access_table({{0x09, 0, kHost, false, false}}));
  open_session(0xFFFFFFFF);
  device.answer(response_wire(0x09, {}));
  std::array<uint8_t, 4> mac{};
  EXPECT_EQ(stsafe.generate_mac(3, kMessage, mac), Status::device(Domain::kStsafe, 0x09));
  EXPECT_EQ(stsafe.host_session().counter(), 0xFFFFFFFFu);
}

TEST_F(HostSessionTest, OversizedProtectedCommandIsRefusedLocally) {
  stsafe.set_command_access_table(access_table({{0x00, 0, kHost, true, false}}));
  open_session(0);
  // 737 bytes pad to 752; with header and C-MAC the frame would exceed 752.
  Bytes big(737, 0x01);
  Bytes out(737);
  EXPECT_EQ(stsafe.echo(big, out), Status(Code::kInvalidArgument));
  EXPECT_TRUE(device.writes.empty());
  EXPECT_EQ(stsafe.host_session().counter(), 0u);
}

TEST_F(HostSessionTest, HostKeyWriteClosesTheSession) {
  open_session(5);
  device.answer(kOkHeaderOnly);
  ASSERT_TRUE(stsafe.write_host_key_plaintext(HostKeyType::kAes128, kHostMacKey, kHostCipherKey).ok());
  EXPECT_FALSE(stsafe.host_session().is_open());
}

}  // namespace
}  // namespace kb::core::stsafe
