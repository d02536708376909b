// The host key provisioning application on the simulated STSAFE-A120, end to end: the firmware
// function, the host library, the bus and the model, as `keybench run host-key-provisioning` runs them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "firmware/host_key_provisioning/host_key_provisioning.h"
#include "tests/flows/flow_fixture.h"

namespace kb::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

core::Status run(SimRun& r) {
  fw::HostKeyProvisioningOptions o;
  o.address7 = r.target->stsafe_address();
  return fw::run_host_key_provisioning(r.target->platform(), o);
}

TEST(HostKeyProvisioningFlow, FreshChipIsOpenedAndProvisioned) {
  SimRun r;
  core::Status s = run(r);
  ASSERT_TRUE(s.ok()) << r.console.text();
  const std::string& out = r.console.text();
  // Lines of the reference example's terminal output (seed 000).
  EXPECT_THAT(out, HasSubstr(" - Initialize target STSAFE-A120"));
  EXPECT_THAT(out, HasSubstr("  0x00 0x11 0x22 0x33 0x44 0x55 0x66 0x77 0x88 0x99 0xAA 0xBB 0xCC 0xDD 0xEE 0xFF\n"));
  EXPECT_THAT(out, HasSubstr("  0x01 0x23 0x45 0x67 0x89 0xAB 0xCD 0xEF 0x01 0x23 0x45 0x67 0x89 0xAB 0xCD 0xEF\n"));
  EXPECT_THAT(out, HasSubstr("\t  YES      |     NO       |    YES    |        NO         |            0xFF\n"));
  EXPECT_THAT(out, HasSubstr("/!\\ W A R N I N G /!\\"));
  EXPECT_THAT(out, HasSubstr(" - Open host key slot to re-provisioning"));
  EXPECT_THAT(out, HasSubstr(" - stse_host_key_provisioning : PASS"));

  nlohmann::json st = r.device_state();
  EXPECT_TRUE(st["host_key"]["present"].get<bool>());
  EXPECT_EQ(st["host_key"]["type"], "aes128");
  EXPECT_EQ(st["host_key"]["mac_key"], "00112233445566778899AABBCCDDEEFF");
  EXPECT_EQ(st["host_key"]["cipher_key"], "0123456789ABCDEF0123456789ABCDEF");
  // The fields the reference leaves behind: change right off, re-provision, plaintext and wrapped on.
  EXPECT_FALSE(st["host_key_control"]["change_right"].get<bool>());
  EXPECT_TRUE(st["host_key_control"]["reprovision"].get<bool>());
  EXPECT_TRUE(st["host_key_control"]["plaintext"].get<bool>());
  EXPECT_TRUE(st["host_key_control"]["wrapped_anonymous"].get<bool>());
}

TEST(HostKeyProvisioningFlow, SecondRunFindsFieldsAlreadySetAndRewrites) {
  SimRun r;
  ASSERT_TRUE(run(r).ok());
  r.console.clear();
  core::Status s = run(r);
  ASSERT_TRUE(s.ok()) << r.console.text();
  EXPECT_THAT(r.console.text(),
              HasSubstr("\t  NO       |     YES      |    YES    |        YES        |            0xFF\n"));
  EXPECT_THAT(r.console.text(), HasSubstr(" - Host key provisioning control fields already set"));
  EXPECT_THAT(r.console.text(), Not(HasSubstr("Open host key slot")));
  EXPECT_THAT(r.console.text(), HasSubstr(" - stse_host_key_provisioning : PASS"));
}

TEST(HostKeyProvisioningFlow, LockedSlotIsReportedAndNothingIsWritten) {
  SimRun r("stsafe-host-key-locked.json");
  nlohmann::json before = r.device_state();
  core::Status s = run(r);
  EXPECT_EQ(s.code(), core::Code::kRefused);
  EXPECT_THAT(r.console.text(), HasSubstr("locked"));
  EXPECT_THAT(r.console.text(), Not(HasSubstr("PASS")));
  EXPECT_EQ(r.device_state(), before);
}

TEST(HostKeyProvisioningFlow, ChipWithKeysAlreadyWrittenIsReprovisioned) {
  SimRun r("stsafe-keys-written.json");
  const uint8_t mac[16] = {0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7,
                           0xA8, 0xA9, 0xAA, 0xAB, 0xAC, 0xAD, 0xAE, 0xAF};
  fw::HostKeyProvisioningOptions o;
  o.mac_key = mac;
  o.cipher_key = mac;
  ASSERT_TRUE(fw::run_host_key_provisioning(r.target->platform(), o).ok()) << r.console.text();
  EXPECT_EQ(r.device_state()["host_key"]["mac_key"], "A0A1A2A3A4A5A6A7A8A9AAABACADAEAF");
}

TEST(HostKeyProvisioningFlow, Aes256KeysAreWrittenWhole) {
  SimRun r;
  uint8_t mac[32], cipher[32];
  for (int i = 0; i < 32; ++i) {
    mac[i] = static_cast<uint8_t>(i);
    cipher[i] = static_cast<uint8_t>(0xFF - i);
  }
  fw::HostKeyProvisioningOptions o;
  o.key_type = core::stsafe::HostKeyType::kAes256;
  o.mac_key = mac;
  o.cipher_key = cipher;
  ASSERT_TRUE(fw::run_host_key_provisioning(r.target->platform(), o).ok()) << r.console.text();
  nlohmann::json st = r.device_state();
  EXPECT_EQ(st["host_key"]["type"], "aes256");
  EXPECT_EQ(st["host_key"]["mac_key"], "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
}

TEST(HostKeyProvisioningFlow, WrongKeyLengthIsRejectedBeforeTouchingTheBus) {
  SimRun r;
  const uint8_t short_key[8] = {};
  fw::HostKeyProvisioningOptions o;
  o.mac_key = short_key;
  uint64_t before = r.bench().bus().transaction_count();
  EXPECT_EQ(fw::run_host_key_provisioning(r.target->platform(), o).code(), core::Code::kInvalidArgument);
  EXPECT_EQ(r.bench().bus().transaction_count(), before);
}

TEST(HostKeyProvisioningFlow, TakesSimulatedTimeFromTheTimingTable) {
  SimRun r;
  uint64_t start = r.bench().scheduler().now();
  ASSERT_TRUE(run(r).ok());
  uint64_t elapsed = r.bench().scheduler().now() - start;
  // Boot 10 ms, then put attribute and write host key are 500 ms each in the timing table, so the
  // flow cannot be faster than 1 s of virtual time; polling every 10 ms keeps it near that.
  EXPECT_GE(elapsed, 1010u * 1000000u);
  EXPECT_LT(elapsed, 1200u * 1000000u);
}

TEST(HostKeyProvisioningFlow, SameBenchSameBytesSameTime) {
  SimRun a, b;
  ASSERT_TRUE(run(a).ok());
  ASSERT_TRUE(run(b).ok());
  EXPECT_EQ(a.bench().scheduler().now(), b.bench().scheduler().now());
  EXPECT_EQ(a.bench().bus().transaction_count(), b.bench().bus().transaction_count());
  EXPECT_EQ(a.console.text(), b.console.text());
}

}  // namespace
}  // namespace kb::test
