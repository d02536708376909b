// The key wrapping application (ST's STSAFE-A120 key wrapping example) on the simulated chip, end
// to end: firmware, host library, bus and model, as `keybench run key-wrapping` runs them. A
// fresh chip gets its wrap key, a chip that has one keeps it, the recommended access table puts
// the round trip behind the host session, a failed step is a FAIL with a nonzero exit, and the
// i2c: target's bus backend runs it too.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "firmware/key_wrapping/key_wrapping.h"
#include "tests/flows/cli_runner.h"
#include "tests/flows/flow_fixture.h"
#include "tests/flows/i2c_dev_bridge.h"
#include "tests/flows/wrapped_flow_support.h"

namespace kb::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

core::Status run(hal::host::HostTarget& target, const fw::KeyWrappingOptions& base = {}) {
  fw::KeyWrappingOptions o = base;
  o.address7 = target.stsafe_address();
  return fw::run_key_wrapping(target.platform(), o);
}

const char* const kPlainLine =
    " - Plain-text buffer to be wrapped  :\n  0x00 0x01 0x02 0x03 0x04 0x05 0x06 0x07 0x08 0x09 0x0A 0x0B 0x0C 0x0D "
    "0x0E 0x0F\n";
const char* const kUnwrappedLine =
    " - Un-wrapped buffer  :\n  0x00 0x01 0x02 0x03 0x04 0x05 0x06 0x07 0x08 0x09 0x0A 0x0B 0x0C 0x0D 0x0E 0x0F\n";

TEST(KeyWrappingFlow, FreshChipGetsItsWrapKeyAndRoundTrips) {
  SimRun r;
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  const std::string& out = r.console.text();
  EXPECT_THAT(out, HasSubstr("-                                    STSAFE-A120 key wrapping Example"));
  EXPECT_THAT(out, HasSubstr(" - Initialize target STSAFE-A120\n"));
  EXPECT_THAT(out, HasSubstr("!!!!! WARNING !!!!!")) << "the factory table leaves wrap/unwrap unprotected";
  EXPECT_THAT(out, HasSubstr(" - new AES-128 wrap/unwrap key generated in slot 0\n"));
  EXPECT_THAT(out, HasSubstr(kPlainLine));
  EXPECT_THAT(out, HasSubstr(" - Wrapped buffer (24 bytes) :\n"));
  EXPECT_THAT(out, HasSubstr(kUnwrappedLine));
  EXPECT_THAT(out, HasSubstr(" - Unwrapped buffer matches the plain-text buffer: SUCCESS\n"));
  EXPECT_THAT(out, Not(HasSubstr("Establish host secure session")));
  const nlohmann::json keys = r.device_state()["local_envelope_keys"];
  ASSERT_EQ(keys.size(), 1u) << keys.dump();
  EXPECT_EQ(keys[0]["slot"], 0);
  EXPECT_EQ(keys[0]["type"], "aes128");
}

TEST(KeyWrappingFlow, SecondRunKeepsTheKey) {
  SimRun r;
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  const nlohmann::json key = r.device_state()["local_envelope_keys"];
  r.console.clear();
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  EXPECT_THAT(r.console.text(), HasSubstr(" - AES-128 wrap/unwrap key already present in slot 0\n"));
  EXPECT_THAT(r.console.text(), Not(HasSubstr("generated")));
  EXPECT_EQ(r.device_state()["local_envelope_keys"], key);
}

TEST(KeyWrappingFlow, RecommendedTableGoesThroughTheHostSession) {
  SimRun r("stsafe-recommended-ac.json");
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  const std::string& out = r.console.text();
  EXPECT_THAT(out, Not(HasSubstr("WARNING")));
  EXPECT_THAT(out, HasSubstr(" - Establish host secure session\n"));
  EXPECT_THAT(out, HasSubstr(kUnwrappedLine));
  // Wrap and unwrap, both protected.
  EXPECT_EQ(r.device_state()["host_key"]["cmac_counter"], 2);
}

TEST(KeyWrappingFlow, OtherSlotKeyTypeAndPayload) {
  SimRun r;
  fw::KeyWrappingOptions o;
  o.slot = 1;
  o.key_type = core::stsafe::LocalEnvelopeKeyType::kAes256;
  const std::vector<uint8_t> payload(480, 0xA5);
  o.payload = payload;
  ASSERT_TRUE(run(*r.target, o).ok()) << r.console.text();
  EXPECT_THAT(r.console.text(), HasSubstr(" - new AES-256 wrap/unwrap key generated in slot 1\n"));
  EXPECT_THAT(r.console.text(), HasSubstr(" - Wrapped buffer (488 bytes) :\n"));
}

TEST(KeyWrappingFlow, APayloadTheChipWillNotWrapFailsNamingTheStep) {
  SimRun r;
  fw::KeyWrappingOptions o;
  const std::vector<uint8_t> payload(12, 0x01);
  o.payload = payload;
  const core::Status s = run(*r.target, o);
  EXPECT_EQ(s.code(), core::Code::kDeviceStatus);
  EXPECT_EQ(s.device_status(), 0x02);
  EXPECT_THAT(r.console.text(), HasSubstr(" ## stsafea_wrap_payload ERROR : device status 0x02"));
  EXPECT_THAT(r.console.text(), Not(HasSubstr("SUCCESS")));
}

TEST(KeyWrappingFlow, ProtectedTableWithoutAWayToGetHostKeysIsRefused) {
  JsonBenchRun r("key_wrapping_no_host_key",
                 {{"description", "wrap/unwrap behind the host channel, no host key and no way to write one"},
                  {"bus", {{"rate_hz", 400000}}},
                  {"devices",
                   {{{"name", "stsafe"},
                     {"type", "stsafe-a120"},
                     {"address", "0x20"},
                     {"state",
                      {{"host_key", {{"present", false}}},
                       {"host_key_control",
                        {{"change_right", false},
                         {"reprovision", false},
                         {"plaintext", false},
                         {"wrapped_anonymous", false},
                         {"authentication_key_slot", "0xFF"}}},
                       {"command_access",
                        {{"commands",
                          {{{"code", "0x0E"}, {"access", "host"}, {"encrypt_command", true}},
                           {{"code", "0x0F"}, {"access", "host"}, {"encrypt_response", true}}}}}}}}}}}});
  EXPECT_EQ(run(*r.target).code(), core::Code::kRefused);
  EXPECT_THAT(r.console.text(), HasSubstr("allow neither wrapped nor plaintext writes"));
  EXPECT_THAT(r.console.text(), Not(HasSubstr("SUCCESS")));
}

// The i2c: target's bus backend (i2c-dev message layout and errno mapping), the same firmware.
TEST(KeyWrappingOverI2cDev, RoundTripsThroughTheI2cDevBackend) {
  I2cDevRun run(sim::Bench::make_default());
  ASSERT_TRUE(fw::run_key_wrapping(run.platform, {}).ok()) << run.console.text();
  EXPECT_THAT(run.console.text(), HasSubstr(" - new AES-128 wrap/unwrap key generated in slot 0\n"));
  EXPECT_THAT(run.console.text(), HasSubstr(" - Unwrapped buffer matches the plain-text buffer: SUCCESS\n"));
  EXPECT_GT(run.kernel.transfers, 10);
}

TEST(KeyWrappingCli, ListedAndPasses) {
  const CliOutcome list = run_keybench("list");
  EXPECT_THAT(list.out, HasSubstr("key-wrapping"));
  const CliOutcome o = run_keybench("run key-wrapping");
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_THAT(o.out, HasSubstr("[keybench] key-wrapping: PASS"));
}

// A chip that refuses the unwrap (fault plan: 0x0F answered 0x18): FAIL, exit 1, and no line
// after the error claims success.
TEST(KeyWrappingCli, AFailedUnwrapIsAFail) {
  const std::string plan = ::testing::TempDir() + "keybench_unwrap_refused.json";
  std::ofstream(plan) << R"({"format": "keybench-faults/1", "description": "unwrap refused",
    "faults": [{"when": {"command": "0x0F"}, "do": {"action": "force_status", "status": "0x18"}}]})";
  const CliOutcome o = run_keybench("run key-wrapping --fault " + plan);
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr(" ## stsafea_unwrap_payload ERROR : device status 0x18"));
  EXPECT_THAT(o.out, HasSubstr("[keybench] key-wrapping: FAIL"));
  EXPECT_THAT(o.out, Not(HasSubstr("SUCCESS")));
}

}  // namespace
}  // namespace kb::test
