// Whole frames through the bus, checked against the worked examples of the fact sheet.
#include <gtest/gtest.h>

#include "simulator/stsafe_a120/frame_decoder.h"
#include "simulator/stsafe_a120/response.h"
#include "tests/unit/simulator/stsafe_a120/stsafe_harness.h"

namespace kb::sim::stsafe_a120 {
namespace {

using test_support::error_frame;
using test_support::frame;
using test_support::hex;
using test_support::response_frame;
using test_support::StsafeOnBus;

// Fact sheet 2.5, echo (verified example).
TEST(StsafeFrames, EchoExample) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(hex("00 00 01 02 03 94 80")), hex("00 00 06 00 01 02 03 94 80"));
}

// Fact sheet 1.4: the echo frame of the CRC table.
TEST(StsafeFrames, EchoOfThreeBytesFromTheCrcTable) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(hex("00 01 02 03 A7 29")), response_frame(0x00, hex("01 02 03")));
}

// Fact sheet 1.4: reset frame; 1.3: header-only response.
TEST(StsafeFrames, ResetAnswersHeaderOnly) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(hex("01 E1 F1")), hex("00 00 02 F0 78"));
}

// Fact sheet 7.1 step 2: query of the host key provisioning control fields, factory 0A FF (8.4).
TEST(StsafeFrames, QueryHostKeyControlFields) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(hex("14 4A 10 E8")), response_frame(0x00, hex("0A FF")));
}

// Fact sheet 7.1 step 5.
TEST(StsafeFrames, PutHostKeyControlFields) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(hex("10 4A 07 FF 08 03")), hex("00 00 02 F0 78"));
  EXPECT_EQ(b.chip.state().host_key_control.encode(), (std::array<uint8_t, 2>{0x07, 0xFF}));
  EXPECT_EQ(b.transact(hex("14 4A 10 E8")), response_frame(0x00, hex("07 FF")));
}

// Fact sheet 2.5 write host key V2 plaintext: the verified wire frame with the EX test keys.
TEST(StsafeFrames, WriteHostKeyPlaintextWireFrame) {
  StsafeOnBus b;
  const auto wire = hex(
      "1F 07 00 00 00 00 00 11 22 33 44 55 66 77 88 99 AA BB CC DD EE FF 01 23 45 67 89 AB CD EF 01 23 45 67 89 AB CD "
      "EF 3C BB");
  EXPECT_EQ(b.transact(wire), hex("00 00 02 F0 78"));
  const HostKeySlot& k = b.chip.state().host_key;
  EXPECT_TRUE(k.present);
  EXPECT_EQ(k.type, HostKeyType::kAes128);
  EXPECT_EQ(k.mac_key, hex("00112233445566778899AABBCCDDEEFF"));
  EXPECT_EQ(k.cipher_key, hex("0123456789ABCDEF0123456789ABCDEF"));
  EXPECT_EQ(k.cmac_counter, 0u);
  // Fact sheet 7.2 step 5: query 0x47 `14 47 CB 0D` -> presence 1, AES-128, counter 0.
  EXPECT_EQ(b.transact(hex("14 47 CB 0D")), response_frame(0x00, hex("01 00 00 00 00 00")));
}

// Fact sheet 7.1, the whole host key provisioning example on a fresh chip.
TEST(StsafeFrames, HostKeyProvisioningExampleSequence) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(hex("14 4A 10 E8")), response_frame(0x00, hex("0A FF")));
  EXPECT_EQ(b.transact(hex("14 4A 10 E8")), response_frame(0x00, hex("0A FF")));
  EXPECT_EQ(b.transact(hex("10 4A 07 FF 08 03")), hex("00 00 02 F0 78"));
  EXPECT_EQ(b.transact(frame("1F 07 00 00 00 00 00112233445566778899AABBCCDDEEFF 0123456789ABCDEF0123456789ABCDEF")),
            hex("00 00 02 F0 78"));
  EXPECT_EQ(b.chip.commands_executed(), 4u);
}

// Fact sheet 6.2: stse_init's trace. Each query is read twice: 5 bytes, then L + 3 bytes, both
// from byte 0.
TEST(StsafeFrames, InitTraceProductDataThenCommandAuthorization) {
  StsafeOnBus b;
  ASSERT_EQ(b.write(hex("14 11 FC BE")), BusOutcome::kAck);
  b.scheduler.advance_by(10 * kMillisecond);  // STSE_FIRST_POLLING_INTERVAL
  std::vector<uint8_t> first(5);
  ASSERT_EQ(b.read(first), BusOutcome::kAck);
  const std::vector<uint8_t> product = default_product_data();
  const size_t l = product.size() + 2;
  EXPECT_EQ(first, (std::vector<uint8_t>{0x00, static_cast<uint8_t>(l >> 8), static_cast<uint8_t>(l), 0x01, 0x03}));
  std::vector<uint8_t> all(l + 3);
  ASSERT_EQ(b.read(all), BusOutcome::kAck);
  EXPECT_EQ(all, response_frame(0x00, product));
  // STSELib: mask number = mask id bytes 1..2, >= 0x6000 means A120.
  EXPECT_GE(all[6] << 8 | all[7], 0x6000);

  for (int round = 0; round < 2; ++round) {  // stse_init queries 0x24 twice
    ASSERT_EQ(b.write(hex("14 24 9A 90")), BusOutcome::kAck);
    b.scheduler.advance_by(10 * kMillisecond);
    ASSERT_EQ(b.read(first), BusOutcome::kAck);
    // 18 standard records of 3 bytes + 27 extended of 4, plus CR and count: L = 164 + 2.
    EXPECT_EQ(first, hex("00 00 A6 03 2D"));
    std::vector<uint8_t> table(0xA6 + 3);
    ASSERT_EQ(b.read(table), BusOutcome::kAck);
    // CRC over header + payload, length field excluded (fact sheet 1.3).
    EXPECT_EQ(table, response_frame(0x00, std::vector<uint8_t>(table.begin() + 3, table.end() - 2)));
    // PR #45, the real chip: first record 00 01 (echo, FREE).
    EXPECT_EQ(table[5], 0x00);
    EXPECT_EQ(table[6], 0x01);
    EXPECT_EQ(table[7], 0x00);
  }
}

// Fact sheet 1.2: C-MAC split off a protected extended frame (3.6 vector 5 shape).
TEST(StsafeFrameDecoder, SplitsProtectedExtendedFrame) {
  const auto wire = frame("FF 0B 00 08 2A 86 48 CE 3D 03 01 07 A1 A2 A3 A4");
  auto decoded = decode_command_frame(wire);
  ASSERT_TRUE(std::holds_alternative<CommandFrame>(decoded));
  const CommandFrame& f = std::get<CommandFrame>(decoded);
  EXPECT_EQ(f.header, 0xFF);
  EXPECT_EQ(f.code, 0x1F);
  EXPECT_EQ(f.ext_code, std::optional<uint8_t>(0x0B));
  EXPECT_TRUE(f.is_protected());
  EXPECT_EQ(std::vector<uint8_t>(f.payload.begin(), f.payload.end()), hex("00 08 2A 86 48 CE 3D 03 01 07"));
  EXPECT_EQ(std::vector<uint8_t>(f.cmac.begin(), f.cmac.end()), hex("A1 A2 A3 A4"));
}

TEST(StsafeFrameDecoder, UnprotectedStandardFrame) {
  const auto wire = hex("14 11 FC BE");
  auto decoded = decode_command_frame(wire);
  ASSERT_TRUE(std::holds_alternative<CommandFrame>(decoded));
  const CommandFrame& f = std::get<CommandFrame>(decoded);
  EXPECT_EQ(f.code, 0x14);
  EXPECT_FALSE(f.ext_code.has_value());
  EXPECT_FALSE(f.is_protected());
  EXPECT_EQ(std::vector<uint8_t>(f.payload.begin(), f.payload.end()), hex("11"));
  EXPECT_TRUE(f.cmac.empty());
}

TEST(StsafeFrameDecoder, RejectsWhatIsNotAFrame) {
  EXPECT_EQ(std::get<Status>(decode_command_frame(hex("14 11 FC BF"))), Status::kCommunicationError);
  EXPECT_EQ(std::get<Status>(decode_command_frame(hex("14 11"))), Status::kCommunicationError);
  EXPECT_EQ(std::get<Status>(decode_command_frame(hex(""))), Status::kCommunicationError);
  EXPECT_EQ(std::get<Status>(decode_command_frame(frame("1F"))), Status::kCommunicationError);        // no ext code
  EXPECT_EQ(std::get<Status>(decode_command_frame(frame("E9 03 03"))), Status::kCommunicationError);  // C-MAC cut
}

// Fact sheet 1.3: L counts payload + CRC; the CRC skips L.
TEST(StsafeResponse, EncodesHeaderLengthPayloadCrc) {
  EXPECT_EQ(encode_response(Response::ok()), hex("00 00 02 F0 78"));
  EXPECT_EQ(encode_response(Response::ok(hex("00 01 02 03"))), hex("00 00 06 00 01 02 03 94 80"));
  EXPECT_EQ(encode_response(Response::error(Status::kAccessConditionNotSatisfied)), error_frame(0x11));
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
