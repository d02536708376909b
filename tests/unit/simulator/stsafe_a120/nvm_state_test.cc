// Persistent state goes through Nvm::program, and a power cut at any word of a host key write
// leaves either the old key or the new one, never a mix.
#include <gtest/gtest.h>

#include "tests/unit/simulator/stsafe_a120/stsafe_harness.h"

namespace kb::sim::stsafe_a120 {
namespace {

using test_support::frame;
using test_support::hex;
using test_support::StsafeOnBus;

TEST(StsafeNvm, CommandsWriteThroughTheNvm) {
  StsafeOnBus b;
  const uint64_t before = b.chip.nvm().program_operations();
  EXPECT_EQ(b.transact(hex("10 4A 07 FF 08 03")), hex("00 00 02 F0 78"));
  EXPECT_GT(b.chip.nvm().program_operations(), before);
  // The decoded state is read back from the NVM, not kept beside it.
  EXPECT_EQ(b.chip.nvm().byte(0x0A0), 0x07);
  EXPECT_EQ(b.chip.nvm().byte(0x0A1), 0xFF);
}

TEST(StsafeNvm, QueriesDoNotWrite) {
  StsafeOnBus b;
  const uint64_t before = b.chip.nvm().program_operations();
  b.transact(hex("14 11 FC BE"));
  b.transact(hex("14 24 9A 90"));
  EXPECT_EQ(b.chip.nvm().program_operations(), before);
}

TEST(StsafeNvm, HostKeyRewriteIsAtomicAgainstPowerCuts) {
  const HostKeySlot old_key{true, HostKeyType::kAes128, hex(std::string(32, 'A')), hex(std::string(32, 'B')), 9};
  const HostKeySlot older_key{true, HostKeyType::kAes256, hex(std::string(64, '1')), hex(std::string(64, '2')), 3};
  const HostKeySlot new_key{true, HostKeyType::kAes256, hex(std::string(64, 'C')), hex(std::string(64, 'D')), 0};
  const auto wire = frame("1F 07 00 00 00 01 " + std::string(64, 'C') + std::string(64, 'D'));
  bool saw_old = false, saw_new = false;
  for (uint64_t cut = 0; cut < 40; ++cut) {
    StsafeOnBus b;
    HostKeyControl c;
    c.reprovision = true;
    b.chip.set_host_key_control(c);
    // Two writes first, so the cut lands on a bank that already holds an older, third record
    // whose bytes would show through a torn write.
    b.chip.set_host_key(older_key);
    b.chip.set_host_key(old_key);
    b.chip.nvm().arm_power_cut_after_words(cut);
    ASSERT_EQ(b.write(wire), BusOutcome::kAck);
    b.scheduler.advance_by(600 * kMillisecond);
    const bool fired = b.chip.nvm().power_cut_fired();
    b.chip.nvm().clear_power_cut();
    b.chip.power_cycle();
    const HostKeySlot& k = b.chip.state().host_key;
    EXPECT_TRUE(k == old_key || k == new_key) << "cut after " << cut << " words";
    if (fired) {
      EXPECT_FALSE(b.chip.has_response()) << "a command cut by power loss is never answered";
    }
    saw_old = saw_old || k == old_key;
    saw_new = saw_new || k == new_key;
  }
  EXPECT_TRUE(saw_old);
  EXPECT_TRUE(saw_new);
}

TEST(StsafeNvm, PowerCycleReloadsFromTheNvm) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(frame("1F 07 00 00 00 00" + std::string(64, 'E'))), hex("00 00 02 F0 78"));
  const State before = b.chip.state();
  b.chip.power_cycle();
  EXPECT_EQ(b.chip.state(), before);
  EXPECT_TRUE(b.chip.state().host_key.present);
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
