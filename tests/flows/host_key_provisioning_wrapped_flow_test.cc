// The production host key provisioning application (wrapped or ECDHE, plaintext forbidden
// afterwards) on the simulated STSAFE-A120, end to end.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>

#include "firmware/host_key_provisioning_wrapped/host_key_provisioning_wrapped.h"
#include "firmware/wrapped_cmac/wrapped_cmac.h"
#include "tests/flows/flow_fixture.h"
#include "tests/flows/wrapped_flow_support.h"

namespace kb::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

fw::HostKeyProvisioningWrappedOptions options_for(hal::host::HostTarget& target) {
  fw::HostKeyProvisioningWrappedOptions o;
  o.address7 = target.stsafe_address();
  return o;
}

core::Status run(hal::host::HostTarget& target) {
  return fw::run_host_key_provisioning_wrapped(target.platform(), options_for(target));
}

void expect_production_fields(const nlohmann::json& st, bool reprovision = true) {
  EXPECT_FALSE(st["host_key_control"]["change_right"].get<bool>());
  EXPECT_EQ(st["host_key_control"]["reprovision"].get<bool>(), reprovision);
  EXPECT_FALSE(st["host_key_control"]["plaintext"].get<bool>());
  EXPECT_TRUE(st["host_key_control"]["wrapped_anonymous"].get<bool>());
}

TEST(HostKeyProvisioningWrappedFlow, FreshChipIsRestrictedThenProvisionedWrapped) {
  SimRun r;
  core::Status s = run(*r.target);
  ASSERT_TRUE(s.ok()) << r.console.text();
  const std::string& out = r.console.text();
  EXPECT_THAT(out, HasSubstr(" - Initialize target STSAFE-A120"));
  EXPECT_THAT(out, HasSubstr("  0x00 0x11 0x22 0x33 0x44 0x55 0x66 0x77 0x88 0x99 0xAA 0xBB 0xCC 0xDD 0xEE 0xFF\n"));
  // Factory fields 0A FF, as the plaintext example shows them.
  EXPECT_THAT(out, HasSubstr("\t  YES      |     NO       |    YES    |        NO         |            0xFF\n"));
  EXPECT_THAT(out, HasSubstr(" - Restrict host key slot: wrapped/ECDHE provisioning only, plaintext forbidden\n"));
  EXPECT_THAT(out, HasSubstr(" - Host key slot: present, AES-128, C-MAC counter 0\n"));
  EXPECT_THAT(out, HasSubstr(" - stse_host_key_provisioning_wrapped : PASS"));

  nlohmann::json st = r.device_state();
  EXPECT_TRUE(st["host_key"]["present"].get<bool>());
  EXPECT_EQ(st["host_key"]["mac_key"], "00112233445566778899AABBCCDDEEFF");
  EXPECT_EQ(st["host_key"]["cipher_key"], "0123456789ABCDEF0123456789ABCDEF");
  expect_production_fields(st);
}

TEST(HostKeyProvisioningWrappedFlow, SecondRunRewritesWrapped) {
  SimRun r;
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  r.console.clear();
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  EXPECT_THAT(r.console.text(),
              HasSubstr("\t  NO       |     YES      |    NO     |        YES        |            0xFF\n"));
  EXPECT_THAT(r.console.text(), HasSubstr(" - Host key provisioning control fields already set: plaintext forbidden"));
  EXPECT_THAT(r.console.text(), HasSubstr(" - stse_host_key_provisioning_wrapped : PASS"));
  expect_production_fields(r.device_state());
}

// The point of the production variant: afterwards a plaintext host key write is refused and
// changes nothing.
TEST(HostKeyProvisioningWrappedFlow, PlaintextWriteIsRefusedAfterwards) {
  SimRun r;
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  nlohmann::json before = r.device_state();
  ChipProbe probe(*r.target);
  const std::array<uint8_t, 16> other{};
  core::Status s = probe.se.write_host_key_plaintext(core::stsafe::HostKeyType::kAes128, other, other);
  EXPECT_EQ(s.code(), core::Code::kDeviceStatus);
  EXPECT_EQ(r.device_state()["host_key"], before["host_key"]);
  // Nor can the fields be reopened.
  core::stsafe::HostKeyControlFields open;
  open.change_right = true;
  open.plaintext = true;
  EXPECT_EQ(probe.se.put_host_key_control_fields(open).code(), core::Code::kDeviceStatus);
  expect_production_fields(r.device_state());
}

TEST(HostKeyProvisioningWrappedFlow, WrappedFlowsRunOnTheProductionChip) {
  SimRun r;
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  r.console.clear();
  fw::WrappedCmacOptions o;
  o.address7 = r.target->stsafe_address();
  ASSERT_TRUE(fw::run_wrapped_cmac(r.target->platform(), o).ok()) << r.console.text();
  EXPECT_THAT(r.console.text(), Not(HasSubstr("No host key")));
}

TEST(HostKeyProvisioningWrappedFlow, EcdheDerivesKeysTheChipShares) {
  // A factory chip whose MAC commands need the host channel, so the derived keys are put to work.
  nlohmann::json bench = stsafe_bench(
      {{"command_access",
        {{"change_rights", {{"access_conditions", true}, {"encryption_flags", true}}},
         {"commands", {{{"code", "0x09"}, {"access", "host"}}, {{"code", "0x0A"}, {"access", "host"}}}}}}});
  bench["devices"][0]["state"].erase("host_key");
  JsonBenchRun r("ecdhe_host_ac", bench);
  std::array<uint8_t, 16> mac{}, cipher{};
  fw::HostKeyProvisioningWrappedOptions o = options_for(*r.target);
  o.method = fw::HostKeyMethod::kEcdhe;
  o.derived_mac_key = mac;
  o.derived_cipher_key = cipher;
  ASSERT_TRUE(fw::run_host_key_provisioning_wrapped(r.target->platform(), o).ok()) << r.console.text();
  EXPECT_THAT(r.console.text(), HasSubstr("will be derived by ECDHE"));
  EXPECT_THAT(r.console.text(), HasSubstr(" - stse_establish_host_key : PASS"));
  EXPECT_NE(mac, (std::array<uint8_t, 16>{}));
  nlohmann::json st = r.device_state();
  EXPECT_EQ(st["host_key"]["mac_key"], hex_upper(mac));
  EXPECT_EQ(st["host_key"]["cipher_key"], hex_upper(cipher));
  expect_production_fields(st);

  // The derived keys drive a host session the chip accepts: two commands with C-MAC and R-MAC.
  r.console.clear();
  fw::WrappedCmacOptions cmac;
  cmac.address7 = r.target->stsafe_address();
  cmac.host_mac_key = mac;
  cmac.host_cipher_key = cipher;
  ASSERT_TRUE(fw::run_wrapped_cmac(r.target->platform(), cmac).ok()) << r.console.text();
  EXPECT_EQ(r.device_state()["host_key"]["cmac_counter"], 2);
}

TEST(HostKeyProvisioningWrappedFlow, EcdheAes256) {
  SimRun r;
  std::array<uint8_t, 32> mac{}, cipher{};
  fw::HostKeyProvisioningWrappedOptions o = options_for(*r.target);
  o.method = fw::HostKeyMethod::kEcdhe;
  o.key_type = core::stsafe::HostKeyType::kAes256;
  o.derived_mac_key = mac;
  o.derived_cipher_key = cipher;
  ASSERT_TRUE(fw::run_host_key_provisioning_wrapped(r.target->platform(), o).ok()) << r.console.text();
  EXPECT_THAT(r.console.text(), HasSubstr(" - Host key slot: present, AES-256, C-MAC counter 0\n"));
  EXPECT_EQ(r.device_state()["host_key"]["type"], "aes256");
  EXPECT_EQ(r.device_state()["host_key"]["mac_key"], hex_upper(mac));
}

TEST(HostKeyProvisioningWrappedFlow, WriteOnceSlotIsLeftAloneOnTheSecondRun) {
  SimRun r;
  fw::HostKeyProvisioningWrappedOptions o = options_for(*r.target);
  o.allow_reprovisioning = false;
  ASSERT_TRUE(fw::run_host_key_provisioning_wrapped(r.target->platform(), o).ok()) << r.console.text();
  EXPECT_THAT(r.console.text(), HasSubstr(", write-once"));
  expect_production_fields(r.device_state(), false);
  nlohmann::json before = r.device_state();
  r.console.clear();
  ASSERT_TRUE(fw::run_host_key_provisioning_wrapped(r.target->platform(), o).ok()) << r.console.text();
  EXPECT_THAT(r.console.text(), HasSubstr("is write-once: nothing to write"));
  EXPECT_EQ(r.device_state()["host_key"], before["host_key"]);
}

// After the plaintext example (fields 07 FF, frozen with plaintext on) no production state can be
// reached: refused before anything is written.
TEST(HostKeyProvisioningWrappedFlow, ChipFrozenWithPlaintextAllowedIsRefused) {
  SimRun r("stsafe-keys-written.json");
  nlohmann::json before = r.device_state();
  EXPECT_EQ(run(*r.target).code(), core::Code::kRefused);
  EXPECT_THAT(r.console.text(), HasSubstr("not production-safe"));
  EXPECT_THAT(r.console.text(), Not(HasSubstr("PASS")));
  EXPECT_EQ(r.device_state(), before);
}

TEST(HostKeyProvisioningWrappedFlow, WrongKeyLengthIsRejectedBeforeTouchingTheBus) {
  SimRun r;
  const std::array<uint8_t, 8> short_key{};
  fw::HostKeyProvisioningWrappedOptions o = options_for(*r.target);
  o.mac_key = short_key;
  o.cipher_key = short_key;
  const uint64_t before = r.bench().bus().transaction_count();
  EXPECT_EQ(fw::run_host_key_provisioning_wrapped(r.target->platform(), o).code(), core::Code::kInvalidArgument);
  EXPECT_EQ(r.bench().bus().transaction_count(), before);
}

}  // namespace
}  // namespace kb::test
