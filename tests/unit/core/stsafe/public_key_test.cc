// The host library's generic public key slot commands against the byte layouts of fact sheet
// 2.2-2.5 and STSELib (Write public key 1F 0A, Query 0x48 / 0x4C, Put 0x4D, Verify signature 0x17
// with a slot, Generate challenge 1F 0E, Verify entity signature 1F 0F, Decompress public key
// 1F 1A), with a scripted chip: the frames sent, how answers are read, what is refused locally.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>

#include "core/stsafe/commands/decompress_public_key.h"
#include "core/stsafe/commands/public_key_slots.h"
#include "core/stsafe/device_status.h"
#include "core/stsafe/ecc_fields.h"
#include "tests/unit/core/stsafe/stsafe_session_harness.h"

namespace kb::core::stsafe {
namespace {

using test::Bytes;
using test::command_wire;
using test::concat;
using test::hex;
using test::response_wire;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

const Bytes kP256Id = hex("00 08 2A 86 48 CE 3D 03 01 07");
const Bytes kEd25519Id = hex("00 03 2B 65 70");
const Bytes kP521Id = hex("00 05 2B 81 04 00 23");

Bytes counting(size_t n, uint8_t from = 0) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(from + i);
  return b;
}
Bytes p256_field(const Bytes& xy) {
  return concat({hex("04 00 20"), Bytes(xy.begin(), xy.begin() + 32), hex("00 20"), Bytes(xy.begin() + 32, xy.end())});
}

class PublicKeyTest : public test::StsafeSessionTest {};

// --- write public key (1F 0A) ---

TEST_F(PublicKeyTest, WritePublicKeySendsTheFactSheetFrame) {
  const Bytes xy = concat({counting(32, 1), counting(32, 0x81)});
  device.answer(test::kOkHeaderOnly);
  ASSERT_TRUE(stsafe.write_public_key(2, EccCurve::kNistP256, xy).ok());
  EXPECT_THAT(device.writes, ElementsAre(command_wire(concat({hex("1F 0A 02"), kP256Id, p256_field(xy)}))));
}

TEST_F(PublicKeyTest, WritePublicKeyOnEd25519AndP521) {
  device.answer(test::kOkHeaderOnly);
  ASSERT_TRUE(stsafe.write_public_key(0, EccCurve::kEd25519, counting(32, 7)).ok());
  EXPECT_EQ(device.writes.back(), command_wire(concat({hex("1F 0A 00"), kEd25519Id, hex("00 20"), counting(32, 7)})));
  device.answer(test::kOkHeaderOnly);
  const Bytes xy = concat({counting(66, 1), counting(66, 0x81)});
  ASSERT_TRUE(stsafe.write_public_key(3, EccCurve::kNistP521, xy).ok());
  EXPECT_EQ(device.writes.back(), command_wire(concat({hex("1F 0A 03"), kP521Id, hex("04 00 42"), counting(66, 1),
                                                       hex("00 42"), counting(66, 0x81)})));
}

TEST_F(PublicKeyTest, WritePublicKeyRefusals) {
  EXPECT_EQ(stsafe.write_public_key(0, EccCurve::kNistP256, counting(63)), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.write_public_key(0, EccCurve::kEd25519, counting(64)), Status(Code::kInvalidArgument));
  EXPECT_THAT(device.writes, IsEmpty());
  device.answer(response_wire(0x11, {}));
  EXPECT_EQ(stsafe.write_public_key(0, EccCurve::kNistP256, counting(64)),
            Status::device(Domain::kStsafe, device_status::kAccessConditionNotSatisfied));
}

// --- queries 0x48 / 0x4C and put 0x4D ---

TEST_F(PublicKeyTest, QueryTableParsesTheRecords) {
  device.answer(response_wire(0x00, hex("04  00 01 00 09 00 08 2A 86 48 CE 3D 03 01 07  01 00 00 09"
                                        "02 01 00 16 00 03 2B 65 70  03 00 00 01")));
  auto table = stsafe.query_public_key_table();
  ASSERT_TRUE(table.ok());
  EXPECT_THAT(device.writes, ElementsAre(command_wire(hex("14 48"))));
  EXPECT_EQ(table->count, 4);
  ASSERT_NE(table->find(2), nullptr);
  EXPECT_TRUE(table->find(2)->present);
  EXPECT_EQ(table->find(2)->curve, EccCurve::kEd25519);
  EXPECT_TRUE(table->find(2)->flags.establish_host_key);
  EXPECT_FALSE(table->find(2)->flags.entity_authentication);
  EXPECT_EQ(table->find(0)->curve, EccCurve::kNistP256);
  EXPECT_TRUE(table->find(0)->flags.entity_authentication);
  EXPECT_FALSE(table->find(1)->present);
  EXPECT_EQ(table->find(3)->flags, (PublicKeyFlags{true, false, false, false, false}));
  EXPECT_EQ(table->find(4), nullptr);
}

TEST(PublicKeyTableParse, Refusals) {
  using commands::parse_public_key_table;
  EXPECT_EQ(parse_public_key_table({}).status(), Status(Code::kResponseTruncated));
  EXPECT_EQ(parse_public_key_table(hex("01 00 02 00 09")).status(), Status(Code::kResponseMalformed)) << "presence 2";
  EXPECT_EQ(parse_public_key_table(hex("01 00 01 00 09 00 08 2A 86")).status(), Status(Code::kResponseTruncated));
  EXPECT_EQ(parse_public_key_table(hex("01 00 01 00 09 00 03 2B 65 71")).status(), Status(Code::kResponseMalformed));
  EXPECT_EQ(parse_public_key_table(hex("02 00 00 00 09")).status(), Status(Code::kResponseTruncated));
  EXPECT_EQ(parse_public_key_table(hex("11")).status(), Status(Code::kBufferTooSmall));
}

TEST_F(PublicKeyTest, QuerySlotReadsTheKey) {
  const Bytes xy = concat({counting(32, 1), counting(32, 0x81)});
  device.answer(response_wire(0x00, concat({hex("01 00 0B"), kP256Id, p256_field(xy)})));
  auto slot = stsafe.query_public_key_slot(1);
  ASSERT_TRUE(slot.ok());
  EXPECT_THAT(device.writes, ElementsAre(command_wire(hex("14 4C 01"))));
  EXPECT_TRUE(slot->present);
  EXPECT_EQ(slot->curve, EccCurve::kNistP256);
  EXPECT_EQ(Bytes(slot->public_key().begin(), slot->public_key().end()), xy);
  EXPECT_TRUE(slot->flags.change_right);
  EXPECT_TRUE(slot->flags.establish_symmetric_key);
  EXPECT_TRUE(slot->flags.entity_authentication);
  // An empty slot: presence and flags only.
  device.answer(response_wire(0x00, hex("00 00 09")));
  auto empty = stsafe.query_public_key_slot(3);
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->present);
  EXPECT_TRUE(empty->public_key().empty());
}

TEST(PublicKeySlotParse, Refusals) {
  using commands::parse_public_key_slot;
  const Bytes xy = concat({counting(32, 1), counting(32, 0x81)});
  EXPECT_EQ(parse_public_key_slot(hex("01 00")).status(), Status(Code::kResponseTruncated));
  EXPECT_EQ(parse_public_key_slot(hex("03 00 09")).status(), Status(Code::kResponseMalformed));
  EXPECT_EQ(parse_public_key_slot(concat({hex("01 00 09"), kP256Id})).status(), Status(Code::kResponseTruncated));
  Bytes bad_marker = concat({hex("01 00 09"), kP256Id, p256_field(xy)});
  bad_marker[3 + kP256Id.size()] = 0x02;
  EXPECT_EQ(parse_public_key_slot(bad_marker).status(), Status(Code::kResponseMalformed));
  Bytes short_field = concat({hex("01 00 09"), kP256Id, p256_field(xy)});
  short_field.pop_back();
  EXPECT_EQ(parse_public_key_slot(short_field).status(), Status(Code::kResponseTruncated));
}

TEST_F(PublicKeyTest, PutFlagsSendsTheFactSheetFrame) {
  device.answer(test::kOkHeaderOnly);
  PublicKeyFlags flags;
  flags.entity_authentication = true;
  flags.start_volatile_kek_session = true;
  ASSERT_TRUE(stsafe.put_public_key_flags(1, flags).ok());
  EXPECT_THAT(device.writes, ElementsAre(command_wire(hex("10 4D 01 00 0C"))));
  device.answer(response_wire(0x11, {}));
  EXPECT_EQ(stsafe.put_public_key_flags(1, flags),
            Status::device(Domain::kStsafe, device_status::kAccessConditionNotSatisfied));
  EXPECT_EQ((PublicKeyFlags{true, true, true, true, true}).encode(), (std::array<uint8_t, 2>{0x00, 0x1F}));
  const std::array<uint8_t, 2> with_filler{0xFF, 0xE2};
  EXPECT_EQ(PublicKeyFlags::decode(with_filler), (PublicKeyFlags{false, true, false, false, false}));
}

// --- verify signature with a slot (0x17 subject 01) ---

TEST_F(PublicKeyTest, VerifySignatureWithSlotFrames) {
  const Bytes signature = concat({counting(32, 0x10), counting(32, 0x50)});
  device.answer(response_wire(0x00, hex("01")));
  auto valid = stsafe.verify_signature_with_slot(2, EccCurve::kNistP256, signature, counting(32, 0x90));
  ASSERT_TRUE(valid.ok());
  EXPECT_TRUE(*valid);
  EXPECT_EQ(device.writes.back(), command_wire(concat({hex("17 01 02 00 20"), counting(32, 0x10), hex("00 20"),
                                                       counting(32, 0x50), hex("00 20"), counting(32, 0x90)})));
  device.answer(response_wire(0x00, hex("00")));
  auto ed = stsafe.verify_signature_with_slot(0, EccCurve::kEd25519, counting(64), counting(3));
  ASSERT_TRUE(ed.ok());
  EXPECT_FALSE(*ed);
  EXPECT_EQ(device.writes.back(), command_wire(concat({hex("17 01 00 00 20"), counting(32), hex("00 20"),
                                                       counting(32, 32), hex("00 00 03"), counting(3)})));
  device.answer(response_wire(0x0A, {}));
  EXPECT_EQ(stsafe.verify_signature_with_slot(1, EccCurve::kNistP256, signature, counting(32)).status(),
            Status::device(Domain::kStsafe, device_status::kKeyNotFound));
  device.writes.clear();
  EXPECT_EQ(stsafe.verify_signature_with_slot(1, EccCurve::kCurve25519, counting(64), counting(32)).status(),
            Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.verify_signature_with_slot(1, EccCurve::kNistP384, signature, counting(32)).status(),
            Status(Code::kInvalidArgument));
  EXPECT_THAT(device.writes, IsEmpty());
}

// --- entity authentication (1F 0E / 1F 0F) ---

TEST_F(PublicKeyTest, GenerateChallengeAndVerifyEntitySignatureFrames) {
  device.answer(response_wire(0x00, counting(16, 0xA0)));
  std::array<uint8_t, 16> challenge{};
  ASSERT_TRUE(stsafe.generate_challenge(challenge).ok());
  EXPECT_EQ(device.writes.back(), command_wire(hex("1F 0E")));
  EXPECT_EQ(Bytes(challenge.begin(), challenge.end()), counting(16, 0xA0));

  const Bytes signature = concat({counting(48, 1), counting(48, 0x41)});
  device.answer(response_wire(0x00, hex("01")));
  auto valid = stsafe.verify_entity_signature(3, EccCurve::kNistP384, signature);
  ASSERT_TRUE(valid.ok());
  EXPECT_TRUE(*valid);
  EXPECT_EQ(device.writes.back(),
            command_wire(concat({hex("1F 0F 00 03 00 30"), counting(48, 1), hex("00 30"), counting(48, 0x41)})));
}

TEST_F(PublicKeyTest, EntityAuthenticationRefusals) {
  std::array<uint8_t, 16> challenge{};
  device.answer(response_wire(0x00, counting(15)));
  EXPECT_FALSE(stsafe.generate_challenge(challenge).ok()) << "a short challenge";
  EXPECT_THAT(challenge, ::testing::Each(0x00));
  device.answer(response_wire(0x17, {}));
  EXPECT_EQ(stsafe.verify_entity_signature(0, EccCurve::kNistP256, counting(64)).status(),
            Status::device(Domain::kStsafe, device_status::kChallengeMissing));
  device.answer(response_wire(0x00, hex("05")));
  EXPECT_EQ(stsafe.verify_entity_signature(0, EccCurve::kNistP256, counting(64)).status(),
            Status(Code::kResponseMalformed));
  device.writes.clear();
  EXPECT_EQ(stsafe.verify_entity_signature(0, EccCurve::kCurve25519, counting(64)).status(),
            Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.verify_entity_signature(0, EccCurve::kNistP256, counting(63)).status(),
            Status(Code::kInvalidArgument));
  EXPECT_THAT(device.writes, IsEmpty());
}

// --- decompress public key (1F 1A) ---

TEST_F(PublicKeyTest, DecompressSendsCurveRepresentationAndX) {
  const Bytes gx = hex("6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296");
  const Bytes gy = hex("4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5");
  device.answer(response_wire(0x00, gy));
  std::array<uint8_t, 32> y{};
  ASSERT_TRUE(stsafe.decompress_public_key(EccCurve::kNistP256, commands::kPointOddY, gx, y).ok());
  EXPECT_THAT(device.writes, ElementsAre(command_wire(concat({hex("1F 1A"), kP256Id, hex("03"), gx}))));
  EXPECT_EQ(Bytes(y.begin(), y.end()), gy);
}

TEST_F(PublicKeyTest, DecompressRefusals) {
  std::array<uint8_t, 32> y{};
  EXPECT_EQ(stsafe.decompress_public_key(EccCurve::kEd25519, 0x02, counting(32), y), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.decompress_public_key(EccCurve::kCurve25519, 0x02, counting(32), y), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.decompress_public_key(EccCurve::kNistP256, 0x04, counting(32), y), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.decompress_public_key(EccCurve::kNistP256, 0x02, counting(31), y), Status(Code::kInvalidArgument));
  std::array<uint8_t, 48> y48{};
  EXPECT_EQ(stsafe.decompress_public_key(EccCurve::kNistP256, 0x02, counting(32), y48), Status(Code::kInvalidArgument));
  EXPECT_THAT(device.writes, IsEmpty());
  y.fill(0xEE);
  device.answer(response_wire(0x19, {}));
  EXPECT_EQ(stsafe.decompress_public_key(EccCurve::kNistP256, 0x02, counting(32), y),
            Status::device(Domain::kStsafe, device_status::kInvalidPublicKey));
  EXPECT_THAT(y, ::testing::Each(0x00)) << "a failed decompression leaves no coordinate behind";
  device.answer(response_wire(0x00, counting(31)));
  EXPECT_FALSE(stsafe.decompress_public_key(EccCurve::kNistP256, 0x02, counting(32), y).ok()) << "short Y";
}

}  // namespace
}  // namespace kb::core::stsafe
