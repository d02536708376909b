// The DER length reader the device authentication application sizes a certificate with (X.690
// 8.1.3): short and long forms, and everything that is not a minimal definite-length SEQUENCE.
#include "firmware/device_authentication/der_length.h"

#include <gtest/gtest.h>

#include <vector>

namespace kb::fw {
namespace {

std::optional<size_t> size_of(std::vector<uint8_t> header) {
  return der_sequence_size(header);
}

TEST(DerLength, DefiniteForms) {
  EXPECT_EQ(size_of({0x30, 0x00}), 2u);
  EXPECT_EQ(size_of({0x30, 0x7F}), 2u + 0x7F);
  EXPECT_EQ(size_of({0x30, 0x81, 0x80}), 3u + 0x80);
  EXPECT_EQ(size_of({0x30, 0x81, 0xFF}), 3u + 0xFF);
  // The form of every certificate STSELib reads: 30 82 LL LL, size LL LL + 4.
  EXPECT_EQ(size_of({0x30, 0x82, 0x01, 0xB3, 0x30}), 0x1B3u + 4);
  EXPECT_EQ(size_of({0x30, 0x82, 0x01, 0x00}), 0x100u + 4);
  EXPECT_EQ(size_of({0x30, 0x83, 0x01, 0x00, 0x00}), 0x10000u + 5);
}

TEST(DerLength, RefusesWhatIsNotAMinimalSequence) {
  EXPECT_FALSE(size_of({}));
  EXPECT_FALSE(size_of({0x30}));
  EXPECT_FALSE(size_of({0x00, 0x00, 0x00, 0x00, 0x00})) << "an erased zone";
  EXPECT_FALSE(size_of({0xFF, 0xFF, 0xFF, 0xFF, 0xFF}));
  EXPECT_FALSE(size_of({0x31, 0x82, 0x01, 0xB3})) << "a SET, not a SEQUENCE";
  EXPECT_FALSE(size_of({0x30, 0x80})) << "indefinite length is BER only";
  EXPECT_FALSE(size_of({0x30, 0x81, 0x7F})) << "long form for a short length";
  EXPECT_FALSE(size_of({0x30, 0x82, 0x00, 0xFF})) << "a leading zero length byte";
  EXPECT_FALSE(size_of({0x30, 0x84, 0x01, 0x00, 0x00, 0x00})) << "four length bytes";
  EXPECT_FALSE(size_of({0x30, 0x82, 0x01})) << "cut short";
}

}  // namespace
}  // namespace kb::fw
