// The key pair generation and ECDH applications on the simulated STSAFE-A120, end to end
// (firmware, host library, bus, model), on every curve, as `keybench run key-pair-generation` and
// `keybench run ecdh` run them, and over the i2c: target's bus backend.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "firmware/ecdh/ecdh.h"
#include "firmware/key_pair_generation/ecc_steps.h"
#include "firmware/key_pair_generation/key_pair_generation.h"
#include "simulator/crypto/ec.h"
#include "tests/flows/cli_runner.h"
#include "tests/flows/flow_fixture.h"
#include "tests/flows/i2c_dev_bridge.h"

namespace kb::test {
namespace {

using core::stsafe::EccCurve;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr EccCurve kAllCurves[] = {EccCurve::kNistP256,        EccCurve::kNistP384,        EccCurve::kNistP521,
                                   EccCurve::kBrainpoolP256r1, EccCurve::kBrainpoolP384r1, EccCurve::kBrainpoolP512r1,
                                   EccCurve::kCurve25519,      EccCurve::kEd25519};
constexpr EccCurve kAgreementCurves[] = {
    EccCurve::kNistP256,        EccCurve::kNistP384,        EccCurve::kNistP521,  EccCurve::kBrainpoolP256r1,
    EccCurve::kBrainpoolP384r1, EccCurve::kBrainpoolP512r1, EccCurve::kCurve25519};

std::string curve_test_name(const ::testing::TestParamInfo<EccCurve>& info) {
  return fw::ecc::curve_option_name(info.param);
}

const char* model_curve_name(EccCurve c) {
  switch (c) {
    case EccCurve::kNistP256: return "nist_p256";
    case EccCurve::kNistP384: return "nist_p384";
    case EccCurve::kNistP521: return "nist_p521";
    case EccCurve::kBrainpoolP256r1: return "brainpool_p256r1";
    case EccCurve::kBrainpoolP384r1: return "brainpool_p384r1";
    case EccCurve::kBrainpoolP512r1: return "brainpool_p512r1";
    case EccCurve::kCurve25519: return "x25519";
    case EccCurve::kEd25519: return "ed25519";
  }
  return "";
}

nlohmann::json private_slot(const nlohmann::json& state, int slot) {
  for (const auto& s : state["private_keys"]["slots"]) {
    if (s["slot"] == slot) return s;
  }
  return nullptr;
}

std::vector<uint8_t> from_hex(const std::string& text) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < text.size(); i += 2)
    out.push_back(static_cast<uint8_t>(std::stoi(text.substr(i, 2), nullptr, 16)));
  return out;
}

// The console's hex block lines, joined, for a byte string: "0x01 0x02 ..." with 16 per line.
std::string hex_block(const std::vector<uint8_t>& bytes) {
  std::string out;
  char b[8];
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i % 16 == 0)
      out += i == 0 ? "\t   " : "\n\t   ";
    else
      out += ' ';
    std::snprintf(b, sizeof b, "0x%02X", bytes[i]);
    out += b;
  }
  return out + "\n";
}

core::Status run_kpg(hal::host::HostTarget& target, EccCurve curve, uint8_t slot = 1) {
  fw::KeyPairGenerationOptions o;
  o.address7 = target.stsafe_address();
  o.curve = curve;
  o.slot = slot;
  return fw::run_key_pair_generation(target.platform(), o);
}

core::Status run_ecdh(hal::host::HostTarget& target, EccCurve curve, uint8_t slot = 2) {
  fw::EcdhOptions o;
  o.address7 = target.stsafe_address();
  o.curve = curve;
  o.slot = slot;
  return fw::run_ecdh(target.platform(), o);
}

class KeyPairGenerationFlow : public ::testing::TestWithParam<EccCurve> {};

TEST_P(KeyPairGenerationFlow, GeneratesAndProvesTheKeyOnTheDefaultBench) {
  const EccCurve curve = GetParam();
  SimRun r;
  const core::Status s = run_kpg(*r.target, curve);
  const std::string& out = r.console.text();
  ASSERT_TRUE(s.ok()) << out;
  EXPECT_THAT(out, HasSubstr(std::string("STSAFE-A120 ") + fw::ecc::curve_label(curve) + " key pair generation"));
  EXPECT_THAT(out, HasSubstr(" - Initialize target STSAFE-A120\n"));
  EXPECT_THAT(out, HasSubstr(" - Private key slot 1: key absent (curve none)"));
  EXPECT_THAT(out, HasSubstr(std::string(" - ") + fw::ecc::curve_label(curve) +
                             " key pair in slot 1 generated and proven : SUCCESS\n"));
  EXPECT_THAT(out, Not(HasSubstr("ERROR")));
  EXPECT_THAT(out, Not(HasSubstr("FAILED")));
  if (curve == EccCurve::kCurve25519) {
    EXPECT_THAT(out, HasSubstr(" - Host ECDH with the slot's public key : shared secrets MATCH\n"));
  } else {
    EXPECT_THAT(out, HasSubstr(" - STSAFE-A120 verify signature with the public key : VALID\n"));
    EXPECT_THAT(out, HasSubstr(" - Host crypto verify signature with the public key : VALID\n"));
  }

  // The slot now holds a key of the curve, and the public key printed is that key's.
  const nlohmann::json slot = private_slot(r.device_state(), 1);
  ASSERT_FALSE(slot.is_null()) << r.device_state().dump();
  EXPECT_EQ(slot["curve"], model_curve_name(curve));
  const auto model = static_cast<sim::crypto::ec::Curve>(static_cast<uint8_t>(curve));
  auto public_key = sim::crypto::ec::public_key(model, from_hex(slot["private_key"].get<std::string>()));
  ASSERT_TRUE(public_key.has_value());
  EXPECT_THAT(out, HasSubstr(" bytes):\n" + hex_block(*public_key))) << out;
  // ST's usage limit of 255, one signature or key establishment spent.
  EXPECT_EQ(slot["usage_limit"], 255);
  EXPECT_EQ(slot["uses_left"], 254);
  // The factory key in slot 0 is untouched.
  EXPECT_EQ(private_slot(r.device_state(), 0)["curve"], "nist_p256");
}

INSTANTIATE_TEST_SUITE_P(AllCurves, KeyPairGenerationFlow, ::testing::ValuesIn(kAllCurves), curve_test_name);

TEST(KeyPairGenerationFlowFailures, SlotThatOnlyTheHostChannelMayRegenerateIsRefused) {
  // Slot 3 of this bench: generate-key access condition HOST, and no host session.
  SimRun r("stsafe-private-keys.json");
  const nlohmann::json before = private_slot(r.device_state(), 3);
  const core::Status s = run_kpg(*r.target, EccCurve::kCurve25519, 3);
  EXPECT_EQ(s, core::Status::device(core::Domain::kStsafe, 0x11));
  const std::string& out = r.console.text();
  EXPECT_THAT(out, HasSubstr(" ## stse_generate_ecc_key_pair ERROR : device status 0x11 (access condition not "
                             "satisfied)\n"));
  EXPECT_THAT(out, Not(HasSubstr("SUCCESS")));
  EXPECT_EQ(private_slot(r.device_state(), 3), before);
}

TEST(KeyPairGenerationFlowFailures, SlotOutsideTheTableIsRefusedBeforeAnyGeneration) {
  SimRun r;
  const core::Status s = run_kpg(*r.target, EccCurve::kNistP256, 9);
  EXPECT_EQ(s, core::Status(core::Code::kInvalidArgument));
  EXPECT_THAT(r.console.text(), HasSubstr(" ## Slot 9 is not in the chip's private key table (5 slots)\n"));
  EXPECT_THAT(r.console.text(), Not(HasSubstr("SUCCESS")));
}

TEST(KeyPairGenerationFlowFailures, FactorySlotZeroIsNeverRegenerated) {
  SimRun r;
  const nlohmann::json before = private_slot(r.device_state(), 0);
  EXPECT_EQ(run_kpg(*r.target, EccCurve::kNistP256, 0), core::Status::device(core::Domain::kStsafe, 0x11));
  EXPECT_EQ(private_slot(r.device_state(), 0), before);
}

class EcdhFlow : public ::testing::TestWithParam<EccCurve> {};

TEST_P(EcdhFlow, ChipAndHostAgreeOnTheDefaultBench) {
  const EccCurve curve = GetParam();
  SimRun r;
  const core::Status s = run_ecdh(*r.target, curve);
  const std::string& out = r.console.text();
  ASSERT_TRUE(s.ok()) << out;
  EXPECT_THAT(out, HasSubstr(std::string("STSAFE-A120 ECDH on ") + fw::ecc::curve_label(curve)));
  EXPECT_THAT(out, HasSubstr(" - STSAFE-A120 establish key (ECDH) with slot 2 and the host public key\n"));
  EXPECT_THAT(out, HasSubstr(" - Compare the shared secrets : SUCCESS, the chip and the host agree\n"));
  EXPECT_THAT(out, Not(HasSubstr("ERROR")));
  // The chip's secret and the host's are printed identically.
  const size_t chip = out.find("chip's shared secret");
  const size_t host = out.find("host's shared secret");
  ASSERT_NE(chip, std::string::npos);
  ASSERT_NE(host, std::string::npos);
  const std::string chip_hex = out.substr(out.find('\n', chip) + 1, out.find("\n\n", chip) - out.find('\n', chip) - 1);
  const std::string host_hex = out.substr(out.find('\n', host) + 1, out.find("\n\n", host) - out.find('\n', host) - 1);
  EXPECT_EQ(chip_hex, host_hex);
  EXPECT_EQ(private_slot(r.device_state(), 2)["curve"], model_curve_name(curve));
}

INSTANTIATE_TEST_SUITE_P(AgreementCurves, EcdhFlow, ::testing::ValuesIn(kAgreementCurves), curve_test_name);

TEST(EcdhFlowFailures, Ed25519IsRefusedBeforeAnythingIsSent) {
  SimRun r;
  const nlohmann::json before = r.device_state();
  EXPECT_EQ(run_ecdh(*r.target, EccCurve::kEd25519), core::Status(core::Code::kInvalidArgument));
  EXPECT_THAT(r.console.text(), HasSubstr("Ed25519 has no key agreement"));
  EXPECT_EQ(r.bench().scheduler().now(), 0u) << "nothing on the bus";
  EXPECT_EQ(r.device_state(), before);
}

TEST(EcdhFlowFailures, SlotThatOnlyTheHostChannelMayRegenerateIsRefused) {
  SimRun r("stsafe-private-keys.json");
  EXPECT_EQ(run_ecdh(*r.target, EccCurve::kCurve25519, 3), core::Status::device(core::Domain::kStsafe, 0x11));
  EXPECT_THAT(r.console.text(), HasSubstr(" ## stse_generate_ecc_key_pair ERROR : device status 0x11"));
  EXPECT_THAT(r.console.text(), Not(HasSubstr("SUCCESS")));
}

TEST(EcdhFlowFailures, SlotWithoutKeyEstablishmentIsRefusedByTheChip) {
  // Slot 1 of this bench may be regenerated but its mode allows no key establishment.
  nlohmann::json bench = sim::Bench::default_fixture();
  bench["devices"][0]["state"]["private_keys"] = {
      {"slots", {{{"slot", 1}, {"mode", {{"key_establishment", false}, {"generate_key", "free"}}}}}}};
  auto b = sim::Bench::from_json(bench, "ecdh-no-key-establishment");
  I2cDevRun run(std::move(b));
  fw::EcdhOptions o;
  o.slot = 1;
  const core::Status s = fw::run_ecdh(run.platform, o);
  EXPECT_EQ(s, core::Status::device(core::Domain::kStsafe, 0x1B)) << run.console.text();
  EXPECT_THAT(run.console.text(), HasSubstr("does not allow key establishment"));
  EXPECT_THAT(run.console.text(), Not(HasSubstr("SUCCESS")));
}

// The i2c: target's bus backend, the same firmware.
TEST(StsafeKeyFlowsOverI2cDev, KeyPairGenerationAndEcdhPass) {
  I2cDevRun run(sim::Bench::make_default());
  fw::KeyPairGenerationOptions k;
  k.curve = EccCurve::kNistP384;
  ASSERT_TRUE(fw::run_key_pair_generation(run.platform, k).ok()) << run.console.text();
  fw::EcdhOptions e;
  e.curve = EccCurve::kBrainpoolP256r1;
  ASSERT_TRUE(fw::run_ecdh(run.platform, e).ok()) << run.console.text();
  EXPECT_GT(run.kernel.transfers, 10);
  EXPECT_THAT(run.console.text(), HasSubstr("generated and proven : SUCCESS"));
  EXPECT_THAT(run.console.text(), HasSubstr("the chip and the host agree"));
}

// The command line: options, verdicts and exit codes.
TEST(StsafeKeyFlowsCli, CurveOptionSelectsTheCurve) {
  CliOutcome o = run_keybench("run key-pair-generation --curve ed25519");
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_THAT(o.out, HasSubstr("STSAFE-A120 Ed25519 key pair generation"));
  EXPECT_THAT(o.out, HasSubstr("[keybench] key-pair-generation: PASS"));
  o = run_keybench("run ecdh --curve p521 --slot 4");
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_THAT(o.out, HasSubstr("establish key (ECDH) with slot 4"));
  EXPECT_THAT(o.out, HasSubstr("[keybench] ecdh: PASS"));
}

TEST(StsafeKeyFlowsCli, BadOptionsAreUsageErrors) {
  CliOutcome o = run_keybench("run key-pair-generation --curve p192");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_THAT(o.out, HasSubstr("unknown curve 'p192' (curves: p256|p384|p521|bp256|bp384|bp512|x25519|ed25519)"));
  o = run_keybench("run host-key-provisioning --curve p384");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_THAT(o.out, HasSubstr("--curve: host-key-provisioning takes no curve"));
  o = run_keybench("run secure-data-storage --slot 2");
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(run_keybench("run ecdh --slot 256").exit_code, 2);
}

TEST(StsafeKeyFlowsCli, RefusalsAreFailVerdicts) {
  const std::string keys = fixture_path("stsafe-private-keys.json");
  CliOutcome o = run_keybench("run key-pair-generation --curve x25519 --slot 3 --target sim:" + keys);
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr("[keybench] key-pair-generation: FAIL: device status 0x11 (access condition not "
                               "satisfied)"));
  EXPECT_THAT(o.out, Not(HasSubstr("PASS")));
  o = run_keybench("run ecdh --curve ed25519");
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr("[keybench] ecdh: FAIL: invalid argument"));
  EXPECT_THAT(o.out, Not(HasSubstr("PASS")));
}

}  // namespace
}  // namespace kb::test
