// The host library's hash commands (1F 00 / 1F 01 / 1F 02) against a scripted chip: the frames it
// sends for every algorithm identifier of fact sheet 2.4, how compute_hash() splits a message in
// ST's chunk sizes (fact sheet 1.7), what it refuses before sending, and which answers it rejects.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>

#include "core/stsafe/commands/hash.h"
#include "core/stsafe/device_status.h"
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

struct AlgoBytes {
  HashAlgorithm algorithm;
  Bytes id;
  size_t digest;
};
const AlgoBytes kAlgos[] = {
    {HashAlgorithm::kSha1, hex("00 05 2B 0E 03 02 1A 00 00 00 00"), 20},
    {HashAlgorithm::kSha224, hex("00 09 60 86 48 01 65 03 04 02 04"), 28},
    {HashAlgorithm::kSha256, hex("00 09 60 86 48 01 65 03 04 02 01"), 32},
    {HashAlgorithm::kSha384, hex("00 09 60 86 48 01 65 03 04 02 02"), 48},
    {HashAlgorithm::kSha512, hex("00 09 60 86 48 01 65 03 04 02 03"), 64},
    {HashAlgorithm::kSha3_256, hex("00 09 60 86 48 01 65 03 04 02 08"), 32},
    {HashAlgorithm::kSha3_384, hex("00 09 60 86 48 01 65 03 04 02 09"), 48},
    {HashAlgorithm::kSha3_512, hex("00 09 60 86 48 01 65 03 04 02 0A"), 64},
};
const Bytes kAbc = {'a', 'b', 'c'};
// FIPS 180-4 example: SHA-256("abc").
const Bytes kSha256Abc = hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

Bytes be16(size_t v) {
  return {static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
}
Bytes filled(size_t n, uint8_t from) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(from + i);
  return b;
}
Bytes digest_answer(const Bytes& digest) {
  return response_wire(0x00, concat({be16(digest.size()), digest}));
}
Status chip(uint8_t status) {
  return Status::device(Domain::kStsafe, status);
}

class HostHashTest : public test::StsafeSessionTest {};

TEST_F(HostHashTest, IdentifierFieldsAndDigestSizes) {
  for (const AlgoBytes& a : kAlgos) {
    const auto id = hash_algorithm_id(a.algorithm);
    EXPECT_EQ(Bytes(id.begin(), id.end()), a.id) << hash_algorithm_name(a.algorithm);
    EXPECT_EQ(digest_bytes(a.algorithm), a.digest) << hash_algorithm_name(a.algorithm);
  }
  EXPECT_EQ(digest_bytes(static_cast<HashAlgorithm>(8)), 0u);
}

TEST_F(HostHashTest, StartProcessFinishFrames) {
  device.answer(test::kOkHeaderOnly);
  device.answer(test::kOkHeaderOnly);
  device.answer(digest_answer(kSha256Abc));
  ASSERT_TRUE(stsafe.start_hash(HashAlgorithm::kSha256, Bytes{'a'}).ok());
  ASSERT_TRUE(stsafe.process_hash(Bytes{'b'}).ok());
  std::array<uint8_t, 32> digest{};
  ASSERT_TRUE(stsafe.finish_hash(HashAlgorithm::kSha256, Bytes{'c'}, digest).ok());
  EXPECT_THAT(device.writes, ElementsAre(command_wire(hex("1F 00 00 09 60 86 48 01 65 03 04 02 01 61")),
                                         command_wire(hex("1F 01 62")), command_wire(hex("1F 02 63"))));
  EXPECT_EQ(Bytes(digest.begin(), digest.end()), kSha256Abc);
}

TEST_F(HostHashTest, EveryAlgorithmSendsItsIdentifierAndReadsItsDigestSize) {
  for (const AlgoBytes& a : kAlgos) {
    SCOPED_TRACE(hash_algorithm_name(a.algorithm));
    device.writes.clear();
    device.answer(test::kOkHeaderOnly);
    device.answer(digest_answer(filled(a.digest, 0x40)));
    Bytes digest(65, 0xEE);
    ASSERT_TRUE(stsafe.compute_hash(a.algorithm, kAbc, digest).ok());
    EXPECT_THAT(device.writes,
                ElementsAre(command_wire(concat({hex("1F 00"), a.id, kAbc})), command_wire(hex("1F 02"))));
    EXPECT_EQ(Bytes(digest.begin(), digest.begin() + static_cast<long>(a.digest)), filled(a.digest, 0x40));
    EXPECT_EQ(digest[a.digest], 0xEE) << "nothing written past the digest";
  }
}

TEST_F(HostHashTest, ComputeHashSplitsInStsChunkSizes) {
  // 738 in the start, then 749 per process, then the rest, then an empty finish (fact sheet 1.7).
  const Bytes message = filled(738 + 749 + 749 + 10, 7);
  for (int i = 0; i < 4; ++i) device.answer(test::kOkHeaderOnly);
  device.answer(digest_answer(kSha256Abc));
  std::array<uint8_t, 32> digest{};
  ASSERT_TRUE(stsafe.compute_hash(HashAlgorithm::kSha256, message, digest).ok());
  ASSERT_EQ(device.writes.size(), 5u);
  EXPECT_EQ(device.writes[0].size(), 2 + 11 + 738 + 2u);
  EXPECT_EQ(device.writes[1],
            command_wire(concat({hex("1F 01"), Bytes(message.begin() + 738, message.begin() + 1487)})));
  EXPECT_EQ(device.writes[2].size(), 2 + 749 + 2u);
  EXPECT_EQ(device.writes[3], command_wire(concat({hex("1F 01"), Bytes(message.end() - 10, message.end())})));
  EXPECT_EQ(device.writes[4], command_wire(hex("1F 02")));
}

TEST_F(HostHashTest, ComputeHashOfExactlyOneStartChunk) {
  const Bytes message = filled(738, 1);
  device.answer(test::kOkHeaderOnly);
  device.answer(digest_answer(kSha256Abc));
  std::array<uint8_t, 32> digest{};
  ASSERT_TRUE(stsafe.compute_hash(HashAlgorithm::kSha256, message, digest).ok());
  ASSERT_EQ(device.writes.size(), 2u);
  EXPECT_EQ(device.writes[1], command_wire(hex("1F 02")));
}

TEST_F(HostHashTest, ComputeHashStopsAtTheFirstRefusal) {
  const Bytes message = filled(2000, 1);
  device.answer(test::kOkHeaderOnly);
  device.answer(response_wire(0x02, {}));
  std::array<uint8_t, 32> digest{};
  EXPECT_EQ(stsafe.compute_hash(HashAlgorithm::kSha256, message, digest), chip(0x02));
  EXPECT_EQ(device.writes.size(), 2u);
}

TEST_F(HostHashTest, RefusedLocally) {
  std::array<uint8_t, 64> digest{};
  std::array<uint8_t, 31> short_digest{};
  EXPECT_EQ(stsafe.start_hash(HashAlgorithm::kSha256, {}), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.start_hash(static_cast<HashAlgorithm>(9), kAbc), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.process_hash({}), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.finish_hash(static_cast<HashAlgorithm>(9), {}, digest), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.finish_hash(HashAlgorithm::kSha256, {}, short_digest), Status(Code::kBufferTooSmall));
  EXPECT_EQ(stsafe.compute_hash(HashAlgorithm::kSha256, {}, digest), Status(Code::kInvalidArgument));
  EXPECT_EQ(stsafe.compute_hash(HashAlgorithm::kSha512, kAbc, short_digest), Status(Code::kBufferTooSmall));
  EXPECT_EQ(stsafe.start_hash(HashAlgorithm::kSha256, Bytes(739, 0)), Status::with_detail(Code::kFrameLimit, 738));
  EXPECT_EQ(stsafe.process_hash(Bytes(750, 0)), Status::with_detail(Code::kFrameLimit, 749));
  EXPECT_EQ(stsafe.finish_hash(HashAlgorithm::kSha256, Bytes(750, 0), digest),
            Status::with_detail(Code::kFrameLimit, 749));
  EXPECT_THAT(device.writes, IsEmpty());
}

TEST_F(HostHashTest, AnswersThatAreNotTheDigest) {
  std::array<uint8_t, 32> digest{};
  // The right size, but the length field of another algorithm.
  device.answer(response_wire(0x00, concat({be16(48), filled(32, 0)})));
  EXPECT_EQ(stsafe.finish_hash(HashAlgorithm::kSha256, {}, digest), Status(Code::kResponseMalformed));
  // A SHA-384 answer to a SHA-256 finish: too long.
  device.answer(digest_answer(filled(48, 0)));
  EXPECT_EQ(stsafe.finish_hash(HashAlgorithm::kSha256, {}, digest), Status(Code::kResponseMalformed));
  // Too short.
  device.answer(digest_answer(filled(20, 0)));
  EXPECT_EQ(stsafe.finish_hash(HashAlgorithm::kSha256, {}, digest), Status(Code::kResponseTruncated));
  // The chip's refusal.
  device.answer(response_wire(0x02, {}));
  EXPECT_EQ(stsafe.finish_hash(HashAlgorithm::kSha256, {}, digest), chip(0x02));
}

TEST_F(HostHashTest, ProtectedHashCommandsGoThroughTheHostChannel) {
  // This library follows the table for 1F 00 too (ST's library always sends Start Hash plain,
  // fact sheet 3.1); the limits shrink by the C-MAC.
  stsafe.set_command_access_table(test::access_table(
      {{0x1F, 0x00, AccessCondition::kHost, false, false}, {0x1F, 0x01, AccessCondition::kHost, false, false}}));
  open_session(5);
  const Bytes start_body = concat({kAlgos[2].id, kAbc});
  device.answer(oracle.response(6, hex("FF 00"), start_body, {}));
  ASSERT_TRUE(stsafe.start_hash(HashAlgorithm::kSha256, kAbc).ok());
  EXPECT_EQ(device.writes[0],
            command_wire(concat({hex("FF 00"), start_body, oracle.c_mac(5, hex("FF 00"), start_body)})));
  EXPECT_EQ(stsafe.start_hash(HashAlgorithm::kSha256, Bytes(736, 0)), Status::with_detail(Code::kFrameLimit, 735));
  EXPECT_EQ(stsafe.process_hash(Bytes(747, 0)), Status::with_detail(Code::kFrameLimit, 746));
  EXPECT_EQ(device.writes.size(), 1u);
}

}  // namespace
}  // namespace kb::core::stsafe
