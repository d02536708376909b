// The wrapped AES-128 CMAC application on the simulated STSAFE-A120, end to end: firmware, host
// library, bus and model, as `keybench run wrapped-cmac` runs them.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>

#include "firmware/wrapped_cmac/wrapped_cmac.h"
#include "tests/flows/flow_fixture.h"
#include "tests/flows/wrapped_flow_support.h"

namespace kb::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

core::Status run(hal::host::HostTarget& target, uint8_t slot = 3) {
  fw::WrappedCmacOptions o;
  o.address7 = target.stsafe_address();
  o.slot = slot;
  return fw::run_wrapped_cmac(target.platform(), o);
}

// Seed 001's lines, with the chip's real CMAC of 00..0F under 16 x 5A (fact sheet 2.5).
void expect_reference_output(const std::string& out, int slot = 3) {
  EXPECT_THAT(out,
              HasSubstr("-              STSAFE-A120 Symmetric key cryptography and key provisioning wrapped example"
                        "                     -\n"));
  EXPECT_THAT(out, HasSubstr("-                                              AES 128 CMAC                           "
                             "                         -\n"));
  EXPECT_THAT(out, HasSubstr(" - Initialize target STSAFE-A120\n"));
  EXPECT_THAT(out, HasSubstr(" - Establish host secure session\n"));
  EXPECT_THAT(out, HasSubstr(" - Wrap AES-128 key using session KEK\n - Provision wrapped key to slot " +
                             std::to_string(slot) + "\n"));
  EXPECT_THAT(out, HasSubstr(" - Key provisioned successfully\n"));
  EXPECT_THAT(out, HasSubstr(" - Test message:\n  0x00 0x01 0x02 0x03 0x04 0x05 0x06 0x07 0x08 0x09 0x0A 0x0B 0x0C "
                             "0x0D 0x0E 0x0F\n"));
  EXPECT_THAT(out, HasSubstr(" - Compute CMAC using STSAFE-A120\n - CMAC (4 bytes):\n  0xBE 0x4C 0xA3 0xF2\n"));
  EXPECT_THAT(out, HasSubstr(" - Verify CMAC using STSAFE-A120: SUCCESS\n"));
  EXPECT_THAT(out, HasSubstr(" - Verify CMAC using platform crypto: SUCCESS\n"));
}

TEST(WrappedCmacFlow, FreshChipGetsHostKeysSlotAndKey) {
  SimRun r;
  core::Status s = run(*r.target);
  ASSERT_TRUE(s.ok()) << r.console.text();
  const std::string& out = r.console.text();
  expect_reference_output(out);
  // Factory host key fields (0A FF) allow plaintext only; a factory slot (08 FF FF) is opened.
  EXPECT_THAT(out, HasSubstr("writing the test host keys in plaintext (development only)"));
  EXPECT_THAT(out, HasSubstr(" - Open slot 3 to wrapped key provisioning (control fields 03 FF FF)\n"));

  nlohmann::json st = r.device_state();
  EXPECT_EQ(st["host_key"]["mac_key"], "00112233445566778899AABBCCDDEEFF");
  const nlohmann::json key = slot_entry(st["symmetric_keys"], 3);
  ASSERT_FALSE(key.is_null()) << st.dump();
  EXPECT_EQ(key["type"], "aes128");
  EXPECT_EQ(key["mode"], "cmac");
  EXPECT_EQ(key["key"], "5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A");
  const nlohmann::json control = slot_entry(st["symmetric_key_control"], 3);
  ASSERT_FALSE(control.is_null()) << st.dump();
  EXPECT_TRUE(control["wrapped_anonymous"].get<bool>());
  EXPECT_TRUE(control["ecdhe_anonymous"].get<bool>());
  EXPECT_FALSE(control["change_right"].get<bool>());
}

TEST(WrappedCmacFlow, SecondRunOnTheProvisionedChipRewritesTheKey) {
  SimRun r;
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  r.console.clear();
  core::Status s = run(*r.target);
  ASSERT_TRUE(s.ok()) << r.console.text();
  expect_reference_output(r.console.text());
  EXPECT_THAT(r.console.text(), Not(HasSubstr("No host key")));
  EXPECT_THAT(r.console.text(), Not(HasSubstr("Open slot")));
}

TEST(WrappedCmacFlow, ChipAsTheExamplesLeaveItPasses) {
  SimRun r("stsafe-symmetric-keys.json");
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  expect_reference_output(r.console.text());
}

TEST(WrappedCmacFlow, OtherSlotIsSelectable) {
  SimRun r;
  ASSERT_TRUE(run(*r.target, 9).ok()) << r.console.text();
  expect_reference_output(r.console.text(), 9);
  EXPECT_FALSE(slot_entry(r.device_state()["symmetric_keys"], 9).is_null());
  EXPECT_TRUE(slot_entry(r.device_state()["symmetric_keys"], 3).is_null());
}

// With Generate MAC and verify MAC behind the host channel, the two commands carry a C-MAC and
// the model checks it; the host checks the R-MACs.
TEST(WrappedCmacFlow, MacCommandsUnderHostAccessConditionGoAuthenticated) {
  JsonBenchRun r(
      "cmac_host_ac",
      stsafe_bench(
          {{"command_access",
            {{"change_rights", {{"access_conditions", true}, {"encryption_flags", true}}},
             {"commands", {{{"code", "0x09"}, {"access", "host"}}, {{"code", "0x0A"}, {"access", "host"}}}}}}}));
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  expect_reference_output(r.console.text());
  // Two protected commands advanced the chip's counter.
  EXPECT_EQ(r.device_state()["host_key"]["cmac_counter"], 2);
}

TEST(WrappedCmacFlow, FrozenSlotWithoutWrappedProvisioningIsReported) {
  JsonBenchRun r("cmac_frozen_slot", stsafe_bench({{"symmetric_key_control",
                                                    {{{"slot", 3},
                                                      {"ecdhe_anonymous", false},
                                                      {"wrapped_anonymous", false},
                                                      {"put_key", false},
                                                      {"change_right", false},
                                                      {"plaintext", true},
                                                      {"derived", false},
                                                      {"wrapped_authentication_key_slot", "0xFF"},
                                                      {"ecdhe_authentication_key_slot", "0xFF"}}}}}));
  nlohmann::json before = r.device_state();
  EXPECT_EQ(run(*r.target).code(), core::Code::kRefused);
  EXPECT_THAT(r.console.text(), HasSubstr("Slot 3 does not accept wrapped keys"));
  EXPECT_TRUE(slot_entry(r.device_state()["symmetric_keys"], 3).is_null());
}

// Security properties on the provisioned chip, through the host library.
TEST(WrappedCmacFlow, KeyIsUsableOnlyForItsUsage) {
  SimRun r;
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  ChipProbe probe(*r.target);
  const std::array<uint8_t, 13> nonce{};
  const std::array<uint8_t, 16> message{};
  std::array<uint8_t, 16> ct{};
  std::array<uint8_t, 4> tag{};
  // Refused by the library from the key table; the chip refuses the same frame (0x1C).
  auto refused = probe.se.aes_ccm_encrypt(3, nonce, {}, message, ct, tag);
  EXPECT_EQ(refused.status(), core::Status(core::Code::kKeyModeMismatch));
  std::array<uint8_t, 64> frame{};
  std::array<uint8_t, 2 + 13 + 2 + 2 + 16> payload{};
  payload[0] = 0x02;
  payload[1] = 0x03;
  payload[18] = 16;  // message length 16, no AAD
  auto wire = core::stsafe::build_command_frame(core::stsafe::CommandHeader::standard(0x1B), payload, frame);
  ASSERT_TRUE(wire.ok());
  EXPECT_EQ(probe.se.transport().transfer(*wire, core::stsafe::expect_at_least(0)).status(),
            core::Status::device(core::Domain::kStsafe, 0x1C));
  // A CMAC key verifies its own MAC and refuses a wrong one.
  std::array<uint8_t, 16> m{};
  for (size_t i = 0; i < m.size(); ++i) m[i] = static_cast<uint8_t>(i);
  const std::array<uint8_t, 4> good = {0xBE, 0x4C, 0xA3, 0xF2};
  const std::array<uint8_t, 4> bad = {0xBE, 0x4C, 0xA3, 0xF3};
  auto ok = probe.se.verify_mac(3, good, m);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(*ok);
  auto not_ok = probe.se.verify_mac(3, bad, m);
  ASSERT_TRUE(not_ok.ok());
  EXPECT_FALSE(*not_ok);
}

TEST(WrappedCmacFlow, SameBenchSameBytesSameTime) {
  SimRun a, b;
  ASSERT_TRUE(run(*a.target).ok());
  ASSERT_TRUE(run(*b.target).ok());
  EXPECT_EQ(a.bench().scheduler().now(), b.bench().scheduler().now());
  EXPECT_EQ(a.bench().bus().transaction_count(), b.bench().bus().transaction_count());
  EXPECT_EQ(a.console.text(), b.console.text());
}

}  // namespace
}  // namespace kb::test
