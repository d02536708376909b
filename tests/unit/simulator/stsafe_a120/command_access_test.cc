// Put of the command access conditions (0x29) and host encryption flags (0x2A) (fact sheet 2.5,
// 7.4, 8.3): the one-time provisioning of the reference examples, and its refusals.
#include <gtest/gtest.h>

#include "simulator/bench/bench.h"
#include "tests/test_paths.h"
#include "tests/unit/simulator/stsafe_a120/example_keys.h"

namespace kb::sim::stsafe_a120 {
namespace {

using namespace test_support;

const Bytes kOk = hex("00 00 02 F0 78");

// The records the EX command-AC example writes: 7.4's list plus 0x08.
Bytes recommended_access_conditions() {
  return hex("0C 08 03 0E 03 0F 03 18 03 1B 03 1C 03 1F 11 03 1F 12 03 1F 13 03 1F 14 03 1F 15 03 1F 16 03");
}
Bytes recommended_encryption_flags() {
  return hex("0B 0E 02 0F 01 18 01 1B 02 1C 01 1F 11 02 1F 12 02 1F 13 02 1F 14 01 1F 15 01 1F 16 01");
}

TEST(StsafeCommandAccess, OneTimeProvisioningGivesTheRecommendedTable) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(with_crc(cat({hex("10 29"), recommended_access_conditions()}))), kOk);
  EXPECT_EQ(b.chip.state().command_access.change_rights, 0x01) << "AC change right spent";
  EXPECT_EQ(b.transact(with_crc(cat({hex("10 2A"), recommended_encryption_flags()}))), kOk);
  EXPECT_EQ(b.chip.state().command_access.change_rights, 0x00);
  // The same table the 7.4 fixture describes.
  auto fixture = Bench::from_file(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/stsafe-recommended-ac.json");
  EXPECT_EQ(b.chip.state().command_access, fixture->first<Stsafe>()->state().command_access);
  // And query 0x24 reports it: CR 00, 45 records.
  const Bytes r = b.transact(hex("14 24 9A 90"));
  EXPECT_EQ(Bytes(r.begin() + 3, r.begin() + 5), hex("00 2D"));

  // EX's second run: both puts answer 0x11, nothing changes.
  const auto saved = b.chip.save_state();
  EXPECT_EQ(b.transact(with_crc(cat({hex("10 29"), recommended_access_conditions()}))), error_frame(0x11));
  EXPECT_EQ(b.transact(with_crc(cat({hex("10 2A"), recommended_encryption_flags()}))), error_frame(0x11));
  EXPECT_EQ(b.chip.save_state(), saved);
}

TEST(StsafeCommandAccess, TheTableIsEnforcedAtOnce) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip);
  put_ccm_example_key(b.chip);
  EXPECT_EQ(b.transact(with_crc(cat({hex("1B"), ccm_encrypt_example_payload()})))[0], 0x00);
  EXPECT_EQ(b.transact(with_crc(cat({hex("10 29"), recommended_access_conditions()}))), kOk);
  EXPECT_EQ(b.transact(with_crc(cat({hex("10 2A"), recommended_encryption_flags()}))), kOk);
  EXPECT_EQ(b.transact(with_crc(cat({hex("1B"), ccm_encrypt_example_payload()}))), error_frame(0x11));
  // Protected but not encrypted, although the table wants the command encrypted.
  EXPECT_EQ(host.exchange(b, hex("1B"), ccm_encrypt_example_payload()).status, 0x18);
  const HostChannel::Reply reply = host.exchange(b, hex("1B"), ccm_encrypt_example_payload(), true);
  EXPECT_EQ(reply.status, 0x00);
  EXPECT_EQ(reply.payload, cat({ccm_example_ciphertext(), ccm_example_tag(), hex("00")}));
}

TEST(StsafeCommandAccess, BadPutsChangeNothing) {
  StsafeOnBus b;
  const auto saved = b.chip.save_state();
  const struct {
    const char* name;
    Bytes command;
    uint8_t status;
  } cases[] = {
      {"AC 4 (admin or password)", hex("10 29 01 09 04"), 0x03},
      {"AC 5 (admin or host)", hex("10 29 01 09 05"), 0x03},
      {"code outside the table", hex("10 29 01 03 03"), 0x03},
      {"extended code outside the table", hex("10 29 01 1F 1B 03"), 0x03},
      {"flag bit 2", hex("10 2A 01 1B 04"), 0x03},
      {"fewer records than counted", hex("10 29 02 09 03"), 0x02},
      {"more bytes than counted", hex("10 29 01 09 03 0A"), 0x02},
      {"record cut short", hex("10 29 01 1F 11"), 0x02},
      {"no count", hex("10 2A"), 0x02},
      {"valid record after a bad one", hex("10 29 02 09 07 0A 03"), 0x03},
  };
  for (const auto& c : cases) EXPECT_EQ(b.transact(with_crc(c.command)), error_frame(c.status)) << c.name;
  EXPECT_EQ(b.chip.save_state(), saved);
}

TEST(StsafeCommandAccess, EachTagHasItsOwnChangeRight) {
  StsafeOnBus b;
  CommandAccessTable t = b.chip.state().command_access;
  t.change_rights = kEncryptionFlagsChangeable;
  b.chip.set_command_access(t);
  EXPECT_EQ(b.transact(frame("10 29 01 09 03")), error_frame(0x11));
  EXPECT_EQ(b.transact(frame("10 2A 01 09 02")), kOk);
  EXPECT_EQ(b.chip.state().command_access.find(0x09, std::nullopt)->encryption_flags, 0x02);
  EXPECT_EQ(b.chip.state().command_access.find(0x09, std::nullopt)->access, AccessCondition::kFree);
  EXPECT_EQ(b.chip.state().command_access.change_rights, 0x00);
}

// The table is one banked NVM record: a power cut at any word leaves the old table or the new one.
TEST(StsafeCommandAccess, TornPutLeavesOldOrNewTable) {
  const CommandAccessTable factory;
  bool saw_old = false, saw_new = false;
  for (uint64_t cut = 0;; ++cut) {
    StsafeOnBus b;
    b.chip.nvm().arm_power_cut_after_words(cut);
    ASSERT_EQ(b.write(with_crc(cat({hex("10 29"), recommended_access_conditions()}))), BusOutcome::kAck);
    b.scheduler.advance_by(600 * kMillisecond);
    const bool fired = b.chip.nvm().power_cut_fired();
    b.chip.nvm().clear_power_cut();
    b.chip.power_cycle();
    const CommandAccessTable& t = b.chip.state().command_access;
    const bool is_old = t == factory;
    const bool is_new = t.change_rights == 0x01 && t.find(0x1B, std::nullopt)->access == AccessCondition::kHost &&
                        t.find(0x1F, 0x16)->access == AccessCondition::kHost;
    EXPECT_TRUE(is_old || is_new) << "cut after " << cut;
    saw_old = saw_old || is_old;
    saw_new = saw_new || is_new;
    if (!fired) break;
  }
  EXPECT_TRUE(saw_old && saw_new);
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
