// The derive keys application on the simulated STSAFE-A120, end to end, as `keybench run
// derive-keys` runs it: the returned key is RFC 5869 test case 1's OKM, the stored CMAC key is the
// HKDF of the same input under its own info (checked in the chip's state and through its CMAC), a
// second run keeps the slot, a slot closed to derivation and a locked chip are FAILs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "firmware/derive_keys/derive_keys.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "simulator/stsafe_a120/stsafe.h"
#include "tests/flows/cli_runner.h"
#include "tests/flows/flow_fixture.h"
#include "tests/flows/wrapped_flow_support.h"

namespace kb::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace model = sim::stsafe_a120;

core::Status run(hal::host::HostTarget& target) {
  fw::DeriveKeysOptions o;
  o.address7 = target.stsafe_address();
  return fw::run_derive_keys(target.platform(), o);
}

model::Stsafe& chip_of(sim::Bench& bench) {
  return *bench.first<model::Stsafe>();
}

// RFC 5869 A.1, OKM (42 bytes).
const char* const kRfc5869Case1Okm =
    " - Output key material:\n  0x3C 0xB2 0x5F 0x25 0xFA 0xAC 0xD5 0x7A 0x90 0x43 0x4F 0x64 0xD0 0x36 0x2F 0x2A 0x2D "
    "0x2D 0x0A 0x90 0xCF 0x1A 0x5A 0x4C 0x5D 0xB0 0x2D 0x56 0xEC 0xC4 0xC5 0xBF 0x34 0x00 0x72 0x08 0xD5 0xB8 0x87 "
    "0x18 0x58 0x65\n";

TEST(DeriveKeysFlow, ReturnedKeyIsRfc5869AndTheStoredKeyMacsAsTheHostDerivesIt) {
  SimRun r;
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  const std::string& out = r.console.text();
  EXPECT_THAT(out, HasSubstr("STSAFE-A120 derive keys (HKDF-SHA-256) Example"));
  EXPECT_THAT(out, HasSubstr(" - slot 9 opened to derived keys\n"));
  EXPECT_THAT(out, HasSubstr(kRfc5869Case1Okm));
  EXPECT_THAT(out, HasSubstr(" - Verify the output key material using platform crypto: SUCCESS\n"));
  EXPECT_THAT(out, HasSubstr(" - Key stored by STSAFE-A120 in slot 9\n"));
  EXPECT_THAT(out, HasSubstr(" - Verify the CMAC using platform crypto: SUCCESS\n"));

  const model::SymmetricKeySlot& slot = chip_of(r.bench()).state().symmetric_keys[9];
  ASSERT_TRUE(slot.present);
  EXPECT_EQ(slot.info.mode, model::KeyMode::kCmac);
  EXPECT_EQ(slot.info.type, model::SymmetricKeyType::kAes128);
  EXPECT_TRUE(chip_of(r.bench()).state().symmetric_key_control[9].derived);
  // The stored key: HKDF-SHA-256(salt 00..0C, IKM 22 x 0B, info "keybench CMAC key"), first 16 bytes.
  hal::openssl::OpensslCrypto crypto;
  std::vector<uint8_t> salt(13), ikm(22, 0x0B), expected(16);
  for (size_t i = 0; i < salt.size(); ++i) salt[i] = static_cast<uint8_t>(i);
  const std::string label = "keybench CMAC key";
  ASSERT_EQ(crypto.hkdf_sha256(salt, ikm, std::vector<uint8_t>(label.begin(), label.end()), expected),
            hal::CryptoResult::kOk);
  EXPECT_EQ(slot.key, expected);
}

TEST(DeriveKeysFlow, SecondRunKeepsTheSlot) {
  SimRun r;
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  const model::State first = chip_of(r.bench()).state();
  r.console.clear();
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  EXPECT_THAT(r.console.text(), HasSubstr(" - slot 9 accepts derived keys\n"));
  EXPECT_THAT(r.console.text(), HasSubstr(" - Key stored by STSAFE-A120 in slot 9\n"));
  EXPECT_EQ(chip_of(r.bench()).state().symmetric_keys, first.symmetric_keys);
}

TEST(DeriveKeysFlow, ASlotClosedForGoodIsRefused) {
  SimRun r;
  model::State s = chip_of(r.bench()).state();
  s.symmetric_key_control[9].change_right = false;
  chip_of(r.bench()).set_state(s);
  EXPECT_EQ(run(*r.target).code(), core::Code::kRefused);
  EXPECT_THAT(r.console.text(), HasSubstr("slot 9 does not accept derived keys"));
  EXPECT_THAT(r.console.text(), Not(HasSubstr("SUCCESS")));
  EXPECT_FALSE(chip_of(r.bench()).state().symmetric_keys[9].present);
}

TEST(DeriveKeysCli, ListedAndPasses) {
  const CliOutcome list = run_keybench("list");
  EXPECT_THAT(list.out, HasSubstr("derive-keys"));
  const CliOutcome o = run_keybench("run derive-keys");
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_THAT(o.out, HasSubstr("[keybench] derive-keys: PASS"));
}

// The locked-password fixture's chip is operational + locked: it refuses to open the slot
// (INVALID_LIFE_CYCLE_STATE), and the run is a FAIL that claims nothing.
TEST(DeriveKeysCli, ALockedChipIsAFail) {
  const CliOutcome o = run_keybench("run derive-keys --target sim:" + fixture_path("stsafe-password-locked.json"));
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr("ERROR : device status 0x0F"));
  EXPECT_THAT(o.out, HasSubstr("[keybench] derive-keys: FAIL"));
  EXPECT_THAT(o.out, Not(HasSubstr("SUCCESS")));
}

}  // namespace
}  // namespace kb::test
