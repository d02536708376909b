// The host library's hash commands driving the STSAFE-A120 model over the simulated bus: the
// published "abc" digests through both independent implementations, and long messages split by
// compute_hash() compared with the test's own OpenSSL digest. Reset loses the hash context.
#include <openssl/evp.h>

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/stsafe/stsafe.h"
#include "hal/sim/sim_backend.h"
#include "simulator/bench/bench.h"
#include "tests/unit/core/stsafe/scripted_stsafe.h"

namespace kb::core::stsafe {
namespace {

using test::Bytes;
using test::hex;

struct Case {
  HashAlgorithm algorithm;
  const EVP_MD* (*md)();
  const char* abc;  // FIPS 180-4 / FIPS 202 example digests of "abc"
};
const Case kCases[] = {
    {HashAlgorithm::kSha1, EVP_sha1, "a9993e364706816aba3e25717850c26c9cd0d89d"},
    {HashAlgorithm::kSha224, EVP_sha224, "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"},
    {HashAlgorithm::kSha256, EVP_sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {HashAlgorithm::kSha384, EVP_sha384,
     "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"},
    {HashAlgorithm::kSha512, EVP_sha512,
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e"
     "2a9ac94fa54ca49f"},
    {HashAlgorithm::kSha3_256, EVP_sha3_256, "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"},
    {HashAlgorithm::kSha3_384, EVP_sha3_384,
     "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b298d88cea927ac7f539f1edf228376d25"},
    {HashAlgorithm::kSha3_512, EVP_sha3_512,
     "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a5"
     "6592f8274eec53f0"},
};

Bytes openssl_digest(const EVP_MD* md, const Bytes& m) {
  Bytes out(static_cast<size_t>(EVP_MD_get_size(md)));
  unsigned int n = 0;
  EXPECT_EQ(EVP_Digest(m.data(), m.size(), out.data(), &n, md, nullptr), 1);
  return out;
}

class HashModelTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(stsafe.init().ok()); }

  std::unique_ptr<sim::Bench> bench = sim::Bench::make_default();
  hal::sim::SimI2cInitiator i2c{*bench};
  hal::sim::SimClock clock{*bench};
  Stsafe stsafe{i2c, clock};
};

TEST_F(HashModelTest, AbcOnEveryAlgorithm) {
  const Bytes abc = {'a', 'b', 'c'};
  for (const Case& c : kCases) {
    SCOPED_TRACE(hash_algorithm_name(c.algorithm));
    Bytes digest(digest_bytes(c.algorithm));
    ASSERT_TRUE(stsafe.compute_hash(c.algorithm, abc, digest).ok());
    EXPECT_EQ(digest, hex(c.abc));
  }
}

TEST_F(HashModelTest, LongMessagesAcrossChunks) {
  for (const Case& c : kCases) {
    for (size_t n : {737u, 738u, 739u, 1487u, 1488u, 3000u}) {
      SCOPED_TRACE(std::string(hash_algorithm_name(c.algorithm)) + " n=" + std::to_string(n));
      Bytes message(n);
      for (size_t i = 0; i < n; ++i) message[i] = static_cast<uint8_t>(i * 7 + n);
      Bytes digest(digest_bytes(c.algorithm));
      ASSERT_TRUE(stsafe.compute_hash(c.algorithm, message, digest).ok());
      EXPECT_EQ(digest, openssl_digest(c.md(), message));
    }
  }
}

TEST_F(HashModelTest, ResetAndPowerCycleLoseTheContext) {
  const Bytes part = {'a', 'b'};
  Bytes digest(32);
  ASSERT_TRUE(stsafe.start_hash(HashAlgorithm::kSha256, part).ok());
  ASSERT_TRUE(stsafe.reset().ok());
  EXPECT_EQ(stsafe.finish_hash(HashAlgorithm::kSha256, Bytes{'c'}, digest), Status::device(Domain::kStsafe, 0x02));

  ASSERT_TRUE(stsafe.start_hash(HashAlgorithm::kSha256, part).ok());
  bench->power_cycle();
  EXPECT_EQ(stsafe.process_hash(Bytes{'c'}), Status::device(Domain::kStsafe, 0x02));

  ASSERT_TRUE(stsafe.start_hash(HashAlgorithm::kSha256, part).ok());
  ASSERT_TRUE(stsafe.finish_hash(HashAlgorithm::kSha256, Bytes{'c'}, digest).ok());
  EXPECT_EQ(digest, hex(kCases[2].abc));
}

}  // namespace
}  // namespace kb::core::stsafe
