// Payload decoders of the Query command (fact sheet 2.3 / 2.5 "Query"), on bytes without a bus.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/stsafe/commands/query.h"
#include "tests/unit/core/stsafe/scripted_stsafe.h"

namespace kb::core::stsafe::commands {
namespace {

using test::Bytes;
using test::hex;
using ::testing::ElementsAre;

TEST(ParseProductData, MaskIdFromFirstTlv) {
  // Fact sheet 6.2 trace: product data starts `01 03 00 60 0B`; a second TLV follows.
  auto data = parse_product_data(hex("01 03 00 60 0B 03 02 02 F3"));
  ASSERT_TRUE(data.ok());
  EXPECT_THAT(data->mask_id, ElementsAre(0x00, 0x60, 0x0B));
  EXPECT_EQ(data->mask_number, 0x600B);
  EXPECT_EQ(data->reported_length, 9);
  EXPECT_THAT(data->find(0x03), ElementsAre(0x02, 0xF3));
}

TEST(ParseProductData, FirstTlvMustBeTheMaskId) {
  EXPECT_EQ(parse_product_data(hex("02 03 00 60 0B")).status(), Status(Code::kResponseMalformed));
  EXPECT_EQ(parse_product_data(hex("01 02 00 60 0B")).status(), Status(Code::kResponseMalformed));
  EXPECT_EQ(parse_product_data(hex("01 03 00 60")).status(), Status(Code::kResponseTruncated));
}

TEST(ParseProductData, LongAnswerIsKeptUpToTheBuffer) {
  Bytes payload = hex("01 03 00 60 0B");
  payload.resize(kMaxProductDataBytes + 20, 0x77);
  auto data = parse_product_data(payload);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(data->tlvs_length, kMaxProductDataBytes);
  EXPECT_EQ(data->reported_length, kMaxProductDataBytes + 20);
}

// Fact sheet 2.5 tag 0x24: `CR | count | records`, record = `code [ext] | AC | flags`.
TEST(ParseCommandAccessTable, StandardAndExtendedRecords) {
  auto table = parse_command_access_table(hex("03 04  00 01 00  08 03 00  1F 11 03 02  1F 14 03 01"));
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->change_rights, 0x03);
  ASSERT_EQ(table->count, 4);
  EXPECT_EQ(table->records[0].code, 0x00);
  EXPECT_EQ(table->records[0].access, AccessCondition::kFree);
  EXPECT_EQ(table->records[1].code, 0x08);
  EXPECT_EQ(table->records[1].access, AccessCondition::kHost);
  EXPECT_EQ(table->records[2].code, 0x1F);
  EXPECT_EQ(table->records[2].extended_code, 0x11);
  EXPECT_TRUE(table->records[2].command_encrypted);
  EXPECT_FALSE(table->records[2].response_encrypted);
  EXPECT_EQ(table->records[3].extended_code, 0x14);
  EXPECT_FALSE(table->records[3].command_encrypted);
  EXPECT_TRUE(table->records[3].response_encrypted);
}

TEST(ParseCommandAccessTable, MissingRecordBytesAreTruncated) {
  EXPECT_EQ(parse_command_access_table(hex("03 02 00 01 00 1F 11 03")).status(), Status(Code::kResponseTruncated));
  EXPECT_EQ(parse_command_access_table(hex("03")).status(), Status(Code::kResponseTruncated));
}

TEST(ParseCommandAccessTable, MoreRecordsThanTheTableHolds) {
  Bytes payload = {0x03, static_cast<uint8_t>(kMaxCommandAccessRecords + 1)};
  for (size_t i = 0; i <= kMaxCommandAccessRecords; ++i) test::append(payload, {0x00, 0x01, 0x00});
  EXPECT_EQ(parse_command_access_table(payload).status(), Status(Code::kBufferTooSmall));
}

// Fact sheet 2.5 tag 0x47: `presence | key type | C-MAC counter (4, BE)`.
TEST(ParseHostKeySlot, PresentAes256WithCounter) {
  auto slot = parse_host_key_slot(hex("01 01 00 01 02 03"));
  ASSERT_TRUE(slot.ok());
  EXPECT_TRUE(slot->present);
  EXPECT_EQ(slot->type, HostKeyType::kAes256);
  EXPECT_EQ(slot->cmac_counter, 0x00010203u);
}

TEST(ParseHostKeySlot, EmptySlotIgnoresTypeAndPresentUnknownTypeIsMalformed) {
  auto empty = parse_host_key_slot(hex("00 FF 00 00 00 00"));
  ASSERT_TRUE(empty.ok());
  EXPECT_FALSE(empty->present);
  EXPECT_EQ(parse_host_key_slot(hex("01 02 00 00 00 00")).status(), Status(Code::kResponseMalformed));
  EXPECT_EQ(parse_host_key_slot(hex("01 00 00 00 00")).status(), Status(Code::kResponseTruncated));
}

// Fact sheet 7.2: a fresh SPL05 answers `10` + 16 × `00` (16 empty slots).
TEST(ParseSymmetricKeyTable, FreshDeviceHasSixteenEmptySlots) {
  Bytes payload = {0x10};
  payload.resize(17, 0x00);
  auto table = parse_symmetric_key_table(payload);
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->count, 16);
  for (size_t i = 0; i < 16; ++i) EXPECT_FALSE(table->slots[i].present) << i;
}

// Record layouts of fact sheet 2.3 tag 0x23; key info values of the EX examples (2.8, 7.2, 7.3).
TEST(ParseSymmetricKeyTable, FilledSlotsOfEachMode) {
  const Bytes payload =
      hex("06"
          "00"                                // slot 0 empty
          "01 00 01 00 03 02"                 // slot 1: present, AES-128 CMAC, MAC gen+verify, min MAC 2
          "03 01 00 00 0C 04 85 00 00 00 07"  // slot 2: locked, AES-256 CCM, enc+dec, tag 4, counter at 5 = 7
          "05 01 03 00 0C 10"                 // slot 3: erasable, AES-256 GCM, tag 16
          "01 00 02 00 0C"                    // slot 4: AES-128 ECB, no parameters
          "01 01 00 00 0C 08 04"              // slot 5: CCM without counter
      );
  auto table = parse_symmetric_key_table(payload);
  ASSERT_TRUE(table.ok());
  ASSERT_EQ(table->count, 6);
  EXPECT_FALSE(table->slots[0].present);

  const auto& cmac = table->slots[1];
  EXPECT_TRUE(cmac.present);
  EXPECT_EQ(cmac.lock, LockIndicator::kUnlocked);
  EXPECT_EQ(cmac.key_type, SymmetricKeyType::kAes128);
  EXPECT_EQ(cmac.mode, ModeOfOperation::kCmac);
  EXPECT_EQ(cmac.usage, key_usage::kMacGeneration | key_usage::kMacVerification);
  EXPECT_EQ(cmac.min_mac_length, 2);

  const auto& ccm = table->slots[2];
  EXPECT_EQ(ccm.lock, LockIndicator::kLocked);
  EXPECT_EQ(ccm.key_type, SymmetricKeyType::kAes256);
  EXPECT_EQ(ccm.mode, ModeOfOperation::kCcm);
  EXPECT_EQ(ccm.usage, key_usage::kEncryption | key_usage::kDecryption);
  EXPECT_EQ(ccm.tag_length, 4);
  EXPECT_TRUE(ccm.counter_present);
  EXPECT_EQ(ccm.counter_offset, 5);
  EXPECT_EQ(ccm.counter, 7u);

  const auto& gcm = table->slots[3];
  EXPECT_EQ(gcm.lock, LockIndicator::kErasable);
  EXPECT_EQ(gcm.mode, ModeOfOperation::kGcm);
  EXPECT_EQ(gcm.tag_length, 16);

  EXPECT_EQ(table->slots[4].mode, ModeOfOperation::kEcb);

  const auto& ccm_plain = table->slots[5];
  EXPECT_EQ(ccm_plain.tag_length, 8);
  EXPECT_FALSE(ccm_plain.counter_present);
  EXPECT_EQ(ccm_plain.counter_offset, 4);
}

TEST(ParseSymmetricKeyTable, BrokenRecords) {
  // CCM record announces a counter but stops after two of its four bytes.
  EXPECT_EQ(parse_symmetric_key_table(hex("01 01 01 00 00 0C 04 85 00 00")).status(), Status(Code::kResponseTruncated));
  // Two slots announced, one sent.
  EXPECT_EQ(parse_symmetric_key_table(hex("02 00")).status(), Status(Code::kResponseTruncated));
  // Mode 9 does not exist, so the record's length is unknown.
  EXPECT_EQ(parse_symmetric_key_table(hex("01 01 00 09 00 03")).status(), Status(Code::kResponseMalformed));
  Bytes too_many = {static_cast<uint8_t>(kMaxSymmetricKeySlots + 1)};
  too_many.resize(kMaxSymmetricKeySlots + 2, 0x00);
  EXPECT_EQ(parse_symmetric_key_table(too_many).status(), Status(Code::kBufferTooSmall));
}

}  // namespace
}  // namespace kb::core::stsafe::commands
