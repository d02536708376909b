// Info, Random and Nonce (fact sheet B6.2): outputs, parameter validation, determinism.
#include <gtest/gtest.h>

#include <cryptopp/sha.h>

#include "tests/unit/simulator/atecc608a/atecc_harness.h"

namespace kb::sim::atecc608a {
namespace {

using test_support::AteccOnBus;
using test_support::hex;

constexpr uint8_t kOk = 0x00;
constexpr uint8_t kParse = 0x03;

class AteccCommands : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(b.wake(), hex("04 11 33 43")); }
  AteccOnBus b;
};

TEST_F(AteccCommands, InfoRevision) {
  EXPECT_EQ(b.payload(0x30, 0x00, 0), hex("00 00 60 02"));
}

TEST_F(AteccCommands, InfoParameterValidation) {
  EXPECT_EQ(b.status_of(0x30, 0x05, 0), kParse);
  EXPECT_EQ(b.status_of(0x30, 0xFF, 0), kParse);
  EXPECT_EQ(b.status_of(0x30, 0x00, 0, hex("00")), kParse) << "Info takes no data";
}

TEST_F(AteccCommands, RandomBeforeTheConfigLockIsTheTestPattern) {
  std::vector<uint8_t> pattern;
  for (int i = 0; i < 8; ++i) pattern.insert(pattern.end(), {0xFF, 0xFF, 0x00, 0x00});
  EXPECT_EQ(b.payload(0x1B, 0x00, 0), pattern);
  EXPECT_EQ(b.payload(0x1B, 0x01, 0), pattern);
}

TEST_F(AteccCommands, RandomAfterTheConfigLock) {
  ASSERT_EQ(test_support::lock_config(b), kOk);
  const std::vector<uint8_t> a = b.payload(0x1B, 0x00, 0);
  const std::vector<uint8_t> c = b.payload(0x1B, 0x00, 0);
  const std::vector<uint8_t> d = b.payload(0x1B, 0x01, 0);
  ASSERT_EQ(a.size(), 32u);
  EXPECT_NE(a, c);
  EXPECT_NE(c, d);
  EXPECT_EQ(b.chip.eeprom().random_counter(), 2u) << "mode 0 updates the seed, mode 1 does not";
}

TEST_F(AteccCommands, RandomParameterValidation) {
  EXPECT_EQ(b.status_of(0x1B, 0x02, 0), kParse);
  EXPECT_EQ(b.status_of(0x1B, 0x00, 1), kParse);
  EXPECT_EQ(b.status_of(0x1B, 0x00, 0, hex("00")), kParse);
}

// Same seed, same command sequence: same bytes. Another seed: other bytes.
std::vector<uint8_t> random_after_lock(uint64_t seed) {
  AteccOnBus b;
  EepromImage img = b.chip.image();
  img.random_seed = seed;
  b.chip.set_image(img);
  EXPECT_EQ(b.wake().size(), 4u);
  EXPECT_EQ(test_support::lock_config(b), kOk);
  std::vector<uint8_t> out = b.payload(0x1B, 0x00, 0);
  const std::vector<uint8_t> nonce = b.payload(0x16, 0x00, 0, std::vector<uint8_t>(20, 0x11));
  out.insert(out.end(), nonce.begin(), nonce.end());
  return out;
}

TEST(AteccDeterminism, SameSeedSameBytes) {
  EXPECT_EQ(random_after_lock(7), random_after_lock(7));
  EXPECT_NE(random_after_lock(7), random_after_lock(8));
}

TEST_F(AteccCommands, RandomNonceMakesTempKeyFromRandOutAndNumIn) {
  ASSERT_EQ(test_support::lock_config(b), kOk);
  std::vector<uint8_t> num_in(20);
  for (size_t i = 0; i < 20; ++i) num_in[i] = static_cast<uint8_t>(i * 7);
  const std::vector<uint8_t> rand_out = b.payload(0x16, 0x00, 0, num_in);
  ASSERT_EQ(rand_out.size(), 32u);
  // TempKey = SHA-256(RandOut | NumIn | 0x16 | mode | LSB(param2)).
  std::vector<uint8_t> message = rand_out;
  message.insert(message.end(), num_in.begin(), num_in.end());
  message.insert(message.end(), {0x16, 0x00, 0x00});
  std::array<uint8_t, 32> expected{};
  CryptoPP::SHA256().CalculateDigest(expected.data(), message.data(), message.size());
  const TempKey& t = b.chip.volatile_state().temp_key;
  EXPECT_TRUE(t.valid);
  EXPECT_TRUE(t.from_random);
  EXPECT_TRUE(std::equal(expected.begin(), expected.end(), t.value.begin()));
}

TEST_F(AteccCommands, PassThroughNonceTargets) {
  std::vector<uint8_t> v64(64);
  for (size_t i = 0; i < 64; ++i) v64[i] = static_cast<uint8_t>(i);
  EXPECT_EQ(b.status_of(0x16, 0x23, 0, v64), kOk) << "64 bytes into TempKey";
  const TempKey& t = b.chip.volatile_state().temp_key;
  EXPECT_TRUE(t.valid && t.upper_valid && !t.from_random);
  EXPECT_TRUE(std::equal(v64.begin(), v64.end(), t.value.begin()));
  EXPECT_EQ(b.status_of(0x16, 0x43, 0, std::vector<uint8_t>(32, 0x99)), kOk) << "message digest buffer";
  EXPECT_TRUE(b.chip.volatile_state().message_digest_buffer_valid);
  EXPECT_EQ(b.chip.volatile_state().message_digest_buffer[31], 0x99);
  EXPECT_EQ(b.status_of(0x16, 0x83, 0, std::vector<uint8_t>(32, 0x77)), kOk) << "alternate key buffer";
  EXPECT_EQ(b.chip.volatile_state().alternate_key_buffer[0], 0x77);
}

TEST_F(AteccCommands, NonceParameterValidation) {
  const std::vector<uint8_t> n20(20, 0), n32(32, 0), n64(64, 0);
  EXPECT_EQ(b.status_of(0x16, 0x02, 0, n20), kParse) << "mode 2";
  EXPECT_EQ(b.status_of(0x16, 0x00, 0, n32), kParse) << "random mode takes 20 bytes";
  EXPECT_EQ(b.status_of(0x16, 0x40, 0, n20), kParse) << "a target bit in random mode";
  EXPECT_EQ(b.status_of(0x16, 0x00, 0x0001, n20), kParse);
  EXPECT_EQ(b.status_of(0x16, 0x03, 0, n20), kParse) << "pass-through takes 32 bytes";
  EXPECT_EQ(b.status_of(0x16, 0x03, 0, n64), kParse) << "64 bytes need bit 5";
  EXPECT_EQ(b.status_of(0x16, 0x23, 0, n32), kParse);
  EXPECT_EQ(b.status_of(0x16, 0xC3, 0, n32), kParse) << "target 0xC0";
  EXPECT_EQ(b.status_of(0x16, 0xA3, 0, n64), kParse) << "the alternate key buffer holds 32 bytes";
  EXPECT_EQ(b.status_of(0x16, 0x03, 1, n32), kParse);
  EXPECT_EQ(b.status_of(0x16, 0x07, 0, n32), kParse) << "bit 2";
  EXPECT_FALSE(b.chip.volatile_state().temp_key.valid);
}

TEST_F(AteccCommands, UpdateExtraWritesBytes84And85OnceEach) {
  EXPECT_EQ(b.status_of(0x20, 0x00, 0x0042), kOk) << "works while the config zone is unlocked";
  EXPECT_EQ(b.status_of(0x20, 0x00, 0x0043), 0x0F) << "only from 0x00";
  ASSERT_EQ(test_support::lock_config(b), kOk) << "the lock CRC covers byte 84 as it now is";
  EXPECT_EQ(b.status_of(0x20, 0x01, 0x00B0), kOk) << "and after the lock";
  EXPECT_EQ(b.payload(0x02, 0x00, 0x0015), hex("42 B0 55 00"));
  EXPECT_EQ(b.status_of(0x20, 0x01, 0x0001), 0x0F);
}

TEST_F(AteccCommands, UpdateExtraParameterValidation) {
  EXPECT_EQ(b.status_of(0x20, 0x03, 0), kParse);
  EXPECT_EQ(b.status_of(0x20, 0x00, 0x0100), kParse);
  EXPECT_EQ(b.status_of(0x20, 0x00, 0x0001, hex("00")), kParse);
  EXPECT_EQ(b.payload(0x02, 0x00, 0x0015), hex("00 00 55 55")) << "nothing written";
}

TEST_F(AteccCommands, OpcodesNotModelledYetAreRefusedWithTheirTableTime) {
  // GenKey exists on the 608 (115 ms at M0) but this model does not run it yet.
  ASSERT_EQ(b.send(test_support::packet(0x40, 0x04, 0)), BusOutcome::kAck);
  b.scheduler.advance_by(114 * kMillisecond);
  std::vector<uint8_t> r(1);
  EXPECT_EQ(b.bus.read(test_support::kAddress, r), BusOutcome::kAddressNack);
  EXPECT_EQ(b.receive(), test_support::status(0x0F));
}

}  // namespace
}  // namespace kb::sim::atecc608a
