// Start / process / finish hash (1F 00 / 1F 01 / 1F 02) on the model, frame by frame: the FIPS 180-4
// and FIPS 202 example digests of "abc" for every algorithm of fact sheet 2.4, long messages
// split at chunk boundaries checked against Crypto++ (the model hashes with OpenSSL), bad algorithm
// identifiers, missing starts, and a context that a reset or a power cycle loses.
#include <cryptopp/sha.h>
#include <cryptopp/sha3.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/unit/simulator/stsafe_a120/host_channel.h"

namespace kb::sim::stsafe_a120 {
namespace {

using namespace test_support;

struct Algo {
  const char* name;
  Bytes id;         // the 11-byte identifier field (fact sheet 2.4)
  std::string abc;  // digest of "abc": FIPS 180-4 / FIPS 202 examples (NIST CSRC example values)
};

const Algo kAlgos[] = {
    {"SHA-1", hex("00 05 2B 0E 03 02 1A 00 00 00 00"), "a9993e364706816aba3e25717850c26c9cd0d89d"},
    {"SHA-224", hex("00 09 60 86 48 01 65 03 04 02 04"), "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"},
    {"SHA-256", hex("00 09 60 86 48 01 65 03 04 02 01"),
     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"SHA-384", hex("00 09 60 86 48 01 65 03 04 02 02"),
     "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"},
    {"SHA-512", hex("00 09 60 86 48 01 65 03 04 02 03"),
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e"
     "2a9ac94fa54ca49f"},
    {"SHA3-256", hex("00 09 60 86 48 01 65 03 04 02 08"),
     "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"},
    {"SHA3-384", hex("00 09 60 86 48 01 65 03 04 02 09"),
     "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b298d88cea927ac7f539f1edf228376d25"},
    {"SHA3-512", hex("00 09 60 86 48 01 65 03 04 02 0A"),
     "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a5"
     "6592f8274eec53f0"},
};

template <typename H>
Bytes with(const Bytes& m) {
  H h;
  Bytes d(H::DIGESTSIZE);
  h.CalculateDigest(d.data(), m.data(), m.size());
  return d;
}
// The test's own digest (Crypto++), by position in kAlgos.
Bytes reference_digest(size_t algo, const Bytes& m) {
  switch (algo) {
    case 0: return with<CryptoPP::SHA1>(m);
    case 1: return with<CryptoPP::SHA224>(m);
    case 2: return with<CryptoPP::SHA256>(m);
    case 3: return with<CryptoPP::SHA384>(m);
    case 4: return with<CryptoPP::SHA512>(m);
    case 5: return with<CryptoPP::SHA3_256>(m);
    case 6: return with<CryptoPP::SHA3_384>(m);
    default: return with<CryptoPP::SHA3_512>(m);
  }
}

const Bytes kOk = hex("00 00 02 F0 78");
const Bytes kAbc = {'a', 'b', 'c'};

Bytes start(const Bytes& id, const Bytes& message) {
  return with_crc(cat({hex("1F 00"), id, message}));
}
Bytes process(const Bytes& message) {
  return with_crc(cat({hex("1F 01"), message}));
}
Bytes finish(const Bytes& message = {}) {
  return with_crc(cat({hex("1F 02"), message}));
}
// The finish answer the chip must give for a digest.
Bytes digest_answer(const Bytes& digest) {
  return response_frame(0x00, cat({be16(digest.size()), digest}));
}

class StsafeHashTest : public ::testing::Test {
 protected:
  StsafeOnBus b;
};

TEST_F(StsafeHashTest, AbcOnEveryAlgorithmInOneStart) {
  for (const Algo& a : kAlgos) {
    SCOPED_TRACE(a.name);
    EXPECT_EQ(b.transact(start(a.id, kAbc)), kOk);
    EXPECT_EQ(b.transact(finish()), digest_answer(hex(a.abc)));
  }
}

TEST_F(StsafeHashTest, AbcSplitOverStartProcessAndFinish) {
  for (const Algo& a : kAlgos) {
    SCOPED_TRACE(a.name);
    EXPECT_EQ(b.transact(start(a.id, {'a'})), kOk);
    EXPECT_EQ(b.transact(process({'b'})), kOk);
    EXPECT_EQ(b.transact(finish({'c'})), digest_answer(hex(a.abc)));
  }
}

TEST_F(StsafeHashTest, Sha256TwoBlockExample) {
  // FIPS 180-4 example, 448-bit message.
  const std::string m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  EXPECT_EQ(b.transact(start(kAlgos[2].id, Bytes(m.begin(), m.end()))), kOk);
  EXPECT_EQ(b.transact(finish()),
            digest_answer(hex("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")));
}

TEST_F(StsafeHashTest, FullFramesAtTheChunkLimitsOnEveryAlgorithm) {
  // ST's chunking (fact sheet 1.7): 738 bytes in the start, 749 per process; and the frame's own
  // limit, 752 bytes: 739 after the algorithm id, 750 in a process or finish.
  for (size_t algo = 0; algo < std::size(kAlgos); ++algo) {
    SCOPED_TRACE(kAlgos[algo].name);
    const Bytes first = counting(738, 1), second = counting(749, 2), third = counting(750, 3), last = counting(750, 4);
    EXPECT_EQ(b.transact(start(kAlgos[algo].id, first)), kOk);
    EXPECT_EQ(b.transact(process(second)), kOk);
    EXPECT_EQ(b.transact(process(third)), kOk);
    EXPECT_EQ(b.transact(finish(last)), digest_answer(reference_digest(algo, cat({first, second, third, last}))));

    const Bytes full = counting(739, 5);
    EXPECT_EQ(b.transact(start(kAlgos[algo].id, full)), kOk);
    EXPECT_EQ(b.transact(finish()), digest_answer(reference_digest(algo, full)));
  }
}

TEST_F(StsafeHashTest, BlockBoundariesOfTheMessage) {
  // Messages ending just before, on and after the 64- and 128-byte block edges and the padding edge.
  for (size_t algo : {size_t{2}, size_t{4}, size_t{5}}) {
    for (size_t n : {1u, 55u, 56u, 63u, 64u, 65u, 111u, 112u, 127u, 128u, 129u, 136u, 137u}) {
      SCOPED_TRACE(std::string(kAlgos[algo].name) + " n=" + std::to_string(n));
      const Bytes m = counting(n, 0x30);
      EXPECT_EQ(b.transact(start(kAlgos[algo].id, m.size() > 1 ? Bytes(m.begin(), m.begin() + 1) : m)), kOk);
      if (m.size() > 1) {
        EXPECT_EQ(b.transact(process(Bytes(m.begin() + 1, m.end()))), kOk);
      }
      EXPECT_EQ(b.transact(finish()), digest_answer(reference_digest(algo, m)));
    }
  }
}

TEST_F(StsafeHashTest, StartWithNoMessageAndFinishWithIt) {
  EXPECT_EQ(b.transact(start(kAlgos[2].id, {})), kOk);
  EXPECT_EQ(b.transact(finish(kAbc)), digest_answer(hex(kAlgos[2].abc)));
  // Nothing at all: the digest of the empty string (FIPS 180-4 / NIST example).
  EXPECT_EQ(b.transact(start(kAlgos[2].id, {})), kOk);
  EXPECT_EQ(b.transact(finish()),
            digest_answer(hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")));
}

TEST_F(StsafeHashTest, BadAlgorithmIdentifiers) {
  const Bytes bad_status_3 = error_frame(0x03), bad_status_2 = error_frame(0x02);
  // Unknown last arc, a wrong length field, SHA-1 with padding that is not zero, SHA-1's OID with
  // the 9-byte length, an unrelated OID.
  for (const char* id :
       {"00 09 60 86 48 01 65 03 04 02 05", "00 08 60 86 48 01 65 03 04 02 01", "00 05 2B 0E 03 02 1A 00 00 00 01",
        "00 09 2B 0E 03 02 1A 00 00 00 00", "00 09 2A 86 48 CE 3D 03 01 07 00", "00 00 00 00 00 00 00 00 00 00 00"}) {
    SCOPED_TRACE(id);
    EXPECT_EQ(b.transact(start(hex(id), kAbc)), bad_status_3);
  }
  // Shorter than the 11-byte field.
  EXPECT_EQ(b.transact(with_crc(hex("1F 00 00 09 60 86 48 01 65 03 04 02"))), bad_status_2);
  EXPECT_EQ(b.transact(with_crc(hex("1F 00"))), bad_status_2);
  // None of them started a hash.
  EXPECT_EQ(b.transact(finish()), bad_status_2);
}

TEST_F(StsafeHashTest, ProcessOrFinishWithoutStart) {
  EXPECT_EQ(b.transact(process(kAbc)), error_frame(0x02));
  EXPECT_EQ(b.transact(finish(kAbc)), error_frame(0x02));
  // Finish ends the hash: a second finish has nothing to finish.
  EXPECT_EQ(b.transact(start(kAlgos[2].id, kAbc)), kOk);
  EXPECT_EQ(b.transact(finish()), digest_answer(hex(kAlgos[2].abc)));
  EXPECT_EQ(b.transact(finish()), error_frame(0x02));
  EXPECT_EQ(b.transact(process(kAbc)), error_frame(0x02));
}

TEST_F(StsafeHashTest, EmptyProcessIsRefusedAndLeavesTheContext) {
  EXPECT_EQ(b.transact(start(kAlgos[2].id, {'a', 'b'})), kOk);
  EXPECT_EQ(b.transact(process({})), error_frame(0x02));
  EXPECT_EQ(b.transact(finish({'c'})), digest_answer(hex(kAlgos[2].abc)));
}

TEST_F(StsafeHashTest, ASecondStartReplacesTheHashInProgress) {
  EXPECT_EQ(b.transact(start(kAlgos[4].id, counting(100))), kOk);
  EXPECT_EQ(b.transact(start(kAlgos[2].id, kAbc)), kOk);
  EXPECT_EQ(b.transact(finish()), digest_answer(hex(kAlgos[2].abc)));
  // A refused start leaves the hash in progress as it was.
  EXPECT_EQ(b.transact(start(kAlgos[2].id, {'a'})), kOk);
  EXPECT_EQ(b.transact(start(hex("00 09 60 86 48 01 65 03 04 02 07"), counting(5))), error_frame(0x03));
  EXPECT_EQ(b.transact(finish({'b', 'c'})), digest_answer(hex(kAlgos[2].abc)));
}

TEST_F(StsafeHashTest, OtherCommandsInBetweenLeaveTheContext) {
  EXPECT_EQ(b.transact(start(kAlgos[3].id, {'a'})), kOk);
  EXPECT_EQ(b.transact(frame("00 01 02 03")), response_frame(0x00, hex("01 02 03")));  // echo
  EXPECT_EQ(b.transact(frame("14 11")).at(0), 0x00);                                   // query
  EXPECT_EQ(b.transact(process({'b'})), kOk);
  EXPECT_EQ(b.transact(finish({'c'})), digest_answer(hex(kAlgos[3].abc)));
}

TEST_F(StsafeHashTest, ResetLosesTheContext) {
  EXPECT_EQ(b.transact(start(kAlgos[2].id, kAbc)), kOk);
  EXPECT_EQ(b.transact(frame("01")), kOk);
  EXPECT_EQ(b.transact(finish()), error_frame(0x02));
  EXPECT_FALSE(b.chip.volatile_state().hash.has_value());
}

TEST_F(StsafeHashTest, PowerCycleLosesTheContext) {
  EXPECT_EQ(b.transact(start(kAlgos[2].id, kAbc)), kOk);
  EXPECT_TRUE(b.chip.volatile_state().hash.has_value());
  b.chip.power_cycle();
  EXPECT_FALSE(b.chip.volatile_state().hash.has_value());
  EXPECT_EQ(b.transact(process(kAbc)), error_frame(0x02));
  EXPECT_EQ(b.transact(finish()), error_frame(0x02));
}

TEST_F(StsafeHashTest, StartHashIsAnExtendedCommandOfItsOwn) {
  // 0x00 alone is Echo; 1F 00 is Start Hash (the access table record ST's library confuses with
  // Echo's, fact sheet 3.1, stays FREE on the factory chip).
  EXPECT_EQ(b.transact(frame("00 09 60")), response_frame(0x00, hex("09 60")));
  EXPECT_EQ(b.transact(start(kAlgos[2].id, kAbc)), kOk);
  EXPECT_EQ(b.transact(finish()), digest_answer(hex(kAlgos[2].abc)));
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
