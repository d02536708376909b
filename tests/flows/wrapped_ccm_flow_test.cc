// The wrapped AES-256 CCM* application on the simulated STSAFE-A120, end to end, and what the
// provisioned key refuses afterwards.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>

#include "firmware/wrapped_ccm/wrapped_ccm.h"
#include "firmware/wrapped_cmac/wrapped_cmac.h"
#include "tests/flows/flow_fixture.h"
#include "tests/flows/wrapped_flow_support.h"
#include "tests/forwarding_crypto.h"

namespace kb::test {
namespace {

using ::testing::Each;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::Not;

core::Status run(hal::host::HostTarget& target) {
  fw::WrappedCcmOptions o;
  o.address7 = target.stsafe_address();
  return fw::run_wrapped_ccm(target.platform(), o);
}

// Seed 002's lines, with the standard AES-256-CCM ciphertext and tag of fact sheet 7.3.
void expect_reference_output(const std::string& out) {
  EXPECT_THAT(out, HasSubstr("-                                              AES 256 CCM*                           "
                             "                         -\n"));
  EXPECT_THAT(out, HasSubstr(" - Initialize target STSAFE-A120\n"));
  EXPECT_THAT(out, HasSubstr(" - Establish host secure session\n"));
  EXPECT_THAT(out, HasSubstr(" - Wrap AES-256 key using session KEK\n - Provision wrapped key to slot 5\n"));
  EXPECT_THAT(out, HasSubstr(" - Key provisioned successfully\n"));
  EXPECT_THAT(out, HasSubstr(" - Test message (plaintext):\n  0x00 0x01 0x02 0x03 0x04 0x05 0x06 0x07 0x08 0x09 "
                             "0x0A 0x0B 0x0C 0x0D 0x0E 0x0F\n"));
  EXPECT_THAT(out, HasSubstr(" - Encrypt using CCM* mode\n - Encrypted message:\n  0x69 0x66 0x30 0xBB 0x08 0x0F "
                             "0xE4 0x1D 0x61 0x04 0x89 0xD3 0xDA 0x23 0x21 0x66\n"));
  EXPECT_THAT(out, HasSubstr(" - Authentication tag (4 bytes):\n  0x0E 0xDB 0xC6 0x27\n"));
  EXPECT_THAT(out, HasSubstr(" - Verify ciphertext and tag using platform crypto: SUCCESS\n"));
  EXPECT_THAT(out, HasSubstr(" - Decrypt using CCM* mode\n - Decrypted message:\n  0x00 0x01 0x02 0x03 0x04 0x05 "
                             "0x06 0x07 0x08 0x09 0x0A 0x0B 0x0C 0x0D 0x0E 0x0F\n"));
  EXPECT_THAT(out, HasSubstr(" - Decryption and authentication verification: SUCCESS\n"));
}

const std::array<uint8_t, 13> kNonce = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
const std::array<uint8_t, 8> kAad = {0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A, 0x5A};
const std::array<uint8_t, 16> kCiphertext = {0x69, 0x66, 0x30, 0xBB, 0x08, 0x0F, 0xE4, 0x1D,
                                             0x61, 0x04, 0x89, 0xD3, 0xDA, 0x23, 0x21, 0x66};
const std::array<uint8_t, 4> kTag = {0x0E, 0xDB, 0xC6, 0x27};

TEST(WrappedCcmFlow, FreshChipGetsHostKeysSlotAndKey) {
  SimRun r;
  core::Status s = run(*r.target);
  ASSERT_TRUE(s.ok()) << r.console.text();
  expect_reference_output(r.console.text());
  EXPECT_THAT(r.console.text(), HasSubstr(" - Open slot 5 to wrapped key provisioning (control fields 03 FF FF)\n"));
  const nlohmann::json key = slot_entry(r.device_state()["symmetric_keys"], 5);
  ASSERT_FALSE(key.is_null()) << r.device_state().dump();
  EXPECT_EQ(key["type"], "aes256");
  EXPECT_EQ(key["mode"], "ccm");
  EXPECT_EQ(key["tag_length"], 4);
  EXPECT_EQ(key["key"], "5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A5A");
}

TEST(WrappedCcmFlow, SecondRunOnTheProvisionedChipPasses) {
  SimRun r;
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  r.console.clear();
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  expect_reference_output(r.console.text());
  EXPECT_THAT(r.console.text(), Not(HasSubstr("Open slot")));
}

TEST(WrappedCcmFlow, ChipAsTheExamplesLeaveItPasses) {
  SimRun r("stsafe-symmetric-keys.json");
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  expect_reference_output(r.console.text());
}

// The recommended access conditions (fact sheet 7.4): encrypt goes with C-ENC, decrypt with R-ENC,
// both under C-MAC/R-MAC — the whole host secure channel against the model.
TEST(WrappedCcmFlow, RecommendedAccessConditionsEncryptTheChannel) {
  SimRun r("stsafe-recommended-ac.json");
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  expect_reference_output(r.console.text());
  EXPECT_EQ(r.device_state()["host_key"]["cmac_counter"], 2);
}

class ProvisionedCcmKey : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(run(*r.target).ok()) << r.console.text(); }

  // Decrypts with the given inputs; the output starts filled so "zeroed" is visible.
  core::Result<bool> decrypt(std::span<const uint8_t> nonce, std::span<const uint8_t> aad, std::span<const uint8_t> ct,
                             std::span<const uint8_t> tag) {
    plain.fill(0xEE);
    return probe.se.aes_ccm_decrypt(5, nonce, aad, ct, tag, plain);
  }

  SimRun r;
  ChipProbe probe{*r.target};
  std::array<uint8_t, 16> plain{};
};

TEST_F(ProvisionedCcmKey, GenuineCiphertextDecrypts) {
  auto ok = decrypt(kNonce, kAad, kCiphertext, kTag);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(*ok);
  EXPECT_EQ(plain[15], 0x0F);
}

TEST_F(ProvisionedCcmKey, FlippedCiphertextBitReleasesNothing) {
  auto ct = kCiphertext;
  ct[7] ^= 0x10;
  auto ok = decrypt(kNonce, kAad, ct, kTag);
  ASSERT_TRUE(ok.ok());
  EXPECT_FALSE(*ok);
  EXPECT_THAT(plain, Each(0));
}

TEST_F(ProvisionedCcmKey, FlippedTagBitReleasesNothing) {
  auto tag = kTag;
  tag[3] ^= 0x01;
  auto ok = decrypt(kNonce, kAad, kCiphertext, tag);
  ASSERT_TRUE(ok.ok());
  EXPECT_FALSE(*ok);
  EXPECT_THAT(plain, Each(0));
}

TEST_F(ProvisionedCcmKey, FlippedNonceBitReleasesNothing) {
  auto nonce = kNonce;
  nonce[0] ^= 0x80;
  auto ok = decrypt(nonce, kAad, kCiphertext, kTag);
  ASSERT_TRUE(ok.ok());
  EXPECT_FALSE(*ok);
  EXPECT_THAT(plain, Each(0));
}

TEST_F(ProvisionedCcmKey, FlippedAadBitReleasesNothing) {
  auto aad = kAad;
  aad[4] ^= 0x02;
  auto ok = decrypt(kNonce, aad, kCiphertext, kTag);
  ASSERT_TRUE(ok.ok());
  EXPECT_FALSE(*ok);
  EXPECT_THAT(plain, Each(0));
}

// The slot's tag length is 4. Neither command carries it; the library reads it from the key table
// and refuses an 8-byte tag on either side, naming the key's 4, before anything is sent.
TEST_F(ProvisionedCcmKey, WrongTagLengthIsRefused) {
  std::array<uint8_t, 16> message{}, ct{};
  std::array<uint8_t, 8> tag8{};
  const core::Status refused = core::Status::with_detail(core::Code::kTagLengthMismatch, 4);
  EXPECT_EQ(probe.se.aes_ccm_encrypt(5, kNonce, kAad, message, ct, tag8).status(), refused);
  const std::array<uint8_t, 8> long_tag = {0x0E, 0xDB, 0xC6, 0x27, 0x00, 0x00, 0x00, 0x00};
  auto ok = decrypt(kNonce, kAad, kCiphertext, long_tag);
  EXPECT_EQ(ok.status(), refused);
  EXPECT_THAT(plain, Each(0));
}

// A CCM* key cannot compute a MAC: the library refuses from the key table, and the chip refuses
// the same request sent to it directly (0x1C, wrong mode of operation).
TEST_F(ProvisionedCcmKey, KeyIsUsableOnlyForItsUsage) {
  std::array<uint8_t, 4> mac{};
  EXPECT_EQ(probe.se.generate_mac(5, kCiphertext, mac), core::Status(core::Code::kKeyModeMismatch));
  std::array<uint8_t, 32> frame{};
  const std::array<uint8_t, 8> payload = {0x03, 0x05, 0x04, 1, 2, 3, 4, 5};
  auto wire = core::stsafe::build_command_frame(core::stsafe::CommandHeader::standard(0x09), payload, frame);
  ASSERT_TRUE(wire.ok());
  EXPECT_EQ(probe.se.transport().transfer(*wire, core::stsafe::expect_at_least(0)).status(),
            core::Status::device(core::Domain::kStsafe, 0x1C));
}

// Without AAD the message still travels (ST's library drops it, fact sheet 2.5).
TEST_F(ProvisionedCcmKey, EncryptionWithoutAadRoundTrips) {
  const std::array<uint8_t, 5> message = {1, 2, 3, 4, 5};
  std::array<uint8_t, 5> ct{}, back{};
  std::array<uint8_t, 4> tag{};
  ASSERT_TRUE(probe.se.aes_ccm_encrypt(5, kNonce, {}, message, ct, tag).ok());
  std::array<uint8_t, 5> expected_ct{};
  std::array<uint8_t, 4> expected_tag{};
  std::array<uint8_t, 32> key{};
  key.fill(0x5A);
  ASSERT_EQ(r.target->platform().crypto.aes_ccm_encrypt(key, kNonce, {}, message, expected_ct, expected_tag),
            hal::CryptoResult::kOk);
  EXPECT_EQ(ct, expected_ct);
  EXPECT_EQ(tag, expected_tag);
  auto ok = probe.se.aes_ccm_decrypt(5, kNonce, {}, ct, tag, back);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(*ok);
  EXPECT_EQ(back, message);
}

// The chip's side of the session rules, provoked through the host library: a command MACed with an
// old counter (a replay) or with the wrong MAC key is refused with 0x16, the host keeps its counter,
// and the chip keeps its own; the genuine session then still works.
TEST(WrappedCcmFlow, ChipRefusesReplayedAndForgedCommands) {
  SimRun r("stsafe-recommended-ac.json");
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  ChipProbe probe(*r.target);
  const std::array<uint8_t, 16> mac_key = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                           0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF};
  const std::array<uint8_t, 16> cipher_key = {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
                                              0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF};
  ASSERT_TRUE(probe.se.open_host_session(mac_key, cipher_key).ok());
  const uint32_t counter = probe.se.host_session().counter();
  ASSERT_GT(counter, 0u);
  hal::Crypto& crypto = r.target->platform().crypto;
  core::stsafe::HostSession& session = probe.se.channel().session();
  const std::array<uint8_t, 16> message{};
  std::array<uint8_t, 16> ct{};
  std::array<uint8_t, 4> tag{};
  const core::Status invalid_cmac = core::Status::device(core::Domain::kStsafe, 0x16);

  ASSERT_TRUE(session.resume(crypto, core::stsafe::HostKeyType::kAes128, mac_key, cipher_key, counter - 1).ok());
  EXPECT_EQ(probe.se.aes_ccm_encrypt(5, kNonce, kAad, message, ct, tag).status(), invalid_cmac);
  EXPECT_EQ(session.counter(), counter - 1);

  std::array<uint8_t, 16> wrong_mac_key = mac_key;
  wrong_mac_key[0] ^= 0x01;
  ASSERT_TRUE(session.resume(crypto, core::stsafe::HostKeyType::kAes128, wrong_mac_key, cipher_key, counter).ok());
  EXPECT_EQ(probe.se.aes_ccm_encrypt(5, kNonce, kAad, message, ct, tag).status(), invalid_cmac);
  EXPECT_EQ(r.device_state()["host_key"]["cmac_counter"], counter);

  ASSERT_TRUE(session.resume(crypto, core::stsafe::HostKeyType::kAes128, mac_key, cipher_key, counter).ok());
  ASSERT_TRUE(probe.se.aes_ccm_encrypt(5, kNonce, kAad, message, ct, tag).ok());
  EXPECT_EQ(r.device_state()["host_key"]["cmac_counter"], counter + 1);
}

TEST(WrappedCcmFlow, CmacAndCcmSlotsCoexist) {
  SimRun r;
  fw::WrappedCmacOptions cmac;
  cmac.address7 = r.target->stsafe_address();
  ASSERT_TRUE(fw::run_wrapped_cmac(r.target->platform(), cmac).ok()) << r.console.text();
  ASSERT_TRUE(run(*r.target).ok()) << r.console.text();
  nlohmann::json st = r.device_state();
  EXPECT_FALSE(slot_entry(st["symmetric_keys"], 3).is_null());
  EXPECT_FALSE(slot_entry(st["symmetric_keys"], 5).is_null());
}

// The platform's cryptography with one AES-CCM encryption answer spoiled, so the host's check of
// the chip's ciphertext fails while everything else (host session, chip) works.
class DisagreeingCcm final : public ForwardingCrypto {
 public:
  using ForwardingCrypto::ForwardingCrypto;
  R aes_ccm_encrypt(Bytes key, Bytes nonce, Bytes aad, Bytes plaintext, MutableBytes ciphertext,
                    MutableBytes tag) override {
    const R r = ForwardingCrypto::aes_ccm_encrypt(key, nonce, aad, plaintext, ciphertext, tag);
    if (!ciphertext.empty()) ciphertext[0] ^= 0x01;
    return r;
  }
};

TEST(WrappedCcmFlow, AFailedPlatformCheckEndsTheRunWithoutASuccessAfterIt) {
  SimRun r;
  hal::Platform& p = r.target->platform();
  DisagreeingCcm crypto(p.crypto);
  hal::Platform spoiled{p.i2c, p.clock, p.power, crypto, p.console, p.registers};
  fw::WrappedCcmOptions o;
  o.address7 = r.target->stsafe_address();
  core::Status s = fw::run_wrapped_ccm(spoiled, o);
  EXPECT_FALSE(s.ok());
  const std::string out = r.console.text();
  const std::string failed = " - Verify ciphertext and tag using platform crypto: FAILED\n";
  ASSERT_THAT(out, HasSubstr(failed));
  EXPECT_EQ(out.substr(out.size() - failed.size()), failed) << "nothing runs, or claims success, after the failure";
}

}  // namespace
}  // namespace kb::test
