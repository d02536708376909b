// The host library's GCM / GMAC (0x1B / 0x1C) and chunked CCM* / GCM (1F 11..1F 16) against a
// scripted chip: the frames of fact sheet 2.5 byte for byte with the GCM specification's test case 4
// (McGrew and Viega; NIST gcmEncryptExtIV), the answers' shapes held to the slot's key, failed tags
// releasing nothing, and the local refusals (mode, tag length, order, totals, frame limits).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/stsafe/commands/aes.h"
#include "core/stsafe/commands/aes_chunked.h"
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
using ::testing::ElementsAreArray;
namespace cmd = commands;

// GCM specification test case 4 (AES-128, 96-bit IV, 20 bytes of AAD, 60 of message).
const Bytes kKey = hex("feffe9928665731c6d6a8f9467308308");
const Bytes kIv = hex("cafebabefacedbaddecaf888");
const Bytes kAad20 = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
const Bytes kPlain = hex(
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657"
    "ba637b39");
const Bytes kCipher = hex(
    "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac97"
    "3d58e091");
const Bytes kTag = hex("5bc94fbc3221a5db94fae95ae7121a47");
constexpr uint8_t kGcmSlot = 8;

Bytes part(const Bytes& b, size_t from, size_t to) {
  return Bytes(b.begin() + static_cast<long>(from), b.begin() + static_cast<long>(to));
}

class GcmTest : public test::StsafeSessionTest {
 protected:
  GcmTest() {
    SymmetricKeyTable table = test::example_key_table();
    SymmetricKeySlotInfo& gcm = table.slots[kGcmSlot];
    gcm.present = true;
    gcm.mode = ModeOfOperation::kGcm;
    gcm.usage =
        key_usage::kEncryption | key_usage::kDecryption | key_usage::kChunkedEncryption | key_usage::kChunkedDecryption;
    gcm.tag_length = 16;
    stsafe.set_symmetric_key_table(table);
    key_table = table;
  }
  SymmetricKeyTable key_table;
};

// --- one-shot GCM ---

TEST_F(GcmTest, EncryptSendsTheLayoutAndReadsCiphertextAndTag) {
  device.answer(response_wire(0x00, concat({kCipher, kTag})));
  Bytes ct(kPlain.size()), tag(16);
  ASSERT_TRUE(stsafe.aes_gcm_encrypt(kGcmSlot, kIv, kAad20, kPlain, ct, tag).ok());
  EXPECT_THAT(
      device.writes,
      ElementsAre(command_wire(concat({hex("1B 02 08 00 0C"), kIv, hex("00 14"), kAad20, hex("00 3C"), kPlain}))));
  EXPECT_EQ(ct, kCipher);
  EXPECT_EQ(tag, kTag);
}

TEST_F(GcmTest, DecryptLengthFieldCountsTheCiphertextAlone) {
  device.answer(response_wire(0x00, concat({hex("01"), kPlain})));
  Bytes plain(kCipher.size());
  auto ok = stsafe.aes_gcm_decrypt(kGcmSlot, kIv, kAad20, kCipher, kTag, plain);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(*ok);
  EXPECT_THAT(device.writes, ElementsAre(command_wire(concat(
                                 {hex("1C 02 08 00 0C"), kIv, hex("00 14"), kAad20, hex("00 3C"), kCipher, kTag}))));
  EXPECT_EQ(plain, kPlain);
}

TEST_F(GcmTest, FailedTagReleasesNothing) {
  // Whatever the chip puts after result 0 (8 #9), the caller gets zeros.
  device.answer(response_wire(0x00, concat({hex("00"), kPlain})));
  Bytes plain(kCipher.size(), 0xEE);
  auto ok = stsafe.aes_gcm_decrypt(kGcmSlot, kIv, kAad20, kCipher, kTag, plain);
  ASSERT_TRUE(ok.ok());
  EXPECT_FALSE(*ok);
  EXPECT_THAT(plain, Each(0x00));
  device.answer(response_wire(0x00, concat({hex("02"), kPlain})));
  EXPECT_EQ(stsafe.aes_gcm_decrypt(kGcmSlot, kIv, kAad20, kCipher, kTag, plain).status(),
            Status(Code::kResponseMalformed));
  EXPECT_THAT(plain, Each(0x00));
}

// The answer is exactly ciphertext | the key's tag: a byte less or more is never a success.
TEST_F(GcmTest, AnswerOfAnotherShapeIsAnError) {
  Bytes ct(kPlain.size()), tag(16);
  device.answer(response_wire(0x00, concat({kCipher, part(kTag, 0, 15)})));
  EXPECT_EQ(stsafe.aes_gcm_encrypt(kGcmSlot, kIv, kAad20, kPlain, ct, tag), Status(Code::kResponseTruncated));
  stsafe.set_symmetric_key_table(key_table);
  device.answer(response_wire(0x00, concat({kCipher, kTag, hex("00")})));
  EXPECT_EQ(stsafe.aes_gcm_encrypt(kGcmSlot, kIv, kAad20, kPlain, ct, tag), Status(Code::kResponseMalformed));
  stsafe.set_symmetric_key_table(key_table);
  Bytes plain(kCipher.size());
  device.answer(response_wire(0x00, concat({hex("01"), kPlain, hex("00")})));
  EXPECT_EQ(stsafe.aes_gcm_decrypt(kGcmSlot, kIv, kAad20, kCipher, kTag, plain).status(),
            Status(Code::kResponseMalformed));
  EXPECT_THAT(plain, Each(0x00));
}

TEST_F(GcmTest, LocalRefusalsSendNothing) {
  Bytes ct(kPlain.size()), tag12(12), tag16(16);
  EXPECT_EQ(stsafe.aes_gcm_encrypt(kGcmSlot, kIv, kAad20, kPlain, ct, tag12),
            Status::with_detail(Code::kTagLengthMismatch, 16));
  EXPECT_EQ(stsafe.aes_gcm_encrypt(5, kIv, kAad20, kPlain, ct, tag16), Status(Code::kKeyModeMismatch)) << "CCM key";
  EXPECT_EQ(stsafe.aes_gcm_encrypt(kGcmSlot, {}, kAad20, kPlain, ct, tag16), Status(Code::kInvalidArgument));
  Bytes short_ct(3);
  EXPECT_EQ(stsafe.aes_gcm_encrypt(kGcmSlot, kIv, kAad20, kPlain, short_ct, tag16), Status(Code::kInvalidArgument));
  // 741 - 12 = 729 bytes of AAD + message fit a plain frame.
  const Bytes big(730, 0x00);
  Bytes big_ct(big.size());
  EXPECT_EQ(stsafe.aes_gcm_encrypt(kGcmSlot, kIv, {}, big, big_ct, tag16), Status::with_detail(Code::kFrameLimit, 729));
  Bytes plain(kCipher.size());
  EXPECT_EQ(stsafe.aes_gcm_decrypt(kGcmSlot, kIv, kAad20, kCipher, tag12, plain).status(),
            Status::with_detail(Code::kTagLengthMismatch, 16));
  EXPECT_EQ(stsafe.aes_gcm_decrypt(kGcmSlot, kIv, Bytes(714, 0), kCipher, tag16, plain).status(),
            Status::with_detail(Code::kFrameLimit, 713));
  EXPECT_TRUE(device.writes.empty());
}

TEST(GcmLimits, OneShotLimitFunctions) {
  const Protection plain{}, mac{true, false, false}, cenc{true, true, false}, renc{true, false, true};
  EXPECT_EQ(cmd::gcm_encrypt_limits(plain, 12, 16).aad_and_data, 729u);
  EXPECT_EQ(cmd::gcm_encrypt_limits(plain, 12, 16).data, 729u);
  EXPECT_EQ(cmd::gcm_encrypt_limits(mac, 12, 16).aad_and_data, 727u);
  EXPECT_EQ(cmd::gcm_encrypt_limits(cenc, 12, 16).aad_and_data, 715u);
  EXPECT_EQ(cmd::gcm_encrypt_limits(renc, 12, 16).data, 719u);  // 735 answer bytes under R-ENC, less the tag
  EXPECT_EQ(cmd::gcm_decrypt_limits(plain, 12, 16).aad_and_data, 713u);
  EXPECT_EQ(cmd::gcm_decrypt_limits(renc, 12, 16).aad_and_data, 711u);
  EXPECT_EQ(cmd::gcm_decrypt_limits(renc, 12, 16).data, 711u);
  EXPECT_EQ(cmd::gcm_decrypt_limits(cenc, 12, 4).aad_and_data, 711u);
  EXPECT_EQ(cmd::gcm_encrypt_limits(plain, 800, 16).aad_and_data, 0u) << "no room left";
}

// --- chunked ---

TEST(ChunkLimits, LimitFunctions) {
  const Protection plain{}, mac{true, false, false}, cenc{true, true, false}, renc{true, false, true};
  EXPECT_EQ(cmd::chunk_start_limits(plain, true, 13, true, false).aad_and_data, 722u);
  EXPECT_EQ(cmd::chunk_start_limits(mac, true, 13, true, false).aad_and_data, 720u);
  EXPECT_EQ(cmd::chunk_start_limits(cenc, true, 13, true, true).aad_and_data, 709u);
  EXPECT_EQ(cmd::chunk_start_limits(renc, true, 13, true, true).data, 720u);
  EXPECT_EQ(cmd::chunk_start_limits(plain, false, 12, true, false).aad_and_data, 723u);
  EXPECT_EQ(cmd::chunk_limits(plain, true, false, 16).aad_and_data, 744u);
  EXPECT_EQ(cmd::chunk_limits(mac, true, false, 16).aad_and_data, 742u);
  EXPECT_EQ(cmd::chunk_limits(cenc, true, false, 16).aad_and_data, 731u);
  EXPECT_EQ(cmd::chunk_limits(plain, true, true, 16).data, 735u);  // the answer: chunk | tag
  EXPECT_EQ(cmd::chunk_limits(renc, true, false, 16).data, 735u);
  EXPECT_EQ(cmd::chunk_limits(plain, false, true, 16).aad_and_data, 728u);
  EXPECT_EQ(cmd::chunk_limits(renc, false, true, 16).data, 726u);
}

class ChunkedTest : public GcmTest {
 protected:
  cmd::ChunkedAes op;
  CommandChannel& channel() { return stsafe.channel(); }
  SymmetricKeySlotInfo slot(uint8_t n) { return key_table.slots[n]; }
};

// Test case 4 in pieces on the wire: start with the IV and part of the AAD, a process with the
// rest of the AAD and message bytes, the finish with the last bytes and the tag back.
TEST_F(ChunkedTest, GcmEncryptFramesAndAnswers) {
  device.answer(response_wire(0x00, {}));
  device.answer(response_wire(0x00, part(kCipher, 0, 30)));
  device.answer(response_wire(0x00, concat({part(kCipher, 30, 60), kTag})));
  Bytes c1(0), c2(30), c3(30), tag(16);
  ASSERT_TRUE(op.start_gcm_encrypt(channel(), kGcmSlot, slot(kGcmSlot), kIv, part(kAad20, 0, 5), {}, c1).ok());
  EXPECT_TRUE(op.running());
  ASSERT_TRUE(op.process(channel(), part(kAad20, 5, 20), part(kPlain, 0, 30), c2).ok());
  ASSERT_TRUE(op.finish_encrypt(channel(), {}, part(kPlain, 30, 60), c3, tag).ok());
  EXPECT_FALSE(op.running());
  EXPECT_THAT(
      device.writes,
      ElementsAre(command_wire(concat({hex("1F 11 08 00 0C"), kIv, hex("00 05"), part(kAad20, 0, 5), hex("00 00")})),
                  command_wire(concat({hex("1F 12 00 0F"), part(kAad20, 5, 20), hex("00 1E"), part(kPlain, 0, 30)})),
                  command_wire(concat({hex("1F 13 00 00 00 1E"), part(kPlain, 30, 60)}))));
  EXPECT_EQ(concat({c2, c3}), kCipher);
  EXPECT_EQ(tag, kTag);
}

TEST_F(ChunkedTest, GcmDecryptFinishCarriesTheTagAndAFailureReleasesNothing) {
  device.answer(response_wire(0x00, part(kPlain, 0, 40)));
  device.answer(response_wire(0x00, concat({hex("01"), part(kPlain, 40, 60)})));
  Bytes p1(40), p2(20);
  ASSERT_TRUE(op.start_gcm_decrypt(channel(), kGcmSlot, slot(kGcmSlot), kIv, kAad20, part(kCipher, 0, 40), p1).ok());
  auto ok = op.finish_decrypt(channel(), {}, part(kCipher, 40, 60), kTag, p2);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(*ok);
  EXPECT_EQ(concat({p1, p2}), kPlain);
  EXPECT_EQ(device.writes[1], command_wire(concat({hex("1F 16 00 00 00 14"), part(kCipher, 40, 60), kTag})));

  device.answer(response_wire(0x00, part(kPlain, 0, 40)));
  device.answer(response_wire(0x00, concat({hex("00"), part(kPlain, 40, 60)})));
  ASSERT_TRUE(op.start_gcm_decrypt(channel(), kGcmSlot, slot(kGcmSlot), kIv, kAad20, part(kCipher, 0, 40), p1).ok());
  ok = op.finish_decrypt(channel(), {}, part(kCipher, 40, 60), kTag, p2);
  ASSERT_TRUE(ok.ok());
  EXPECT_FALSE(*ok);
  EXPECT_THAT(p2, Each(0x00));
}

// Fact sheet 2.5's CCM* start: nonce length, nonce, the two totals, then the chunks; the answer
// ends with the counter presence byte (and the counter for a key with one).
TEST_F(ChunkedTest, CcmStartLayoutAndCounter) {
  const Bytes nonce = test::counting(13), aad = Bytes(8, 0x5A);
  device.answer(response_wire(0x00, concat({part(test::kCcmCiphertext, 0, 6), hex("00")})));
  Bytes ct(6);
  auto counter = op.start_ccm_encrypt(channel(), 5, slot(5), nonce, 8, 16, aad, part(test::kMessage, 0, 6), ct);
  ASSERT_TRUE(counter.ok());
  EXPECT_FALSE(counter->present);
  EXPECT_EQ(device.writes[0], command_wire(concat({hex("1F 11 05 00 0D"), nonce, hex("00 08 00 00 00 10 00 08"), aad,
                                                   hex("00 06"), part(test::kMessage, 0, 6)})));
  EXPECT_EQ(ct, part(test::kCcmCiphertext, 0, 6));
  device.answer(response_wire(0x00, concat({part(test::kCcmCiphertext, 6, 16), test::kCcmTag})));
  Bytes ct2(10), tag(4);
  ASSERT_TRUE(op.finish_encrypt(channel(), {}, part(test::kMessage, 6, 16), ct2, tag).ok());
  EXPECT_EQ(concat({ct, ct2}), test::kCcmCiphertext);
  EXPECT_EQ(tag, test::kCcmTag);

  // With a counter: presence 01 and the 4-byte value; another presence byte is malformed.
  key_table.slots[5].counter_present = true;
  device.answer(response_wire(0x00, concat({part(test::kCcmCiphertext, 0, 6), hex("01 00 00 01 02")})));
  counter = op.start_ccm_encrypt(channel(), 5, key_table.slots[5], nonce, 8, 16, aad, part(test::kMessage, 0, 6), ct);
  ASSERT_TRUE(counter.ok());
  EXPECT_TRUE(counter->present);
  EXPECT_EQ(counter->value, 0x102u);
  device.answer(response_wire(0x00, concat({part(test::kCcmCiphertext, 0, 6), hex("00 00 00 01 02")})));
  EXPECT_EQ(op.start_ccm_encrypt(channel(), 5, key_table.slots[5], nonce, 8, 16, aad, part(test::kMessage, 0, 6), ct)
                .status(),
            Status(Code::kResponseMalformed));
  EXPECT_FALSE(op.running());
  device.answer(response_wire(0x00, concat({part(test::kCcmCiphertext, 0, 6), hex("00")})));
  EXPECT_EQ(op.start_ccm_encrypt(channel(), 5, key_table.slots[5], nonce, 8, 16, aad, part(test::kMessage, 0, 6), ct)
                .status(),
            Status(Code::kResponseTruncated))
      << "a key with a counter whose answer has none";
}

TEST_F(ChunkedTest, OrderTotalsAndKeyAreCheckedBeforeSending) {
  Bytes out(16), out2(2), out15(15), tag4(4), tag16(16);
  const Bytes nonce = test::counting(13), aad = Bytes(8, 0x5A);
  EXPECT_EQ(op.process(channel(), {}, test::kMessage, out), Status(Code::kInvalidArgument)) << "nothing started";
  EXPECT_EQ(op.finish_encrypt(channel(), {}, test::kMessage, out, tag16), Status(Code::kInvalidArgument));
  EXPECT_EQ(op.start_gcm_encrypt(channel(), 5, slot(5), kIv, {}, test::kMessage, out), Status(Code::kKeyModeMismatch));
  EXPECT_EQ(op.start_ccm_encrypt(channel(), kGcmSlot, slot(kGcmSlot), nonce, 8, 16, aad, {}, {}).status(),
            Status(Code::kKeyModeMismatch));
  EXPECT_EQ(op.start_ccm_encrypt(channel(), 5, slot(5), test::counting(12), 8, 16, aad, {}, {}).status(),
            Status(Code::kInvalidArgument))
      << "12-byte nonce";
  EXPECT_EQ(op.start_ccm_encrypt(channel(), 5, slot(5), nonce, 8, 0x10000, aad, {}, {}).status(),
            Status(Code::kInvalidArgument))
      << "over the 2-byte length field";
  EXPECT_EQ(op.start_ccm_encrypt(channel(), 5, slot(5), nonce, 8, 16, part(aad, 0, 4), part(test::kMessage, 0, 2), out2)
                .status(),
            Status(Code::kInvalidArgument))
      << "message before all the AAD";
  EXPECT_EQ(op.start_ccm_encrypt(channel(), 5, slot(5), nonce, 8, 4, aad, test::kMessage, out).status(),
            Status(Code::kInvalidArgument))
      << "more message than announced";
  EXPECT_EQ(op.start_gcm_encrypt(channel(), kGcmSlot, slot(kGcmSlot), {}, {}, {}, {}), Status(Code::kInvalidArgument));
  EXPECT_TRUE(device.writes.empty());

  // A running CCM* operation: the finish must reach the totals, with the key's tag length.
  device.answer(response_wire(0x00, hex("00")));
  ASSERT_TRUE(op.start_ccm_encrypt(channel(), 5, slot(5), nonce, 8, 16, aad, {}, {}).ok());
  EXPECT_EQ(op.finish_encrypt(channel(), {}, part(test::kMessage, 0, 15), out15, tag4), Status(Code::kInvalidArgument));
  EXPECT_EQ(op.finish_encrypt(channel(), {}, test::kMessage, out, tag16),
            Status::with_detail(Code::kTagLengthMismatch, 4));
  EXPECT_EQ(op.process(channel(), hex("00"), {}, {}), Status(Code::kInvalidArgument)) << "AAD past its total";
  EXPECT_EQ(op.finish_decrypt(channel(), {}, test::kMessage, tag4, out).status(), Status(Code::kInvalidArgument))
      << "an encryption is running";
  EXPECT_EQ(device.writes.size(), 1u);
  EXPECT_TRUE(op.running());
  // GCM: no AAD once message bytes went.
  device.answer(response_wire(0x00, part(kCipher, 0, 4)));
  Bytes c(4);
  ASSERT_TRUE(op.start_gcm_encrypt(channel(), kGcmSlot, slot(kGcmSlot), kIv, kAad20, part(kPlain, 0, 4), c).ok());
  EXPECT_EQ(op.process(channel(), hex("00"), {}, {}), Status(Code::kInvalidArgument));
  EXPECT_EQ(device.writes.size(), 2u);
}

TEST_F(ChunkedTest, ChipRefusalEndsTheOperation) {
  device.answer(response_wire(0x00, {}));
  Bytes none;
  ASSERT_TRUE(op.start_gcm_encrypt(channel(), kGcmSlot, slot(kGcmSlot), kIv, kAad20, {}, none).ok());
  device.answer(response_wire(0x07, {}));
  Bytes out(16);
  EXPECT_EQ(op.process(channel(), {}, test::kMessage, out), Status::device(Domain::kStsafe, 0x07));
  EXPECT_FALSE(op.running());
  // Over the process limit (744 plain): named, nothing sent.
  device.answer(response_wire(0x00, {}));
  ASSERT_TRUE(op.start_gcm_encrypt(channel(), kGcmSlot, slot(kGcmSlot), kIv, {}, {}, none).ok());
  const size_t sent = device.writes.size();
  Bytes big(745), big_out(745);
  EXPECT_EQ(op.process(channel(), {}, big, big_out), Status::with_detail(Code::kFrameLimit, 744));
  EXPECT_EQ(device.writes.size(), sent);
  EXPECT_TRUE(op.running());
}

}  // namespace
}  // namespace kb::core::stsafe
