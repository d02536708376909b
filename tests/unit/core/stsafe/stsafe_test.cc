// The facade and its commands against a scripted device: exact bytes on the wire and decoding.
#include "core/stsafe/stsafe.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>

#include "tests/unit/core/stsafe/fake_clock.h"
#include "tests/unit/core/stsafe/mock_i2c_initiator.h"
#include "tests/unit/core/stsafe/scripted_stsafe.h"

namespace kb::core::stsafe {
namespace {

using test::Bytes;
using test::concat;
using test::hex;
using test::kOkHeaderOnly;
using test::response_wire;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::StrictMock;

// Test host keys of the EX applications (fact sheet 7).
const Bytes kMacKey = hex("00112233445566778899AABBCCDDEEFF");
const Bytes kCipherKey = hex("0123456789ABCDEF0123456789ABCDEF");

// 45-record table of fact sheet 8 #3: the 18 standard codes marked "A120 AC table" in 2.1 and
// extended 0x00-0x1A, all FREE except 0x08 = HOST, change rights 0x03.
Bytes factory_access_table() {
  Bytes payload = {0x03, 45};
  for (uint8_t code :
       {0x00, 0x02, 0x04, 0x05, 0x06, 0x08, 0x09, 0x0A, 0x0E, 0x0F, 0x11, 0x15, 0x16, 0x17, 0x18, 0x1A, 0x1B, 0x1C}) {
    test::append(payload, {code, static_cast<uint8_t>(code == 0x08 ? 0x03 : 0x01), 0x00});
  }
  for (uint8_t ext = 0x00; ext <= 0x1A; ++ext) test::append(payload, {0x1F, ext, 0x01, 0x00});
  return payload;
}

class StsafeTest : public ::testing::Test {
 protected:
  test::MockI2cInitiator i2c;
  test::ScriptedStsafe device{i2c};
  test::FakeClock clock;
  Stsafe stsafe{i2c, clock};
};

// Fact sheet 6.2: boot wait, `14 11 FC BE`, then `14 24 9A 90` twice; each answer read as 5 bytes
// then L + 3 bytes.
TEST_F(StsafeTest, InitTraceMatchesStseInit) {
  const Bytes product = response_wire(0x00, hex("01 03 00 60 0B 02 09 11 22 33 44 55 66 77 88 99 03 02 02 F3"));
  const Bytes table = response_wire(0x00, factory_access_table());
  device.answer(product);
  device.answer(table);
  device.answer(table);

  ASSERT_TRUE(stsafe.init().ok());

  EXPECT_THAT(device.writes, ElementsAre(hex("14 11 FC BE"), hex("14 24 9A 90"), hex("14 24 9A 90")));
  EXPECT_THAT(device.reads, ElementsAre(5, product.size(), 5, table.size(), 5, table.size()));
  for (uint8_t address : device.addresses) EXPECT_EQ(address, 0x20);
  EXPECT_THAT(clock.sleeps_ms(), ElementsAre(10, 10, 10, 10));  // boot time, then one poll wait per command

  EXPECT_EQ(stsafe.product_data().mask_number, 0x600B);
  const CommandAccessTable& ac = stsafe.command_access_table();
  EXPECT_EQ(ac.count, 45);
  EXPECT_EQ(ac.change_rights, 0x03);
  ASSERT_NE(ac.find(0x08), nullptr);
  EXPECT_EQ(ac.find(0x08)->access, AccessCondition::kHost);
  ASSERT_NE(ac.find(0x1F, 0x1A), nullptr);
  EXPECT_EQ(ac.find(0x1F, 0x1A)->access, AccessCondition::kFree);
  EXPECT_EQ(ac.find(0x01), nullptr);  // reset is not access-controlled
}

// ST's library refuses anything below mask 0x6000 as "not an A120" (fact sheet 6.2 step 3a).
TEST_F(StsafeTest, InitStopsOnAnA110) {
  device.answer(response_wire(0x00, hex("01 03 00 46 01")));
  EXPECT_EQ(stsafe.init(), Status(Code::kUnsupported));
  EXPECT_EQ(device.writes.size(), 1u);
}

TEST_F(StsafeTest, InitStopsOnForeignProductData) {
  device.answer(response_wire(0x00, hex("02 03 00 60 0B")));
  EXPECT_EQ(stsafe.init(), Status(Code::kResponseMalformed));
}

// Fact sheet 1.4 `00 01 02 03 A7 29`.
TEST_F(StsafeTest, EchoSendsDataAndReturnsTheAnswer) {
  device.answer(response_wire(0x00, hex("01 02 03")));
  std::array<uint8_t, 3> out{};
  ASSERT_TRUE(stsafe.echo(hex("01 02 03"), out).ok());
  EXPECT_THAT(device.writes, ElementsAre(hex("00 01 02 03 A7 29")));
  EXPECT_THAT(out, ElementsAre(0x01, 0x02, 0x03));
}

// Fact sheet 2.5 echo example, both directions verified against STSELib.
TEST_F(StsafeTest, EchoFactSheetExample) {
  device.answer(hex("00 00 06 00 01 02 03 94 80"));
  std::array<uint8_t, 4> out{};
  ASSERT_TRUE(stsafe.echo(hex("00 01 02 03"), out).ok());
  EXPECT_THAT(device.writes, ElementsAre(hex("00 00 01 02 03 94 80")));
  EXPECT_THAT(out, ElementsAre(0x00, 0x01, 0x02, 0x03));
}

TEST(StsafeLocalChecks, EchoArgumentsCheckedBeforeSending) {
  StrictMock<test::MockI2cInitiator> i2c;  // any transfer fails the test
  test::FakeClock clock;
  Stsafe stsafe(i2c, clock);
  std::array<uint8_t, 751> big{};
  std::array<uint8_t, 2> small{};
  EXPECT_EQ(stsafe.echo({}, small), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.echo(big, big), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.echo(hex("01 02 03"), small), Status(Code::kBufferTooSmall));
}

// Fact sheet 1.4 `01 E1 F1`.
TEST_F(StsafeTest, Reset) {
  device.answer(kOkHeaderOnly);
  ASSERT_TRUE(stsafe.reset().ok());
  EXPECT_THAT(device.writes, ElementsAre(hex("01 E1 F1")));
}

// Fact sheet 1.4 `02 00 20 52 76`.
TEST_F(StsafeTest, GenerateRandom32) {
  Bytes random(32);
  for (size_t i = 0; i < random.size(); ++i) random[i] = static_cast<uint8_t>(0xA0 + i);
  device.answer(response_wire(0x00, random));
  std::array<uint8_t, 32> out{};
  ASSERT_TRUE(stsafe.generate_random(out).ok());
  EXPECT_THAT(device.writes, ElementsAre(hex("02 00 20 52 76")));
  EXPECT_THAT(out, ElementsAreArray(random));
}

// Fact sheet 1.7: at most 255 bytes per command.
TEST_F(StsafeTest, GenerateRandomLoopsIn255ByteChunks) {
  device.answer(response_wire(0x00, Bytes(255, 0x11)));
  device.answer(response_wire(0x00, Bytes(45, 0x22)));
  std::array<uint8_t, 300> out{};
  ASSERT_TRUE(stsafe.generate_random(out).ok());
  EXPECT_THAT(device.writes, ElementsAre(test::command_wire(hex("02 00 FF")), test::command_wire(hex("02 00 2D"))));
  EXPECT_EQ(out[0], 0x11);
  EXPECT_EQ(out[254], 0x11);
  EXPECT_EQ(out[255], 0x22);
  EXPECT_EQ(out[299], 0x22);
}

TEST_F(StsafeTest, GenerateRandomShortAnswerIsTruncated) {
  device.answer(response_wire(0x00, Bytes(31, 0x11)));
  std::array<uint8_t, 32> out{};
  EXPECT_EQ(stsafe.generate_random(out), Status(Code::kResponseTruncated));
}

// Fact sheet 7.1 step 2: `14 4A 10 E8`.
TEST_F(StsafeTest, QueryHostKeyControlFields) {
  device.answer(response_wire(0x00, hex("0A FF")));
  auto fields = stsafe.query_host_key_control_fields();
  ASSERT_TRUE(fields.ok());
  EXPECT_THAT(device.writes, ElementsAre(hex("14 4A 10 E8")));
  EXPECT_TRUE(fields->change_right);
  EXPECT_TRUE(fields->plaintext);
  EXPECT_FALSE(fields->reprovision);
  EXPECT_FALSE(fields->wrapped_anonymous);
  EXPECT_EQ(fields->authentication_key_slot, 0xFF);
}

TEST_F(StsafeTest, DeviceRefusalDropsThePayload) {
  device.answer(response_wire(0x11, hex("0A FF")));
  auto fields = stsafe.query_host_key_control_fields();
  EXPECT_FALSE(fields.ok());
  EXPECT_EQ(fields.status(), Status::device(Domain::kStsafe, 0x11));
}

// Fact sheet 7.1 step 5: `10 4A 07 FF 08 03`.
TEST_F(StsafeTest, PutHostKeyControlFields) {
  device.answer(kOkHeaderOnly);
  HostKeyControlFields fields{.change_right = false,
                              .reprovision = true,
                              .plaintext = true,
                              .wrapped_anonymous = true,
                              .authentication_key_slot = 0xFF};
  ASSERT_TRUE(stsafe.put_host_key_control_fields(fields).ok());
  EXPECT_THAT(device.writes, ElementsAre(hex("10 4A 07 FF 08 03")));
}

// Fact sheet 8 #5: a put after the change right was cleared is answered 0x11.
TEST_F(StsafeTest, PutHostKeyControlFieldsRefused) {
  device.answer(response_wire(0x11, {}));
  EXPECT_EQ(stsafe.put_host_key_control_fields(HostKeyControlFields{}), Status::device(Domain::kStsafe, 0x11));
}

// Fact sheet 7.2 step 5: `14 47 CB 0D` → presence 1, AES-128, counter.
TEST_F(StsafeTest, QueryHostKeySlot) {
  device.answer(response_wire(0x00, hex("01 00 00 00 01 2C")));
  auto slot = stsafe.query_host_key_slot();
  ASSERT_TRUE(slot.ok());
  EXPECT_THAT(device.writes, ElementsAre(hex("14 47 CB 0D")));
  EXPECT_TRUE(slot->present);
  EXPECT_EQ(slot->type, HostKeyType::kAes128);
  EXPECT_EQ(slot->cmac_counter, 300u);
}

// Fact sheet 2.5 query 0x17, the V1 layout: presence | counter (3, BE).
TEST_F(StsafeTest, QueryHostKeySlotV1) {
  device.answer(response_wire(0x00, hex("01 01 23 45")));
  auto slot = stsafe.query_host_key_slot_v1();
  ASSERT_TRUE(slot.ok());
  EXPECT_THAT(device.writes, ElementsAre(test::command_wire(hex("14 17"))));
  EXPECT_TRUE(slot->present);
  EXPECT_EQ(slot->cmac_counter, 0x012345u);
}

TEST_F(StsafeTest, QueryHostKeySlotV1ShortAnswerIsTruncated) {
  device.answer(response_wire(0x00, hex("01 01 23")));
  EXPECT_EQ(stsafe.query_host_key_slot_v1().status(), Status(Code::kResponseTruncated));
}

// Fact sheet 2.5 "Write host key V2 plaintext", verified wire.
TEST_F(StsafeTest, WriteHostKeyPlaintextAes128) {
  device.answer(kOkHeaderOnly);
  ASSERT_TRUE(stsafe.write_host_key_plaintext(HostKeyType::kAes128, kMacKey, kCipherKey).ok());
  EXPECT_THAT(device.writes, ElementsAre(concat({hex("1F 07 00 00 00 00"), kMacKey, kCipherKey, hex("3C BB")})));
}

TEST_F(StsafeTest, WriteHostKeyPlaintextAes256) {
  device.answer(kOkHeaderOnly);
  const Bytes mac = concat({kMacKey, kMacKey});
  const Bytes cipher = concat({kCipherKey, kCipherKey});
  ASSERT_TRUE(stsafe.write_host_key_plaintext(HostKeyType::kAes256, mac, cipher).ok());
  ASSERT_EQ(device.writes.size(), 1u);
  EXPECT_THAT(device.writes[0], ElementsAreArray(test::command_wire(concat({hex("1F 07 00 00 00 01"), mac, cipher}))));
}

TEST(StsafeLocalChecks, WriteHostKeyWrongLengthsSendNothing) {
  StrictMock<test::MockI2cInitiator> i2c;
  test::FakeClock clock;
  Stsafe stsafe(i2c, clock);
  const Bytes long_key = concat({kMacKey, kMacKey});
  EXPECT_EQ(stsafe.write_host_key_plaintext(HostKeyType::kAes128, long_key, kCipherKey),
            Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.write_host_key_plaintext(HostKeyType::kAes128, kMacKey, long_key), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.write_host_key_plaintext(HostKeyType::kAes256, kMacKey, kCipherKey), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.write_host_key_plaintext(static_cast<HostKeyType>(2), kMacKey, kCipherKey),
            Status(Code::kInvalidArgument));
}

// Fact sheet 2.5 tag 0x08.
TEST_F(StsafeTest, QueryLifeCycle) {
  device.answer(response_wire(0x00, hex("03")));
  auto state = stsafe.query_life_cycle();
  ASSERT_TRUE(state.ok());
  EXPECT_THAT(device.writes, ElementsAre(test::command_wire(hex("14 08"))));
  EXPECT_EQ(*state, LifeCycleState::kOperational);
}

// Fact sheet 7.2 step 2: `14 23 EE 2F`, fresh SPL05 answers `10` + 16 × `00`.
TEST_F(StsafeTest, QuerySymmetricKeyTable) {
  Bytes fresh = {0x10};
  fresh.resize(17, 0x00);
  device.answer(response_wire(0x00, fresh));
  auto table = stsafe.query_symmetric_key_table();
  ASSERT_TRUE(table.ok());
  EXPECT_THAT(device.writes, ElementsAre(hex("14 23 EE 2F")));
  EXPECT_EQ(table->count, 16);
}

TEST_F(StsafeTest, QueryAndPutSymmetricSlotControlFields) {
  device.answer(response_wire(0x00, hex("08 FF FF")));
  device.answer(kOkHeaderOnly);
  auto fields = stsafe.query_symmetric_slot_control_fields(3);
  ASSERT_TRUE(fields.ok());
  EXPECT_TRUE(fields->change_right);
  EXPECT_FALSE(fields->wrapped_anonymous);

  // Fact sheet 2.7: the EX control-fields example writes `10 4B slot 03 FF FF`.
  SymmetricSlotControlFields wanted;
  wanted.ecdhe_anonymous = true;
  wanted.wrapped_anonymous = true;
  ASSERT_TRUE(stsafe.put_symmetric_slot_control_fields(3, wanted).ok());
  EXPECT_THAT(device.writes,
              ElementsAre(test::command_wire(hex("14 4B 03")), test::command_wire(hex("10 4B 03 03 FF FF"))));
}

TEST_F(StsafeTest, QueryCommandAccessTableAlone) {
  device.answer(response_wire(0x00, factory_access_table()));
  auto table = stsafe.query_command_access_table();
  ASSERT_TRUE(table.ok());
  EXPECT_THAT(device.writes, ElementsAre(hex("14 24 9A 90")));
  EXPECT_EQ(table->count, 45);
}

TEST_F(StsafeTest, TransportKeepsTheLastExchange) {
  device.answer(hex("00 00 06 00 01 02 03 94 80"));
  std::array<uint8_t, 4> out{};
  ASSERT_TRUE(stsafe.echo(hex("00 01 02 03"), out).ok());
  EXPECT_THAT(Bytes(stsafe.transport().last_command().begin(), stsafe.transport().last_command().end()),
              ElementsAreArray(hex("00 00 01 02 03 94 80")));
  EXPECT_THAT(Bytes(stsafe.transport().last_response().begin(), stsafe.transport().last_response().end()),
              ElementsAreArray(hex("00 00 06 00 01 02 03 94 80")));
}

}  // namespace
}  // namespace kb::core::stsafe
