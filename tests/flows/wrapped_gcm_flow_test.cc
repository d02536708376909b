// The wrapped AES-256 GCM application on the simulated STSAFE-A120, end to end: the chip's
// ciphertext and tag are OpenSSL's AES-256-GCM of the application's inputs (computed here with
// EVP, not through the application's platform crypto), a second run passes on the provisioned
// chip, and a chip whose GCM answers are wrong is a FAIL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "firmware/wrapped_gcm/wrapped_gcm.h"
#include "tests/flows/cli_runner.h"
#include "tests/flows/flow_fixture.h"
#include "tests/flows/wrapped_flow_support.h"

namespace kb::test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Bytes = std::vector<uint8_t>;

core::Status run(hal::host::HostTarget& target) {
  fw::WrappedGcmOptions o;
  o.address7 = target.stsafe_address();
  return fw::run_wrapped_gcm(target.platform(), o);
}

// AES-256-GCM of message 00..0F under 32 x 5A, IV 00..0B, AAD 8 x 5A: ciphertext | tag (16).
Bytes reference_gcm() {
  Bytes key(32, 0x5A), iv(12), aad(8, 0x5A), message(16);
  for (size_t i = 0; i < iv.size(); ++i) iv[i] = static_cast<uint8_t>(i);
  for (size_t i = 0; i < message.size(); ++i) message[i] = static_cast<uint8_t>(i);
  std::unique_ptr<EVP_CIPHER_CTX, void (*)(EVP_CIPHER_CTX*)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  Bytes out(32);
  int n = 0;
  const bool ok = EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
                  EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, 12, nullptr) == 1 &&
                  EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, key.data(), iv.data()) == 1 &&
                  EVP_EncryptUpdate(ctx.get(), nullptr, &n, aad.data(), 8) == 1 &&
                  EVP_EncryptUpdate(ctx.get(), out.data(), &n, message.data(), 16) == 1 &&
                  EVP_EncryptFinal_ex(ctx.get(), out.data() + 16, &n) == 1 &&
                  EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, out.data() + 16) == 1;
  EXPECT_TRUE(ok);
  return out;
}

std::string hex_line(const Bytes& bytes) {
  std::string s = " ";
  char b[8];
  for (uint8_t x : bytes) {
    std::snprintf(b, sizeof b, " 0x%02X", x);
    s += b;
  }
  return s + "\n";
}

void expect_reference_output(const std::string& out) {
  const Bytes ref = reference_gcm();
  EXPECT_THAT(out, HasSubstr(" - Wrap AES-256 key using session KEK\n - Provision wrapped key to slot 8\n"));
  EXPECT_THAT(out, HasSubstr(" - Encrypt using GCM mode\n - Encrypted message:\n" +
                             hex_line(Bytes(ref.begin(), ref.begin() + 16))));
  EXPECT_THAT(out, HasSubstr(" - Authentication tag (16 bytes):\n" + hex_line(Bytes(ref.begin() + 16, ref.end()))));
  EXPECT_THAT(out, HasSubstr(" - Verify ciphertext and tag using platform crypto: SUCCESS\n"));
  EXPECT_THAT(out, HasSubstr(" - Decryption and authentication verification: SUCCESS\n"));
  EXPECT_THAT(out, HasSubstr(" - Tampered tag refused: SUCCESS\n"));
}

TEST(WrappedGcmFlow, FreshChipGetsHostKeysSlotAndKey) {
  SimRun r;
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  expect_reference_output(r.console.text());
  const nlohmann::json key = slot_entry(r.device_state()["symmetric_keys"], 8);
  ASSERT_FALSE(key.is_null()) << r.device_state().dump();
  EXPECT_EQ(key["type"], "aes256");
  EXPECT_EQ(key["mode"], "gcm");
  EXPECT_EQ(key["tag_length"], 16);
}

TEST(WrappedGcmFlow, SecondRunOnTheProvisionedChipPasses) {
  SimRun r;
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  r.console.clear();
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  expect_reference_output(r.console.text());
  EXPECT_THAT(r.console.text(), Not(HasSubstr("Open slot")));
}

TEST(WrappedGcmCli, ListedAndPasses) {
  const CliOutcome list = run_keybench("list");
  EXPECT_THAT(list.out, HasSubstr("wrapped-gcm"));
  const CliOutcome o = run_keybench("run wrapped-gcm");
  EXPECT_EQ(o.exit_code, 0) << o.out;
  EXPECT_THAT(o.out, HasSubstr("[keybench] wrapped-gcm: PASS"));
}

// A chip that refuses the encryption (fault plan: 0x1B answered 0x1C): FAIL, exit 1, and no line
// after the error claims success.
TEST(WrappedGcmCli, ARefusedEncryptionIsAFail) {
  const std::string plan = ::testing::TempDir() + "keybench_gcm_refused.json";
  std::ofstream(plan) << R"({"format": "keybench-faults/1", "description": "GCM encryption refused",
    "faults": [{"when": {"command": "0x1B"}, "do": {"action": "force_status", "status": "0x1C"}}]})";
  const CliOutcome o = run_keybench("run wrapped-gcm --fault " + plan);
  EXPECT_EQ(o.exit_code, 1) << o.out;
  EXPECT_THAT(o.out, HasSubstr(" ## stse_aes_gcm_encrypt ERROR : device status 0x1C"));
  EXPECT_THAT(o.out, HasSubstr("[keybench] wrapped-gcm: FAIL"));
  EXPECT_THAT(o.out, Not(HasSubstr("platform crypto: SUCCESS")));
}

}  // namespace
}  // namespace kb::test
