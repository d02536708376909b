// SHA (0x47) start/update/end across wake-idle cycles, pinned to the FIPS 180-2 SHA-256 examples.
#include <gtest/gtest.h>

#include <string>

#include "tests/unit/simulator/atecc608a/atecc_harness.h"

namespace kb::sim::atecc608a {
namespace {

using test_support::AteccOnBus;
using test_support::hex;

constexpr uint8_t kOk = 0x00;
constexpr uint8_t kParse = 0x03;
constexpr uint8_t kRefused = 0x0F;

std::vector<uint8_t> bytes(const std::string& s) {
  return {s.begin(), s.end()};
}

// Start, one Update per whole 64-byte block, End with the rest: cryptoauthlib's hw_sha2_256.
std::vector<uint8_t> chip_sha256(AteccOnBus& b, const std::vector<uint8_t>& message, uint8_t end_mode = 0x02) {
  EXPECT_EQ(b.status_of(0x47, 0x00, 0), kOk);
  size_t at = 0;
  for (; at + 64 <= message.size(); at += 64) {
    EXPECT_EQ(b.status_of(0x47, 0x01, 64,
                          {message.begin() + static_cast<std::ptrdiff_t>(at),
                           message.begin() + static_cast<std::ptrdiff_t>(at + 64)}),
              kOk);
  }
  const std::vector<uint8_t> rest(message.begin() + static_cast<std::ptrdiff_t>(at), message.end());
  return b.payload(0x47, end_mode, static_cast<uint16_t>(rest.size()), rest);
}

class AteccSha : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(b.wake(), hex("04 11 33 43"));
    b.cycle_each_command = true;  // every command its own wake ... idle, like cryptoauthlib
  }
  AteccOnBus b;
};

TEST_F(AteccSha, FipsExamples) {
  EXPECT_EQ(chip_sha256(b, bytes("abc")), hex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"));
  EXPECT_EQ(chip_sha256(b, bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            hex("248D6A61D20638B8E5C026930C3E6039A33CE45964FF2167F6ECEDD419DB06C1"));
}

TEST_F(AteccSha, OneMillionAs) {
  EXPECT_EQ(chip_sha256(b, std::vector<uint8_t>(1000000, 'a')),
            hex("CDC76E5C9914FB9281A1C7E284D73E67F1809A48A497200E046D39CCC7112CD0"));
}

TEST_F(AteccSha, DigestTargets) {
  const std::vector<uint8_t> abc = hex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
  ASSERT_EQ(chip_sha256(b, bytes("abc"), 0x02), abc);
  EXPECT_TRUE(std::equal(abc.begin(), abc.end(), b.chip.volatile_state().temp_key.value.begin()));
  ASSERT_EQ(chip_sha256(b, bytes("abc"), 0x42), abc);
  EXPECT_TRUE(b.chip.volatile_state().message_digest_buffer_valid);
  EXPECT_EQ(b.chip.volatile_state().message_digest_buffer[0], 0xBA);
}

TEST_F(AteccSha, SleepLosesTheContext) {
  ASSERT_EQ(b.status_of(0x47, 0x00, 0), kOk);
  ASSERT_EQ(b.wake().size(), 4u);
  ASSERT_EQ(b.sleep(), BusOutcome::kAck);
  EXPECT_EQ(b.status_of(0x47, 0x02, 3, bytes("abc")), kRefused) << "no SHA context after sleep";
  EXPECT_EQ(b.status_of(0x47, 0x01, 64, std::vector<uint8_t>(64, 0)), kRefused);
}

TEST_F(AteccSha, ParameterValidation) {
  EXPECT_EQ(b.status_of(0x47, 0x00, 0, hex("00")), kParse) << "Start takes no data";
  ASSERT_EQ(b.status_of(0x47, 0x00, 0), kOk);
  EXPECT_EQ(b.status_of(0x47, 0x01, 64, std::vector<uint8_t>(63, 0)), kParse) << "Update takes exactly 64";
  EXPECT_EQ(b.status_of(0x47, 0x01, 63, std::vector<uint8_t>(64, 0)), kParse);
  EXPECT_EQ(b.status_of(0x47, 0x02, 4, bytes("abc")), kParse) << "Param2 is the length";
  EXPECT_EQ(b.status_of(0x47, 0x82, 3, bytes("abc")), kParse) << "target 0x80";
  EXPECT_EQ(b.status_of(0x47, 0x0A, 0), kParse) << "bit 3";
  EXPECT_EQ(b.status_of(0x47, 0x04, 0), kRefused) << "an HMAC key slot needs the data lock";
  EXPECT_EQ(b.payload(0x47, 0xC2, 3, bytes("abc")),
            hex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"))
      << "the context survived the refused packets";
}

}  // namespace
}  // namespace kb::sim::atecc608a
