// The host library's local envelope, password, life cycle and hibernate commands against the byte
// layouts of fact sheet 2.5 (and STSELib's services for the password and key wrap layouts), with a
// scripted chip: the frames sent, how the answers are read, what is refused before anything is
// sent, and the protected variants of the recommended access table (wrap H+C, unwrap H+R).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>

#include "core/stsafe/commands/hibernate.h"
#include "core/stsafe/commands/query.h"
#include "tests/unit/core/stsafe/stsafe_session_harness.h"

namespace kb::core::stsafe {
namespace {

using test::Bytes;
using test::command_wire;
using test::concat;
using test::hex;
using test::kOkHeaderOnly;
using test::response_wire;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;
constexpr AccessCondition kHost = AccessCondition::kHost;

const Bytes kPassword = hex("31 32 33 34 35 36 37 38 39 30 61 62 63 64 65 66");

class EnvelopePasswordTest : public test::StsafeSessionTest {};

// --- generate wrap/unwrap key, key table ---

TEST_F(EnvelopePasswordTest, GenerateWrapKeySendsTheFactSheetFrame) {
  device.answer(kOkHeaderOnly);
  device.answer(kOkHeaderOnly);
  ASSERT_TRUE(stsafe.generate_wrap_unwrap_key(0, LocalEnvelopeKeyType::kAes128).ok());
  ASSERT_TRUE(stsafe.generate_wrap_unwrap_key(1, LocalEnvelopeKeyType::kAes256).ok());
  EXPECT_THAT(device.writes, ElementsAre(command_wire(hex("11 07 00 00")), command_wire(hex("11 07 01 01"))));
}

TEST_F(EnvelopePasswordTest, GenerateWrapKeyOnAFilledSlotIsTheChipsRefusal) {
  device.answer(hex("11 00 02 F1 70"));
  EXPECT_EQ(stsafe.generate_wrap_unwrap_key(0, LocalEnvelopeKeyType::kAes128), Status::device(Domain::kStsafe, 0x11));
  EXPECT_EQ(stsafe.generate_wrap_unwrap_key(0, static_cast<LocalEnvelopeKeyType>(2)), Status(Code::kInvalidArgument));
  EXPECT_EQ(device.writes.size(), 1u);
}

TEST_F(EnvelopePasswordTest, LocalEnvelopeKeyTable) {
  device.answer(response_wire(0x00, hex("02 00 01 01 01 00")));
  auto table = stsafe.query_local_envelope_key_table();
  ASSERT_TRUE(table.ok());
  EXPECT_THAT(device.writes, ElementsAre(command_wire(hex("14 07"))));
  ASSERT_EQ(table->count, 2);
  EXPECT_EQ(table->slots[0].slot, 0);
  EXPECT_TRUE(table->slots[0].present);
  EXPECT_EQ(table->slots[0].type, LocalEnvelopeKeyType::kAes256);
  EXPECT_EQ(table->slots[1].slot, 1);
  EXPECT_FALSE(table->slots[1].present);
}

TEST_F(EnvelopePasswordTest, LocalEnvelopeKeyTableParsing) {
  EXPECT_EQ(commands::parse_local_envelope_key_table({}).status(), Status(Code::kResponseTruncated));
  EXPECT_EQ(commands::parse_local_envelope_key_table(hex("02 00 01")).status(), Status(Code::kResponseTruncated));
  EXPECT_EQ(commands::parse_local_envelope_key_table(hex("02 00 00 01")).status(), Status(Code::kResponseTruncated));
  EXPECT_EQ(commands::parse_local_envelope_key_table(hex("01 00 02")).status(), Status(Code::kResponseMalformed));
  EXPECT_EQ(commands::parse_local_envelope_key_table(hex("01 00 01 02")).status(), Status(Code::kResponseMalformed));
  EXPECT_EQ(commands::parse_local_envelope_key_table(hex("09")).status(), Status(Code::kBufferTooSmall));
  auto empty = commands::parse_local_envelope_key_table(hex("00"));
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->count, 0);
}

// --- wrap / unwrap ---

TEST_F(EnvelopePasswordTest, WrapAndUnwrapFramesUnprotected) {
  const Bytes data = test::counting(16);
  const Bytes envelope = test::counting(24);
  device.answer(response_wire(0x00, envelope));
  device.answer(response_wire(0x00, data));
  std::array<uint8_t, 24> wrapped{};
  ASSERT_TRUE(stsafe.wrap_local_envelope(0, data, wrapped).ok());
  EXPECT_THAT(wrapped, ElementsAreArray(envelope));
  std::array<uint8_t, 16> plain{};
  ASSERT_TRUE(stsafe.unwrap_local_envelope(1, envelope, plain).ok());
  EXPECT_THAT(plain, ElementsAreArray(data));
  EXPECT_THAT(device.writes,
              ElementsAre(command_wire(concat({hex("0E 00"), data})), command_wire(concat({hex("0F 01"), envelope}))));
}

TEST_F(EnvelopePasswordTest, StsLibLimitsAreCheckedBeforeSending) {
  std::array<uint8_t, 489> out{};
  const Bytes big(481, 0x00);
  auto wrap = [&](size_t n, size_t out_n) {
    return stsafe.wrap_local_envelope(0, std::span<const uint8_t>(big).first(n), std::span<uint8_t>(out).first(out_n));
  };
  auto unwrap = [&](size_t n, size_t out_n) {
    return stsafe.unwrap_local_envelope(0, std::span<const uint8_t>(out).first(n),
                                        std::span<uint8_t>(out).first(out_n));
  };
  const Status invalid(Code::kInvalidArgument);
  EXPECT_EQ(wrap(0, 8), invalid);
  EXPECT_EQ(wrap(481, 489), invalid);
  EXPECT_EQ(wrap(16, 16), invalid) << "the envelope is 8 bytes longer";
  EXPECT_EQ(wrap(16, 25), invalid);
  EXPECT_EQ(unwrap(7, 0), invalid);
  EXPECT_EQ(unwrap(489, 481), invalid);
  EXPECT_EQ(unwrap(24, 24), invalid);
  EXPECT_THAT(device.writes, IsEmpty());
  // The largest ST sends goes out (and a length the chip refuses comes back as its status).
  device.answer(response_wire(0x00, Bytes(488, 0xAB)));
  EXPECT_TRUE(wrap(480, 488).ok());
  device.answer(response_wire(0x02, {}));
  EXPECT_EQ(wrap(5, 13), Status::device(Domain::kStsafe, 0x02));
  ASSERT_EQ(device.writes.size(), 2u);
  EXPECT_EQ(device.writes[0].size(), 1u + 1 + 480 + 2);
}

TEST_F(EnvelopePasswordTest, AnAnswerOfAnotherLengthIsMalformed) {
  std::array<uint8_t, 24> wrapped{};
  device.answer(response_wire(0x00, test::counting(16)));
  EXPECT_EQ(stsafe.wrap_local_envelope(0, test::counting(16), wrapped), Status(Code::kResponseTruncated));
  device.answer(response_wire(0x00, test::counting(32)));
  EXPECT_EQ(stsafe.wrap_local_envelope(0, test::counting(16), wrapped), Status(Code::kResponseMalformed));
}

// Fact sheet 7.4: wrap with C-MAC and command encryption; unwrap with C-MAC and response encryption.
TEST_F(EnvelopePasswordTest, RecommendedTableProtectsWrapAndUnwrap) {
  stsafe.set_command_access_table(test::access_table({{0x0E, 0, kHost, true, false}, {0x0F, 0, kHost, false, true}}));
  std::array<uint8_t, 24> wrapped{};
  EXPECT_EQ(stsafe.wrap_local_envelope(0, test::counting(16), wrapped), Status(Code::kNotProvisioned))
      << "no session, nothing sent";
  EXPECT_THAT(device.writes, IsEmpty());
  open_session(10);

  const Bytes data = test::counting(16);
  const Bytes envelope = hex("0B 77 53 93 EB F0 25 2A A1 C3 10 61 CD 0F 70 24 B7 38 93 CC 30 75 77 8E");
  const Bytes wrap_body = oracle.encrypt(11, 0x80, concat({hex("00"), data}));
  device.answer(oracle.response(11, hex("EE"), wrap_body, envelope));
  ASSERT_TRUE(stsafe.wrap_local_envelope(0, data, wrapped).ok());
  EXPECT_THAT(wrapped, ElementsAreArray(envelope));
  ASSERT_EQ(device.writes.size(), 1u);
  EXPECT_EQ(device.writes[0], command_wire(concat({hex("EE"), wrap_body, oracle.c_mac(10, hex("EE"), wrap_body)})));

  const Bytes unwrap_body = concat({hex("00"), envelope});
  device.answer(oracle.response(12, hex("EF"), unwrap_body, oracle.encrypt(12, 0xC0, data)));
  std::array<uint8_t, 16> plain{};
  ASSERT_TRUE(stsafe.unwrap_local_envelope(0, envelope, plain).ok());
  EXPECT_THAT(plain, ElementsAreArray(data));
  EXPECT_EQ(device.writes[1], command_wire(concat({hex("EF"), unwrap_body, oracle.c_mac(11, hex("EF"), unwrap_body)})));
  EXPECT_EQ(stsafe.host_session().counter(), 12u);
}

// --- password, life cycle ---

TEST_F(EnvelopePasswordTest, VerifyPasswordFrameAndAnswers) {
  device.answer(response_wire(0x00, hex("01 03")));
  device.answer(response_wire(0x00, hex("00 02")));
  auto right = stsafe.verify_password(kPassword);
  ASSERT_TRUE(right.ok());
  EXPECT_TRUE(right->verified);
  EXPECT_EQ(right->tries_left, 3);
  auto wrong = stsafe.verify_password(kPassword);
  ASSERT_TRUE(wrong.ok());
  EXPECT_FALSE(wrong->verified);
  EXPECT_EQ(wrong->tries_left, 2);
  EXPECT_THAT(device.writes,
              ElementsAre(command_wire(concat({hex("1A"), kPassword})), command_wire(concat({hex("1A"), kPassword}))));
}

TEST_F(EnvelopePasswordTest, VerifyPasswordRefusalsAndOddAnswers) {
  EXPECT_EQ(stsafe.verify_password(Bytes(15, 0x31)).status(), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.verify_password(Bytes(17, 0x31)).status(), Status(Code::kInvalidArgument));
  EXPECT_THAT(device.writes, IsEmpty());
  device.answer(response_wire(0x1A, {}));
  EXPECT_EQ(stsafe.verify_password(kPassword).status(), Status::device(Domain::kStsafe, 0x1A));
  device.answer(response_wire(0x00, hex("02 03")));
  EXPECT_EQ(stsafe.verify_password(kPassword).status(), Status(Code::kResponseMalformed));
}

TEST_F(EnvelopePasswordTest, VerifyPasswordUnderTheHostChannel) {
  stsafe.set_command_access_table(test::access_table({{0x1A, 0, kHost, true, false}}));
  open_session(0);
  const Bytes body = oracle.encrypt(1, 0x80, kPassword);
  ASSERT_EQ(body.size(), 32u) << "16 bytes get a whole block of padding";
  device.answer(oracle.response(1, hex("FA"), body, hex("01 03")));
  auto verdict = stsafe.verify_password(kPassword);
  ASSERT_TRUE(verdict.ok());
  EXPECT_TRUE(verdict->verified);
  EXPECT_EQ(device.writes[0], command_wire(concat({hex("FA"), body, oracle.c_mac(0, hex("FA"), body)})));
}

TEST_F(EnvelopePasswordTest, DeletePasswordAndPasswordSlot) {
  stsafe.set_command_access_table(test::access_table({{0x0C, 0, kHost, true, true}}));
  device.answer(kOkHeaderOnly);
  ASSERT_TRUE(stsafe.delete_password().ok());
  device.answer(response_wire(0x00, hex("01 00")));
  auto slot = stsafe.query_password_slot();
  ASSERT_TRUE(slot.ok());
  EXPECT_TRUE(slot->present);
  EXPECT_EQ(slot->tries_left, 0);
  // Delete goes raw whatever the table says, as ST's library sends it.
  EXPECT_THAT(device.writes, ElementsAre(command_wire(hex("0C 09")), command_wire(hex("14 09"))));
  EXPECT_EQ(commands::parse_password_slot(hex("02 00")).status(), Status(Code::kResponseMalformed));
  EXPECT_EQ(commands::parse_password_slot(hex("01")).status(), Status(Code::kResponseTruncated));
}

TEST_F(EnvelopePasswordTest, LockAndUnlockAreVerifyThenPutLifeCycle) {
  device.answer(response_wire(0x00, hex("01 03")));
  device.answer(kOkHeaderOnly);
  ASSERT_TRUE(stsafe.lock(kPassword).ok());
  device.answer(response_wire(0x00, hex("01 03")));
  device.answer(kOkHeaderOnly);
  ASSERT_TRUE(stsafe.unlock(kPassword).ok());
  const Bytes verify = command_wire(concat({hex("1A"), kPassword}));
  EXPECT_THAT(device.writes, ElementsAre(verify, command_wire(hex("10 08 83")), verify, command_wire(hex("10 08 03"))));
  // A wrong password stops before the put, naming the tries left.
  device.writes.clear();
  device.answer(response_wire(0x00, hex("00 01")));
  EXPECT_EQ(stsafe.lock(kPassword), Status::with_detail(Code::kRefused, 1));
  EXPECT_THAT(device.writes, ElementsAre(verify));
}

// --- hibernate ---

TEST_F(EnvelopePasswordTest, HibernateIsRefusedByTheApiForAnA120) {
  EXPECT_EQ(stsafe.enter_hibernate(HibernateWakeMode::kI2cStartOrReset), Status(Code::kUnsupported));
  EXPECT_EQ(stsafe.enter_hibernate(HibernateWakeMode::kResetOnly), Status(Code::kUnsupported));
  EXPECT_THAT(device.writes, IsEmpty());
}

TEST_F(EnvelopePasswordTest, TheHibernateServiceSendsItsFrame) {
  device.answer(kOkHeaderOnly);
  device.answer(kOkHeaderOnly);
  ASSERT_TRUE(commands::hibernate(stsafe.transport(), HibernateWakeMode::kI2cStartOrReset).ok());
  ASSERT_TRUE(commands::hibernate(stsafe.transport(), HibernateWakeMode::kResetOnly).ok());
  EXPECT_EQ(commands::hibernate(stsafe.transport(), static_cast<HibernateWakeMode>(3)), Status(Code::kInvalidArgument));
  EXPECT_THAT(device.writes, ElementsAre(command_wire(hex("0D 01")), command_wire(hex("0D 02"))));
}

}  // namespace
}  // namespace kb::core::stsafe
