// The host library's derive keys (1F 10): the frames byte for byte against a scripted chip (RFC
// 5869 test case 1), answers of the wrong shape, the local refusals; then the host library on the
// STSAFE-A120 model, RFC 5869 test cases 1-3 checked against the published OKMs and against
// hal::Crypto's HKDF, keys derived into slots the chip picks and used for CMAC and HMAC.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>

#include "core/stsafe/commands/derive_keys.h"
#include "core/stsafe/commands/mac.h"
#include "core/stsafe/commands/query.h"
#include "core/stsafe/commands/write_symmetric_key.h"
#include "hal/sim/sim_backend.h"
#include "simulator/bench/bench.h"
#include "simulator/stsafe_a120/stsafe.h"
#include "tests/unit/core/stsafe/stsafe_session_harness.h"

namespace kb::core::stsafe {
namespace {

using test::Bytes;
using test::command_wire;
using test::concat;
using test::hex;
using test::response_wire;
using ::testing::Each;
using ::testing::ElementsAre;
namespace cmd = commands;
namespace model = kb::sim::stsafe_a120;

// RFC 5869 appendix A.
const Bytes kIkm1(22, 0x0B);
const Bytes kSalt1 = hex("000102030405060708090a0b0c");
const Bytes kInfo1 = hex("f0f1f2f3f4f5f6f7f8f9");
const Bytes kOkm1 = hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
const Bytes kPrk2 = hex("06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244");
const Bytes kOkm2 = hex(
    "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8"
    "367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87");
const Bytes kOkm3 = hex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
const Bytes kSha256Id = hex("00 09 60 86 48 01 65 03 04 02 01");

Bytes range(uint8_t from, size_t n) {
  Bytes out(n);
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(from + i);
  return out;
}

SymmetricKeyInfo aes128_cmac() {
  return SymmetricKeyInfo::cmac(0, SymmetricKeyType::kAes128, key_usage::kMacGeneration | key_usage::kMacVerification,
                                4);
}

// --- against a scripted chip ---

class DeriveKeysTest : public test::StsafeSessionTest {};

TEST_F(DeriveKeysTest, DeriveSendsTheLayoutAndSplitsTheAnswer) {
  device.answer(response_wire(0x00, concat({hex("09"), Bytes(kOkm1.begin() + 16, kOkm1.end())})));
  const cmd::DerivedKeyRequest requests[] = {cmd::DerivedKeyRequest::to_chip(aes128_cmac()),
                                             cmd::DerivedKeyRequest::to_host(26)};
  Bytes returned(26);
  cmd::DerivedKey results[2] = {{}, {returned, 0}};
  ASSERT_TRUE(cmd::hkdf_derive(stsafe.channel(), cmd::HkdfSecret::from_command(kIkm1),
                               cmd::HkdfSecret::from_command(kSalt1), kInfo1, requests, results)
                  .ok());
  EXPECT_THAT(device.writes, ElementsAre(command_wire(concat(
                                 {hex("1F 10 00 04 00 16"), kIkm1, hex("03"), kSha256Id, hex("00 00 0D"), kSalt1,
                                  hex("00 0A"), kInfo1, hex("00 07 02 00 00 01 00 03 04"), hex("00 03 01 00 1A")}))));
  EXPECT_EQ(results[0].slot, 9);
  EXPECT_EQ(returned, Bytes(kOkm1.begin() + 16, kOkm1.end()));
}

TEST_F(DeriveKeysTest, ExtractAndExpandFromSlots) {
  device.answer(response_wire(0x00, hex("06")));
  auto slot = cmd::hkdf_extract(stsafe.channel(), cmd::HkdfSecret::from_slot(2), cmd::HkdfSecret::from_slot(3));
  ASSERT_TRUE(slot.ok());
  EXPECT_EQ(*slot, 6);
  device.answer(response_wire(0x00, Bytes(kOkm1.begin(), kOkm1.begin() + 8)));
  Bytes key(8);
  const cmd::DerivedKeyRequest request = cmd::DerivedKeyRequest::to_host(8);
  cmd::DerivedKey result{key, 0};
  ASSERT_TRUE(cmd::hkdf_expand(stsafe.channel(), cmd::HkdfSecret::from_slot(6), {}, {&request, 1}, {&result, 1}).ok());
  EXPECT_THAT(device.writes,
              ElementsAre(command_wire(concat({hex("1F 10 02 02 02"), kSha256Id, hex("02 03")})),
                          command_wire(concat({hex("1F 10 02 06 01"), kSha256Id, hex("00 00 00 03 01 00 08")}))));
}

TEST_F(DeriveKeysTest, AnswerOfAnotherShapeIsAnError) {
  const cmd::DerivedKeyRequest requests[] = {cmd::DerivedKeyRequest::to_host(4),
                                             cmd::DerivedKeyRequest::to_chip(aes128_cmac()),
                                             cmd::DerivedKeyRequest::to_chip(aes128_cmac())};
  Bytes key(4);
  cmd::DerivedKey results[3] = {{key, 0}, {}, {}};
  auto run = [&] {
    return cmd::hkdf_derive(stsafe.channel(), cmd::HkdfSecret::from_command(kIkm1), cmd::HkdfSecret::from_command({}),
                            {}, requests, results);
  };
  device.answer(response_wire(0x00, hex("01 02 03 04 05")));
  EXPECT_EQ(run(), Status(Code::kResponseTruncated));
  device.answer(response_wire(0x00, hex("01 02 03 04 05 06 07")));
  EXPECT_EQ(run(), Status(Code::kResponseMalformed));
  device.answer(response_wire(0x00, hex("01 02 03 04 05 05")));
  EXPECT_EQ(run(), Status(Code::kResponseMalformed)) << "one slot for two keys";
  EXPECT_THAT(key, Each(0x00));
  device.answer(response_wire(0x00, hex("01 02 03 04 05 07")));
  EXPECT_TRUE(run().ok());
  EXPECT_EQ(key, hex("01 02 03 04"));
  EXPECT_EQ(results[1].slot, 5);
  EXPECT_EQ(results[2].slot, 7);
  device.answer(response_wire(0x1B, {}));
  EXPECT_EQ(run(), Status::device(Domain::kStsafe, 0x1B));
}

TEST_F(DeriveKeysTest, LocalRefusalsSendNothing) {
  auto& ch = stsafe.channel();
  const auto ikm = cmd::HkdfSecret::from_command(kIkm1);
  const auto salt = cmd::HkdfSecret::from_command(kSalt1);
  Bytes k16(16);
  const cmd::DerivedKeyRequest one = cmd::DerivedKeyRequest::to_host(16);
  cmd::DerivedKey out{k16, 0};
  EXPECT_EQ(cmd::hkdf_derive(ch, cmd::HkdfSecret::from_command(Bytes(15, 1)), salt, {}, {&one, 1}, {&out, 1}),
            Status(Code::kInvalidArgument));
  EXPECT_EQ(cmd::hkdf_derive(ch, cmd::HkdfSecret::from_command(Bytes(33, 1)), salt, {}, {&one, 1}, {&out, 1}),
            Status(Code::kInvalidArgument));
  EXPECT_EQ(cmd::hkdf_expand(ch, ikm, {}, {&one, 1}, {&out, 1}), Status(Code::kInvalidArgument)) << "PRK of 22 bytes";
  EXPECT_EQ(cmd::hkdf_extract(ch, cmd::HkdfSecret::from_command(Bytes(80, 1)), salt).status(),
            Status(Code::kInvalidArgument));
  EXPECT_EQ(cmd::hkdf_derive(ch, ikm, salt, {}, {}, {}), Status(Code::kInvalidArgument)) << "no keys";
  EXPECT_EQ(cmd::hkdf_derive(ch, ikm, salt, {}, {&one, 1}, {}), Status(Code::kInvalidArgument)) << "no results";
  Bytes k15(15);
  cmd::DerivedKey short_out{k15, 0};
  EXPECT_EQ(cmd::hkdf_derive(ch, ikm, salt, {}, {&one, 1}, {&short_out, 1}), Status(Code::kInvalidArgument));
  const cmd::DerivedKeyRequest zero = cmd::DerivedKeyRequest::to_host(0);
  cmd::DerivedKey empty_out{};
  EXPECT_EQ(cmd::hkdf_derive(ch, ikm, salt, {}, {&zero, 1}, {&empty_out, 1}), Status(Code::kInvalidArgument));
  SymmetricKeyInfo bad = aes128_cmac();
  bad.min_mac_length = 0;
  const cmd::DerivedKeyRequest bad_slot = cmd::DerivedKeyRequest::to_chip(bad);
  cmd::DerivedKey slot_out{};
  EXPECT_EQ(cmd::hkdf_derive(ch, ikm, salt, {}, {&bad_slot, 1}, {&slot_out, 1}), Status(Code::kInvalidArgument));
  std::vector<cmd::DerivedKeyRequest> many(33, cmd::DerivedKeyRequest::to_chip(aes128_cmac()));
  std::vector<cmd::DerivedKey> many_out(33);
  EXPECT_EQ(cmd::hkdf_derive(ch, ikm, salt, {}, many, many_out), Status(Code::kInvalidArgument));
  // Frame limits: 752 - 2 header bytes for the command, 751 for the answer (plain).
  const Bytes info(700, 0x00);
  EXPECT_EQ(cmd::hkdf_derive(ch, ikm, salt, info, {&one, 1}, {&out, 1}), Status::with_detail(Code::kFrameLimit, 750));
  Bytes k752(752);
  const cmd::DerivedKeyRequest big = cmd::DerivedKeyRequest::to_host(752);
  cmd::DerivedKey big_out{k752, 0};
  EXPECT_EQ(cmd::hkdf_derive(ch, ikm, salt, {}, {&big, 1}, {&big_out, 1}), Status::with_detail(Code::kFrameLimit, 751));
  EXPECT_TRUE(device.writes.empty());
  EXPECT_THAT(ch.payload_buffer(), Each(0x00)) << "a refused payload leaves no key material behind";
}

// --- on the model ---

class DeriveKeysOnModel : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(host.init().ok()); }
  model::Stsafe& chip() { return *bench->first<model::Stsafe>(); }
  void allow_derivation(std::initializer_list<uint8_t> slots) {
    model::State s = chip().state();
    for (uint8_t slot : slots) s.symmetric_key_control[slot].derived = true;
    chip().set_state(s);
  }
  Bytes reference_hkdf(const Bytes& salt, const Bytes& ikm, const Bytes& info, size_t n) {
    Bytes out(n);
    EXPECT_EQ(crypto.hkdf_sha256(salt, ikm, info, out), hal::CryptoResult::kOk);
    return out;
  }

  std::unique_ptr<kb::sim::Bench> bench = kb::sim::Bench::make_default();
  hal::sim::SimI2cInitiator i2c{*bench};
  hal::sim::SimClock clock{*bench};
  hal::openssl::OpensslCrypto crypto{5};
  Stsafe host{i2c, clock, crypto};
};

TEST_F(DeriveKeysOnModel, Rfc5869CasesOneToThree) {
  const cmd::DerivedKeyRequest r42 = cmd::DerivedKeyRequest::to_host(42);
  Bytes okm(42);
  cmd::DerivedKey out{okm, 0};
  ASSERT_TRUE(cmd::hkdf_derive(host.channel(), cmd::HkdfSecret::from_command(kIkm1),
                               cmd::HkdfSecret::from_command(kSalt1), kInfo1, {&r42, 1}, {&out, 1})
                  .ok());
  EXPECT_EQ(okm, kOkm1);
  EXPECT_EQ(okm, reference_hkdf(kSalt1, kIkm1, kInfo1, 42));
  ASSERT_TRUE(cmd::hkdf_derive(host.channel(), cmd::HkdfSecret::from_command(kIkm1), cmd::HkdfSecret::from_command({}),
                               {}, {&r42, 1}, {&out, 1})
                  .ok());
  EXPECT_EQ(okm, kOkm3);
  EXPECT_EQ(okm, reference_hkdf({}, kIkm1, {}, 42));
  // Case 2 from its PRK (its 80-byte IKM is over what a command may carry).
  const cmd::DerivedKeyRequest r82 = cmd::DerivedKeyRequest::to_host(82);
  Bytes okm2(82);
  cmd::DerivedKey out2{okm2, 0};
  ASSERT_TRUE(
      cmd::hkdf_expand(host.channel(), cmd::HkdfSecret::from_command(kPrk2), range(0xB0, 80), {&r82, 1}, {&out2, 1})
          .ok());
  EXPECT_EQ(okm2, kOkm2);
  EXPECT_EQ(okm2, reference_hkdf(range(0x60, 80), range(0x00, 80), range(0xB0, 80), 82));
}

TEST_F(DeriveKeysOnModel, DerivedSlotKeysWorkAndStayInside) {
  allow_derivation({4, 5});
  // The input: an HKDF key written in plaintext, its derived keys not exportable.
  model::State s = chip().state();
  s.symmetric_key_control[1].plaintext = true;
  chip().set_state(s);
  SymmetricKeyInfo input;
  input.slot = 1;
  input.key_type = SymmetricKeyType::kGenericSecret;
  input.mode = ModeOfOperation::kHkdf;
  input.usage = key_usage::kDerive;
  input.generic_secret_length = 22;
  ASSERT_TRUE(host.write_symmetric_key_plaintext(input, kIkm1).ok());

  SymmetricKeyInfo hmac;
  hmac.key_type = SymmetricKeyType::kGenericSecret;
  hmac.mode = ModeOfOperation::kHmac;
  hmac.usage = key_usage::kMacGeneration;
  hmac.min_mac_length = 16;
  hmac.generic_secret_length = 26;
  const cmd::DerivedKeyRequest requests[] = {cmd::DerivedKeyRequest::to_chip(aes128_cmac()),
                                             cmd::DerivedKeyRequest::to_chip(hmac)};
  cmd::DerivedKey results[2];
  ASSERT_TRUE(cmd::hkdf_derive(host.channel(), cmd::HkdfSecret::from_slot(1), cmd::HkdfSecret::from_command(kSalt1),
                               kInfo1, requests, results)
                  .ok());
  EXPECT_EQ(results[0].slot, 4);
  EXPECT_EQ(results[1].slot, 5);

  auto table = cmd::query_symmetric_key_table(host.transport());
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->slots[1].mode, ModeOfOperation::kHkdf);
  EXPECT_EQ(table->slots[5].mode, ModeOfOperation::kHmac);
  EXPECT_EQ(table->slots[5].key_type, SymmetricKeyType::kGenericSecret);
  // The CMAC key is OKM[0..16), the HMAC key OKM[16..42): check both through the MAC commands.
  const Bytes message = hex("4869205468657265");
  Bytes cmac(4), hmac_tag(32), expected_hmac(32), expected_cmac(16);
  ASSERT_TRUE(cmd::generate_mac(host.channel(), 4, table->slots[4], message, cmac).ok());
  ASSERT_EQ(crypto.aes_cmac(Bytes(kOkm1.begin(), kOkm1.begin() + 16), message, expected_cmac), hal::CryptoResult::kOk);
  EXPECT_EQ(cmac, Bytes(expected_cmac.begin(), expected_cmac.begin() + 4));
  SymmetricKeySlotInfo hmac_slot = table->slots[5];
  ASSERT_TRUE(cmd::generate_mac(host.channel(), 5, hmac_slot, message, hmac_tag).ok());
  ASSERT_EQ(crypto.hmac_sha256(Bytes(kOkm1.begin() + 16, kOkm1.end()), message, expected_hmac), hal::CryptoResult::kOk);
  EXPECT_EQ(hmac_tag, expected_hmac);

  // Not exportable: the chip refuses to return a key derived from slot 1.
  const cmd::DerivedKeyRequest r16 = cmd::DerivedKeyRequest::to_host(16);
  Bytes key(16);
  cmd::DerivedKey out{key, 0};
  EXPECT_EQ(cmd::hkdf_derive(host.channel(), cmd::HkdfSecret::from_slot(1), cmd::HkdfSecret::from_command(kSalt1),
                             kInfo1, {&r16, 1}, {&out, 1}),
            Status::device(Domain::kStsafe, 0x1B));
  EXPECT_THAT(key, Each(0x00));
}

// Under HOST with C-ENC and R-ENC: the input key travels encrypted, the derived key comes back
// encrypted, and the frame limits are the protected ones (752 - 2 - 4 = 746 rounded down to
// whole blocks less the padding byte: 735 for the command; 751 - 4 = 747 → 735 for the answer).
TEST_F(DeriveKeysOnModel, ProtectedAndEncryptedBothWays) {
  const std::array<uint8_t, 16> mac_key = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                           0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF};
  const std::array<uint8_t, 16> cipher_key = {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
                                              0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF};
  model::CommandAccessTable table = chip().state().command_access;
  model::CommandAuthorization* derive = table.find(0x1F, 0x10);
  ASSERT_NE(derive, nullptr);
  derive->access = model::AccessCondition::kHost;
  derive->encryption_flags = model::kCommandEncrypted | model::kResponseEncrypted;
  chip().set_command_access(table);
  ASSERT_TRUE(host.init().ok());
  const cmd::DerivedKeyRequest r42 = cmd::DerivedKeyRequest::to_host(42);
  Bytes okm(42);
  cmd::DerivedKey out{okm, 0};
  const auto ikm = cmd::HkdfSecret::from_command(kIkm1);
  const auto salt = cmd::HkdfSecret::from_command(kSalt1);
  EXPECT_EQ(host.hkdf_derive(ikm, salt, kInfo1, {&r42, 1}, {&out, 1}), Status(Code::kNotProvisioned))
      << "no session, nothing sent";
  ASSERT_TRUE(host.write_host_key_plaintext(HostKeyType::kAes128, mac_key, cipher_key).ok());
  ASSERT_TRUE(host.open_host_session(mac_key, cipher_key).ok());
  ASSERT_TRUE(host.hkdf_derive(ikm, salt, kInfo1, {&r42, 1}, {&out, 1}).ok());
  EXPECT_EQ(okm, kOkm1);
  Bytes big(736);
  const cmd::DerivedKeyRequest r736 = cmd::DerivedKeyRequest::to_host(736);
  cmd::DerivedKey big_out{big, 0};
  EXPECT_EQ(host.hkdf_derive(ikm, salt, {}, {&r736, 1}, {&big_out, 1}), Status::with_detail(Code::kFrameLimit, 735));
  big.resize(735);
  const cmd::DerivedKeyRequest r735 = cmd::DerivedKeyRequest::to_host(735);
  big_out = {big, 0};
  ASSERT_TRUE(host.hkdf_derive(ikm, salt, {}, {&r735, 1}, {&big_out, 1}).ok());
  Bytes expected(735);
  ASSERT_EQ(crypto.hkdf_sha256(kSalt1, kIkm1, {}, expected), hal::CryptoResult::kOk);
  EXPECT_EQ(big, expected);
}

// Through the Stsafe object: the keys it derived into slots are known without a query, so the
// MAC methods hold the caller to them at once; the extract-only PRK's slot is asked for.
TEST_F(DeriveKeysOnModel, FacadeLearnsTheDerivedSlots) {
  allow_derivation({7, 8});
  SymmetricKeyInfo hmac;
  hmac.key_type = SymmetricKeyType::kGenericSecret;
  hmac.mode = ModeOfOperation::kHmac;
  hmac.usage = key_usage::kMacGeneration | key_usage::kMacVerification;
  hmac.min_mac_length = 20;
  hmac.generic_secret_length = 32;
  const cmd::DerivedKeyRequest request = cmd::DerivedKeyRequest::to_chip(hmac);
  cmd::DerivedKey result;
  ASSERT_TRUE(host.hkdf_derive(cmd::HkdfSecret::from_command(kIkm1), cmd::HkdfSecret::from_command(kSalt1), kInfo1,
                               {&request, 1}, {&result, 1})
                  .ok());
  EXPECT_EQ(result.slot, 7);
  auto record = host.symmetric_key_slot(7);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->mode, ModeOfOperation::kHmac);
  EXPECT_EQ(record->min_mac_length, 20);
  const Bytes message = hex("4869205468657265");
  Bytes short_mac(16), mac(24), expected(32);
  EXPECT_EQ(host.generate_mac(7, message, short_mac), Status::with_detail(Code::kMacLengthRefused, 20));
  ASSERT_TRUE(host.generate_mac(7, message, mac).ok());
  ASSERT_EQ(crypto.hmac_sha256(Bytes(kOkm1.begin(), kOkm1.begin() + 32), message, expected), hal::CryptoResult::kOk);
  EXPECT_EQ(mac, Bytes(expected.begin(), expected.begin() + 24));
  auto verified = host.verify_mac(7, mac, message);
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(*verified);

  auto prk_slot = host.hkdf_extract(cmd::HkdfSecret::from_command(kIkm1), cmd::HkdfSecret::from_command(kSalt1));
  ASSERT_TRUE(prk_slot.ok());
  EXPECT_EQ(*prk_slot, 8);
  record = host.symmetric_key_slot(8);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->mode, ModeOfOperation::kHkdf);
  EXPECT_EQ(record->key_type, SymmetricKeyType::kGenericSecret);
  EXPECT_EQ(record->usage, key_usage::kDerive);
  const cmd::DerivedKeyRequest r42 = cmd::DerivedKeyRequest::to_host(42);
  Bytes okm(42);
  cmd::DerivedKey out{okm, 0};
  ASSERT_TRUE(host.hkdf_expand(cmd::HkdfSecret::from_slot(8), kInfo1, {&r42, 1}, {&out, 1}).ok());
  EXPECT_EQ(okm, kOkm1);
}

}  // namespace
}  // namespace kb::core::stsafe
