// Device::activity(): the "where" of a fault report. Each device says what it is doing at the
// moment a fault lands, down to the persistent record an NVM write is in.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "simulator/nrf/uicr_names.h"
#include "simulator/stsafe_a120/command_names.h"
#include "simulator/stsafe_a120/state_store.h"
#include "tests/unit/simulator/nrf/nrf_model_harness.h"
#include "tests/unit/simulator/stsafe_a120/stsafe_harness.h"

namespace kb::sim {
namespace {

using stsafe_a120::test_support::frame;
using stsafe_a120::test_support::StsafeOnBus;

// Write Host Key V2 Plaintext, AES-128 (fact sheet 2.2 ext 0x07): the first rewrite after the
// factory image goes to bank B, commit word last.
std::vector<uint8_t> host_key_write() {
  return frame("1F 07 00 00 00 00" + std::string(64, 'E'));
}

TEST(StsafeActivity, NamesTheCommandFromReceiptToCompletion) {
  StsafeOnBus b;
  EXPECT_EQ(b.chip.activity(), "");
  ASSERT_EQ(b.write(frame("00 01 02")), BusOutcome::kAck);
  EXPECT_EQ(b.chip.activity(), "Echo (0x00)");
  b.read_response();
  EXPECT_EQ(b.chip.activity(), "");
}

TEST(StsafeActivity, NamesTheRecordEachNvmWordBelongsTo) {
  StsafeOnBus b;
  std::vector<std::string> seen;
  b.chip.nvm().set_write_hook([&](const NvmWrite&) {
    seen.push_back(b.chip.activity());
    return NvmWriteVerdict::kLand;
  });
  ASSERT_EQ(b.write(host_key_write()), BusOutcome::kAck);
  b.read_response();
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.front(), "Write Host Key V2 Plaintext (0x1F 0x07) / host key bank B");
  EXPECT_EQ(seen.back(), "Write Host Key V2 Plaintext (0x1F 0x07) / host key bank B commit word");
}

TEST(StsafeActivity, KeepsTheTornWriteUntilPowerCycle) {
  StsafeOnBus b;
  b.chip.nvm().arm_power_cut_after_words(2);
  ASSERT_EQ(b.write(host_key_write()), BusOutcome::kAck);
  b.scheduler.advance_by(600 * kMillisecond);
  ASSERT_TRUE(b.chip.nvm().power_cut_fired());
  EXPECT_EQ(b.chip.activity(), "Write Host Key V2 Plaintext (0x1F 0x07) / host key bank B");
  b.chip.power_cycle();
  EXPECT_EQ(b.chip.activity(), "");
}

TEST(StsafeActivity, HookCutTearsLikeAnArmedCut) {
  StsafeOnBus b;
  const auto before = b.chip.state().host_key;
  int words = 0;
  b.chip.nvm().set_write_hook(
      [&](const NvmWrite&) { return ++words == 5 ? NvmWriteVerdict::kCutPower : NvmWriteVerdict::kLand; });
  ASSERT_EQ(b.write(host_key_write()), BusOutcome::kAck);
  b.scheduler.advance_by(600 * kMillisecond);
  EXPECT_TRUE(b.chip.nvm().power_cut_fired());
  EXPECT_FALSE(b.chip.has_response()) << "a command cut by power loss is never answered";
  EXPECT_EQ(b.chip.state().host_key, before) << "cut before the commit word: the old key stays";
}

TEST(StsafeRecordNames, FollowTheStateStoreLayout) {
  using stsafe_a120::nvm_record_name;
  EXPECT_EQ(nvm_record_name(0x000), "host key bank A commit word");
  EXPECT_EQ(nvm_record_name(0x008), "host key bank A");
  EXPECT_EQ(nvm_record_name(0x050), "host key bank B commit word");
  EXPECT_EQ(nvm_record_name(0x09C), "host key bank B");
  EXPECT_EQ(nvm_record_name(0x0A0), "host key control fields");
  EXPECT_EQ(nvm_record_name(0x0A4), "life cycle");
  EXPECT_EQ(nvm_record_name(0x0C8), "symmetric slot 2 control");
  EXPECT_EQ(nvm_record_name(0x244), "command access table bank B");
  // Slot 2, bank B: 0x280 + (2 * 2 + 1) * 48 = 0x370.
  EXPECT_EQ(nvm_record_name(0x370), "symmetric key slot 2 bank B commit word");
  EXPECT_EQ(nvm_record_name(0xFFC), "unused");
}

TEST(StsafeCommandNames, StandardExtendedAndUnnamed) {
  using stsafe_a120::describe_command;
  EXPECT_EQ(describe_command(0x10, std::nullopt), "Put Attribute (0x10)");
  EXPECT_EQ(describe_command(0x1C, std::nullopt), "Decrypt (0x1C)");
  EXPECT_EQ(describe_command(0x1F, 0x19), "Erase Symmetric Key Slot (0x1F 0x19)");
  EXPECT_EQ(describe_command(0x1F, 0x0C), "command 0x1F 0x0C");
  EXPECT_EQ(describe_command(0x1D, std::nullopt), "command 0x1D");
}

TEST(NrfActivity, NamesTheLastNvmcWriteUntilPowerCycle) {
  using namespace kb::test::nrf_model;  // NOLINT: test-local
  Harness h;
  EXPECT_EQ(h.chip.activity(), "");
  h.program(kUicrBase + kUicrOtpBegin, 0xFFFF0000u);
  EXPECT_EQ(h.chip.activity(), "NVMC write 0xFFFF0000 to UICR+0x0100 (BL_STORAGE lifecycle word 0)");
  h.chip.power_cycle();
  EXPECT_EQ(h.chip.activity(), "");
}

TEST(NrfActivity, NamesTheTornIdentityKeyWord) {
  using namespace kb::test::nrf_model;  // NOLINT: test-local
  Harness h;
  h.chip.arm_power_cut_after_words(2);
  h.write_slot(6, 0xFFFFFFFFu, 0xFFFFFFFAu, {0x11111111u, 0x22222222u, 0x33333333u, 0x44444444u});
  ASSERT_FALSE(h.chip.powered());
  // Slot 6 VALUE[2]: 0x800 + 16 * 6 + 8 = 0x868 (fact sheet §1.3).
  EXPECT_EQ(h.chip.activity(), "NVMC write 0x33333333 to UICR+0x0868 (KMU slot 6 VALUE[2], identity key)");
}

TEST(NrfUicrNames, ReservedSlotsAndBootloaderStorage) {
  using kb::sim::nrf::uicr_word_name;
  EXPECT_EQ(uicr_word_name(0x000), "APPROTECT");
  EXPECT_EQ(uicr_word_name(0x104), "BL_STORAGE lifecycle word 1");
  EXPECT_EQ(uicr_word_name(0x108), "BL_STORAGE implementation_id word 0");
  EXPECT_EQ(uicr_word_name(0x200), "OTP[64]");
  EXPECT_EQ(uicr_word_name(0x414), "KMU slot 2 PERM, MKEK");
  EXPECT_EQ(uicr_word_name(0x900), "KMU slot 16 VALUE[0]");
  EXPECT_EQ(uicr_word_name(0x010), "");
}

}  // namespace
}  // namespace kb::sim
