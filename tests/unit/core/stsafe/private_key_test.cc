// The host library's private key commands against the byte layouts of fact sheet 2.4/2.5 (Generate
// key pair 0x11 tag 0x13, Generate signature 0x16, Verify signature 0x17, Establish key 0x18,
// Query 0x14 tag 0x14, Generate ECDHE 1F 0B on other curves), with a scripted chip: the frames
// the library sends, how it reads the answers, and what it refuses before sending anything.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>

#include "core/stsafe/commands/query.h"
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

Bytes counting(size_t n, uint8_t from = 0) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(from + i);
  return b;
}
Bytes be16(size_t v) {
  return {static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
}

// Fact sheet 2.4, by curve.
struct CurveBytes {
  EccCurve curve;
  Bytes id;
  size_t size;
};
const CurveBytes kCurves[] = {
    {EccCurve::kNistP256, hex("00 08 2A 86 48 CE 3D 03 01 07"), 32},
    {EccCurve::kNistP384, hex("00 05 2B 81 04 00 22"), 48},
    {EccCurve::kNistP521, hex("00 05 2B 81 04 00 23"), 66},
    {EccCurve::kBrainpoolP256r1, hex("00 09 2B 24 03 03 02 08 01 01 07"), 32},
    {EccCurve::kBrainpoolP384r1, hex("00 09 2B 24 03 03 02 08 01 01 0B"), 48},
    {EccCurve::kBrainpoolP512r1, hex("00 09 2B 24 03 03 02 08 01 01 0D"), 64},
    {EccCurve::kCurve25519, hex("00 03 2B 65 6E"), 32},
    {EccCurve::kEd25519, hex("00 03 2B 65 70"), 32},
};
bool weierstrass(EccCurve c) {
  return c != EccCurve::kCurve25519 && c != EccCurve::kEd25519;
}
// A public key field with X = 01.., Y = 81.. (or the key 01..).
Bytes key_field(const CurveBytes& c) {
  if (!weierstrass(c.curve)) return concat({be16(c.size), counting(c.size, 1)});
  return concat({hex("04"), be16(c.size), counting(c.size, 1), be16(c.size), counting(c.size, 0x81)});
}
Bytes raw_key(const CurveBytes& c) {
  return weierstrass(c.curve) ? concat({counting(c.size, 1), counting(c.size, 0x81)}) : counting(c.size, 1);
}

class PrivateKeyTest : public test::StsafeSessionTest {};

// --- generate key pair ---

TEST_F(PrivateKeyTest, GenerateKeyPairSendsTheFactSheetFrame) {
  device.answer(response_wire(0x00, key_field(kCurves[0])));
  std::array<uint8_t, 64> public_key{};
  ASSERT_TRUE(stsafe.generate_key_pair(1, EccCurve::kNistP256, 255, public_key).ok());
  EXPECT_THAT(device.writes, ElementsAre(command_wire(hex("11 13 01 00 FF 00 00 00 08 2A 86 48 CE 3D 03 01 07"))));
  EXPECT_EQ(Bytes(public_key.begin(), public_key.end()), raw_key(kCurves[0]));
}

TEST_F(PrivateKeyTest, GenerateKeyPairOnEveryCurve) {
  for (const CurveBytes& c : kCurves) {
    device.writes.clear();
    device.answer(response_wire(0x00, key_field(c)));
    Bytes public_key(public_key_bytes(c.curve));
    ASSERT_TRUE(stsafe.generate_key_pair(4, c.curve, 0x0102, public_key).ok()) << c.size;
    EXPECT_THAT(device.writes, ElementsAre(command_wire(concat({hex("11 13 04 01 02 00 00"), c.id}))));
    EXPECT_EQ(public_key, raw_key(c));
  }
}

TEST_F(PrivateKeyTest, GenerateKeyPairAnswersThatAreNotAPublicKeyField) {
  std::array<uint8_t, 64> public_key{};
  Bytes compressed = key_field(kCurves[0]);
  compressed[0] = 0x02;
  device.answer(response_wire(0x00, compressed));
  EXPECT_EQ(stsafe.generate_key_pair(1, EccCurve::kNistP256, 0, public_key), Status(Code::kResponseMalformed));
  Bytes wrong_length = key_field(kCurves[0]);
  wrong_length[2] = 0x21;
  device.answer(response_wire(0x00, wrong_length));
  EXPECT_EQ(stsafe.generate_key_pair(1, EccCurve::kNistP256, 0, public_key), Status(Code::kResponseMalformed));
  const Bytes field = key_field(kCurves[0]);
  device.answer(response_wire(0x00, Bytes(field.begin(), field.end() - 1)));
  EXPECT_EQ(stsafe.generate_key_pair(1, EccCurve::kNistP256, 0, public_key), Status(Code::kResponseTruncated));
  device.answer(response_wire(0x11, {}));
  EXPECT_EQ(stsafe.generate_key_pair(0, EccCurve::kNistP256, 0, public_key),
            Status::device(Domain::kStsafe, device_status::kAccessConditionNotSatisfied));
  // An X25519 key field answered to a P-256 request.
  device.answer(response_wire(0x00, concat({be16(32), counting(32)})));
  EXPECT_EQ(stsafe.generate_key_pair(1, EccCurve::kNistP256, 0, public_key), Status(Code::kResponseTruncated));
}

TEST_F(PrivateKeyTest, GenerateKeyPairWithAWrongBufferSendsNothing) {
  std::array<uint8_t, 32> too_small{};
  EXPECT_EQ(stsafe.generate_key_pair(1, EccCurve::kNistP256, 0, too_small), Status(Code::kInvalidArgument));
  std::array<uint8_t, 64> too_big{};
  EXPECT_EQ(stsafe.generate_key_pair(1, EccCurve::kEd25519, 0, too_big), Status(Code::kInvalidArgument));
  EXPECT_THAT(device.writes, IsEmpty());
}

// --- generate signature ---

TEST_F(PrivateKeyTest, GenerateSignatureSendsTheDigestAsGiven) {
  const Bytes digest = counting(32, 0xA0);
  device.answer(response_wire(0x00, concat({hex("00 20"), counting(32, 1), hex("00 20"), counting(32, 0x41)})));
  std::array<uint8_t, 64> signature{};
  ASSERT_TRUE(stsafe.generate_signature(1, EccCurve::kNistP256, digest, signature).ok());
  EXPECT_THAT(device.writes, ElementsAre(command_wire(concat({hex("16 01 00 20"), digest}))));
  EXPECT_EQ(Bytes(signature.begin(), signature.end()), concat({counting(32, 1), counting(32, 0x41)}));
}

TEST_F(PrivateKeyTest, GenerateSignatureFieldSizesFollowTheCurve) {
  for (const CurveBytes& c : kCurves) {
    if (c.curve == EccCurve::kCurve25519) continue;
    device.answer(response_wire(0x00, concat({be16(c.size), counting(c.size, 1), be16(c.size), counting(c.size, 2)})));
    Bytes signature(signature_bytes(c.curve));
    ASSERT_TRUE(stsafe.generate_signature(2, c.curve, counting(10), signature).ok()) << c.size;
    EXPECT_EQ(signature, concat({counting(c.size, 1), counting(c.size, 2)}));
  }
}

TEST_F(PrivateKeyTest, GenerateSignatureRefusals) {
  std::array<uint8_t, 64> signature{};
  EXPECT_EQ(stsafe.generate_signature(1, EccCurve::kCurve25519, counting(32), signature),
            Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.generate_signature(1, EccCurve::kNistP384, counting(32), signature), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.generate_signature(1, EccCurve::kEd25519, counting(749), signature), Status(Code::kInvalidArgument));
  EXPECT_THAT(device.writes, IsEmpty());
  // R length 33: not this curve's field.
  device.answer(response_wire(0x00, concat({hex("00 21"), counting(33), hex("00 1F"), counting(31)})));
  EXPECT_EQ(stsafe.generate_signature(1, EccCurve::kNistP256, counting(32), signature),
            Status(Code::kResponseMalformed));
  device.answer(response_wire(0x13, {}));
  EXPECT_EQ(stsafe.generate_signature(1, EccCurve::kNistP256, counting(32), signature),
            Status::device(Domain::kStsafe, device_status::kCounterLimitExceeded));
  // The largest message fits in one frame.
  device.answer(response_wire(0x00, concat({hex("00 20"), counting(32), hex("00 20"), counting(32)})));
  EXPECT_TRUE(stsafe.generate_signature(1, EccCurve::kEd25519, counting(748), signature).ok());
  EXPECT_EQ(device.writes.back().size(), 1 + 3 + 748 + 2u);
}

// --- verify signature ---

TEST_F(PrivateKeyTest, VerifySignatureFrameOnP256) {
  const Bytes public_key = raw_key(kCurves[0]);
  const Bytes signature = concat({counting(32, 0x10), counting(32, 0x50)});
  const Bytes digest = counting(32, 0x90);
  device.answer(hex("00 00 03 01 1E CE"));
  auto valid = stsafe.verify_signature(EccCurve::kNistP256, public_key, signature, digest);
  ASSERT_TRUE(valid.ok());
  EXPECT_TRUE(*valid);
  EXPECT_THAT(
      device.writes,
      ElementsAre(command_wire(concat({hex("17 00"), kP256Id, key_field(kCurves[0]), hex("00 20"), counting(32, 0x10),
                                       hex("00 20"), counting(32, 0x50), hex("00 20"), digest}))));
}

TEST_F(PrivateKeyTest, VerifySignatureOnEd25519CarriesTheVariantByte) {
  const CurveBytes& ed = kCurves[7];
  const Bytes message = counting(5);
  device.answer(response_wire(0x00, hex("00")));
  auto valid = stsafe.verify_signature(EccCurve::kEd25519, raw_key(ed), counting(64), message);
  ASSERT_TRUE(valid.ok());
  EXPECT_FALSE(*valid);
  EXPECT_THAT(device.writes,
              ElementsAre(command_wire(concat({hex("17 00"), ed.id, key_field(ed), hex("00 20"), counting(32),
                                               hex("00 20"), counting(32, 32), hex("00"), hex("00 05"), message}))));
}

TEST_F(PrivateKeyTest, VerifySignatureRefusals) {
  const Bytes public_key = raw_key(kCurves[0]);
  const Bytes signature(64, 0x01);
  EXPECT_EQ(stsafe.verify_signature(EccCurve::kCurve25519, counting(32), signature, counting(32)).status(),
            Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.verify_signature(EccCurve::kNistP256, counting(63), signature, counting(32)).status(),
            Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.verify_signature(EccCurve::kNistP256, public_key, counting(63), counting(32)).status(),
            Status(Code::kInvalidArgument));
  // 1 + 1 + 10 + 69 + 68 + 2 + message > 752.
  EXPECT_EQ(stsafe.verify_signature(EccCurve::kNistP256, public_key, signature, counting(602)).status(),
            Status(Code::kInvalidArgument));
  EXPECT_THAT(device.writes, IsEmpty());
  device.answer(response_wire(0x00, hex("02")));
  EXPECT_EQ(stsafe.verify_signature(EccCurve::kNistP256, public_key, signature, counting(32)).status(),
            Status(Code::kResponseMalformed));
  device.answer(response_wire(0x19, {}));
  EXPECT_EQ(stsafe.verify_signature(EccCurve::kNistP256, public_key, signature, counting(32)).status(),
            Status::device(Domain::kStsafe, device_status::kInvalidPublicKey));
  device.answer(response_wire(0x00, hex("01")));
  EXPECT_TRUE(stsafe.verify_signature(EccCurve::kNistP256, public_key, signature, counting(601)).ok())
      << "the longest message that fits";
}

// --- establish key ---

TEST_F(PrivateKeyTest, EstablishKeyFrameAndAnswer) {
  device.answer(response_wire(0x00, concat({hex("00 20"), counting(32, 0xC0)})));
  std::array<uint8_t, 32> secret{};
  ASSERT_TRUE(stsafe.establish_key(2, EccCurve::kNistP256, raw_key(kCurves[0]), secret).ok());
  EXPECT_THAT(device.writes, ElementsAre(command_wire(concat({hex("18 02"), key_field(kCurves[0])}))));
  EXPECT_EQ(Bytes(secret.begin(), secret.end()), counting(32, 0xC0));
}

TEST_F(PrivateKeyTest, EstablishKeyOnX25519AndP521) {
  const CurveBytes& x = kCurves[6];
  device.answer(response_wire(0x00, concat({hex("00 20"), counting(32, 0x33)})));
  std::array<uint8_t, 32> secret{};
  ASSERT_TRUE(stsafe.establish_key(3, EccCurve::kCurve25519, raw_key(x), secret).ok());
  EXPECT_EQ(device.writes.back(), command_wire(concat({hex("18 03 00 20"), counting(32, 1)})));
  const CurveBytes& p521 = kCurves[2];
  device.answer(response_wire(0x00, concat({hex("00 42"), counting(66, 0x44)})));
  std::array<uint8_t, 66> secret521{};
  ASSERT_TRUE(stsafe.establish_key(1, EccCurve::kNistP521, raw_key(p521), secret521).ok());
  EXPECT_EQ(device.writes.back(), command_wire(concat({hex("18 01"), key_field(p521)})));
  EXPECT_EQ(Bytes(secret521.begin(), secret521.end()), counting(66, 0x44));
}

TEST_F(PrivateKeyTest, EstablishKeyRefusals) {
  std::array<uint8_t, 32> secret{};
  EXPECT_EQ(stsafe.establish_key(1, EccCurve::kEd25519, counting(32), secret), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.establish_key(1, EccCurve::kNistP256, counting(32), secret), Status(Code::kInvalidArgument));
  std::array<uint8_t, 48> wrong{};
  EXPECT_EQ(stsafe.establish_key(1, EccCurve::kNistP256, raw_key(kCurves[0]), wrong), Status(Code::kInvalidArgument));
  EXPECT_THAT(device.writes, IsEmpty());
  secret.fill(0xEE);
  device.answer(response_wire(0x00, concat({hex("00 1F"), counting(32)})));
  EXPECT_EQ(stsafe.establish_key(1, EccCurve::kNistP256, raw_key(kCurves[0]), secret),
            Status(Code::kResponseMalformed));
  device.answer(response_wire(0x1B, {}));
  EXPECT_EQ(stsafe.establish_key(0, EccCurve::kNistP256, raw_key(kCurves[0]), secret),
            Status::device(Domain::kStsafe, device_status::kWrongKeyUsage));
  EXPECT_THAT(secret, ::testing::Each(0x00)) << "a failed establishment leaves no secret behind";
}

// --- query 0x14 ---

TEST_F(PrivateKeyTest, QueryPrivateKeyTableParsesTheRecords) {
  device.answer(response_wire(0x00, hex("05 00 FF FF"
                                        "00 01 00 04 00 08 2A 86 48 CE 3D 03 01 07"
                                        "01 01 00 15 00 03 2B 65 70"
                                        "02 00 81 F9  03 00 00 15  04 01 00 15 00 05 2B 81 04 00 23")));
  auto table = stsafe.query_private_key_table();
  ASSERT_TRUE(table.ok());
  EXPECT_THAT(device.writes, ElementsAre(command_wire(hex("14 14"))));
  EXPECT_EQ(table->count, 5);
  EXPECT_FALSE(table->change_right);
  EXPECT_EQ(table->global_usage_limit, 0xFFFF);
  const PrivateKeySlotInfo& s0 = table->slots[0];
  EXPECT_TRUE(s0.present);
  EXPECT_EQ(s0.curve, EccCurve::kNistP256);
  EXPECT_TRUE(s0.mode.external_signature);
  EXPECT_FALSE(s0.mode.key_establishment);
  EXPECT_EQ(s0.mode.generate_key_access, 0);
  EXPECT_EQ(table->slots[1].curve, EccCurve::kEd25519);
  const PrivateKeySlotInfo& s2 = table->slots[2];
  EXPECT_FALSE(s2.present);
  EXPECT_TRUE(s2.mode.ephemeral_generation);
  EXPECT_TRUE(s2.mode.change_right);
  EXPECT_TRUE(s2.mode.key_establishment);
  EXPECT_TRUE(s2.mode.internal_signature);
  EXPECT_EQ(s2.mode.generate_key_access, 3);
  EXPECT_EQ(s2.mode.eddsa_variant, 3);
  EXPECT_EQ(s2.mode.encode(), (std::array<uint8_t, 2>{0x81, 0xF9}));
  ASSERT_NE(table->find(4), nullptr);
  EXPECT_EQ(table->find(4)->curve, EccCurve::kNistP521);
  EXPECT_EQ(table->find(5), nullptr);
}

TEST(PrivateKeyTableParse, Refusals) {
  using commands::parse_private_key_table;
  EXPECT_EQ(parse_private_key_table(hex("01 00 FF")).status(), Status(Code::kResponseTruncated));
  EXPECT_EQ(parse_private_key_table(hex("01 00 FF FF 00 01 00 04")).status(), Status(Code::kResponseTruncated))
      << "a present key without its curve id";
  EXPECT_EQ(parse_private_key_table(hex("01 00 FF FF 00 01 00 04 00 08 2A 86")).status(),
            Status(Code::kResponseTruncated));
  EXPECT_EQ(parse_private_key_table(hex("01 00 FF FF 00 02 00 04")).status(), Status(Code::kResponseMalformed))
      << "presence 2";
  EXPECT_EQ(parse_private_key_table(hex("01 00 FF FF 00 01 00 04 00 03 2B 65 71")).status(),
            Status(Code::kResponseMalformed))
      << "unknown curve";
  EXPECT_EQ(parse_private_key_table(hex("11 00 FF FF")).status(), Status(Code::kBufferTooSmall));
  EXPECT_EQ(parse_private_key_table(hex("02 00 FF FF 00 00 00 00")).status(), Status(Code::kResponseTruncated));
  auto empty = parse_private_key_table(hex("00 01 01 00"));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->change_right);
  EXPECT_EQ(empty->global_usage_limit, 0x0100);
}

// --- ECDHE on another curve ---

TEST_F(PrivateKeyTest, GenerateEcdheOnP384) {
  const CurveBytes& p384 = kCurves[1];
  device.answer(response_wire(0x00, concat({p384.id, key_field(p384)})));
  Bytes chip_public(96);
  ASSERT_TRUE(stsafe.generate_ecdhe(EccCurve::kNistP384, chip_public).ok());
  EXPECT_THAT(device.writes, ElementsAre(command_wire(concat({hex("1F 0B"), p384.id}))));
  EXPECT_EQ(chip_public, raw_key(p384));
  // The curve id answered must be the one asked for.
  device.answer(response_wire(0x00, concat({kCurves[4].id, key_field(p384)})));
  EXPECT_EQ(stsafe.generate_ecdhe(EccCurve::kNistP384, chip_public), Status(Code::kResponseMalformed));
  Bytes ed25519(32);
  EXPECT_EQ(stsafe.generate_ecdhe(EccCurve::kEd25519, ed25519), Status(Code::kInvalidArgument));
}

TEST(EccFields, CurveIdsAndSizes) {
  for (const CurveBytes& c : kCurves) {
    const std::span<const uint8_t> id = curve_id_field(c.curve);
    EXPECT_EQ(Bytes(id.begin(), id.end()), c.id);
    auto back = curve_from_id_field(c.id);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, c.curve);
    EXPECT_EQ(coordinate_bytes(c.curve), c.size);
    EXPECT_EQ(public_key_field_bytes(c.curve), key_field(c).size());
  }
  EXPECT_EQ(signature_bytes(EccCurve::kCurve25519), 0u);
  EXPECT_EQ(shared_secret_bytes(EccCurve::kEd25519), 0u);
  EXPECT_EQ(curve_from_id_field(hex("00 08 2A 86 48 CE 3D 03 01")).status(), Status(Code::kResponseMalformed));
}

}  // namespace
}  // namespace kb::core::stsafe
