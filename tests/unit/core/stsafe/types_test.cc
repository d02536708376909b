#include "core/stsafe/types.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>

namespace kb::core::stsafe {
namespace {

using ::testing::ElementsAre;

TEST(HostKeyControlFields, AllSixteenCombinationsRoundTrip) {
  for (unsigned bits = 0; bits < 16; ++bits) {
    HostKeyControlFields f;
    f.wrapped_anonymous = (bits & 1u) != 0;
    f.plaintext = (bits & 2u) != 0;
    f.reprovision = (bits & 4u) != 0;
    f.change_right = (bits & 8u) != 0;
    f.authentication_key_slot = static_cast<uint8_t>(0xF0 + bits);
    const auto encoded = f.encode();
    EXPECT_EQ(encoded[0], bits) << "combination " << bits;
    EXPECT_EQ(encoded[1], 0xF0 + bits);
    EXPECT_EQ(HostKeyControlFields::decode(encoded), f) << "combination " << bits;
  }
}

// Fact sheet 2.6 (verified): change right 0, reprovision 1, plaintext 1, wrapped anonymous 1,
// key 0xFF ↔ `07 FF`.
TEST(HostKeyControlFields, FactSheetPutValue) {
  const std::array<uint8_t, 2> bytes = {0x07, 0xFF};
  const auto f = HostKeyControlFields::decode(bytes);
  EXPECT_FALSE(f.change_right);
  EXPECT_TRUE(f.reprovision);
  EXPECT_TRUE(f.plaintext);
  EXPECT_TRUE(f.wrapped_anonymous);
  EXPECT_EQ(f.authentication_key_slot, 0xFF);
  EXPECT_THAT(f.encode(), ElementsAre(0x07, 0xFF));
}

// Fact sheet 2.6 / 8 #4: factory value `0A FF` = change right, plaintext, nothing else.
TEST(HostKeyControlFields, FactSheetFactoryValue) {
  const std::array<uint8_t, 2> bytes = {0x0A, 0xFF};
  const auto f = HostKeyControlFields::decode(bytes);
  EXPECT_TRUE(f.change_right);
  EXPECT_FALSE(f.reprovision);
  EXPECT_TRUE(f.plaintext);
  EXPECT_FALSE(f.wrapped_anonymous);
  EXPECT_EQ(f.authentication_key_slot, 0xFF);
}

TEST(HostKeyControlFields, FillerBitsAreIgnored) {
  const std::array<uint8_t, 2> bytes = {0xF2, 0x05};
  const auto f = HostKeyControlFields::decode(bytes);
  EXPECT_THAT(f.encode(), ElementsAre(0x02, 0x05));
}

TEST(SymmetricSlotControlFields, AllSixtyFourCombinationsRoundTrip) {
  for (unsigned bits = 0; bits < 64; ++bits) {
    SymmetricSlotControlFields f;
    f.ecdhe_anonymous = (bits & 1u) != 0;
    f.wrapped_anonymous = (bits & 2u) != 0;
    f.put_key = (bits & 4u) != 0;
    f.change_right = (bits & 8u) != 0;
    f.plaintext = (bits & 16u) != 0;
    f.derived = (bits & 32u) != 0;
    f.wrapped_authentication_key = static_cast<uint8_t>(bits);
    f.ecdhe_authentication_key = static_cast<uint8_t>(0xFF - bits);
    const auto encoded = f.encode();
    EXPECT_EQ(encoded[0], bits);
    EXPECT_EQ(SymmetricSlotControlFields::decode(encoded), f) << "combination " << bits;
  }
}

// Fact sheet 2.7: the EX example writes `03 FF FF` (ECDHE anonymous + wrapped anonymous, change
// right cleared); a fresh SPL05 slot reads `08 FF FF` (change right only).
TEST(SymmetricSlotControlFields, FactSheetValues) {
  const std::array<uint8_t, 3> example = {0x03, 0xFF, 0xFF};
  const auto ex = SymmetricSlotControlFields::decode(example);
  EXPECT_TRUE(ex.ecdhe_anonymous);
  EXPECT_TRUE(ex.wrapped_anonymous);
  EXPECT_FALSE(ex.put_key);
  EXPECT_FALSE(ex.change_right);
  EXPECT_FALSE(ex.plaintext);
  EXPECT_FALSE(ex.derived);
  EXPECT_EQ(ex.wrapped_authentication_key, 0xFF);
  EXPECT_EQ(ex.ecdhe_authentication_key, 0xFF);

  SymmetricSlotControlFields fresh;
  fresh.change_right = true;
  EXPECT_THAT(fresh.encode(), ElementsAre(0x08, 0xFF, 0xFF));
}

TEST(HostKeyType, KeyLengths) {
  EXPECT_EQ(host_key_length(HostKeyType::kAes128), 16u);
  EXPECT_EQ(host_key_length(HostKeyType::kAes256), 32u);
}

TEST(ProductData, FindWalksTheKeptTlvs) {
  ProductData data;
  const uint8_t tlvs[] = {0x01, 0x03, 0x00, 0x60, 0x0B, 0x03, 0x02, 0x02, 0xF3, 0x07, 0x05, 0x01};
  std::copy(std::begin(tlvs), std::end(tlvs), data.tlvs.begin());
  data.tlvs_length = sizeof(tlvs) - 1;  // the last TLV is cut short and must not be returned
  EXPECT_THAT(data.find(0x03), ElementsAre(0x02, 0xF3));
  EXPECT_THAT(data.find(0x01), ElementsAre(0x00, 0x60, 0x0B));
  EXPECT_TRUE(data.find(0x07).empty());
  EXPECT_TRUE(data.find(0x05).empty());
}

TEST(CommandAccessTable, FindDistinguishesExtendedCodes) {
  CommandAccessTable table;
  table.count = 3;
  table.records[0] = {0x00, 0x00, AccessCondition::kFree, false, false};
  table.records[1] = {0x1F, 0x07, AccessCondition::kHost, true, false};
  table.records[2] = {0x1F, 0x09, AccessCondition::kNever, false, true};
  ASSERT_NE(table.find(0x1F, 0x09), nullptr);
  EXPECT_EQ(table.find(0x1F, 0x09)->access, AccessCondition::kNever);
  EXPECT_EQ(table.find(0x1F, 0x07)->access, AccessCondition::kHost);
  EXPECT_EQ(table.find(0x1F, 0x08), nullptr);
  EXPECT_EQ(table.find(0x02), nullptr);
  ASSERT_NE(table.find(0x00), nullptr);
}

TEST(CommandAccessTable, ChangeRightsBits) {
  CommandAccessTable table;
  table.change_rights = 0x02;
  EXPECT_TRUE(table.access_conditions_changeable());
  EXPECT_FALSE(table.encryption_flags_changeable());
  table.change_rights = 0x01;
  EXPECT_FALSE(table.access_conditions_changeable());
  EXPECT_TRUE(table.encryption_flags_changeable());
}

}  // namespace
}  // namespace kb::core::stsafe
