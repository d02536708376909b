// The host library's MAC and CCM* commands against the simulated STSAFE-A120: the tag and MAC
// lengths are the slot key's (a mismatch is a named error, never a success), and the frame limits
// under the host secure channel are the ones the library says, measured at the limit and one past.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <random>

#include "core/stsafe/command_codes.h"
#include "core/stsafe/commands/aes.h"
#include "core/stsafe/commands/mac.h"
#include "simulator/stsafe_a120/stsafe.h"
#include "tests/flows/flow_fixture.h"
#include "tests/flows/wrapped_flow_support.h"

namespace kb::test {
namespace {

using core::Code;
using core::Status;
using core::stsafe::CommandHeader;
using core::stsafe::Protection;
namespace cmd = core::stsafe::commands;
namespace code = core::stsafe::command_code;
using Bytes = std::vector<uint8_t>;

const Bytes kHostMacKey = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                           0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF};
const Bytes kHostCipherKey = {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF,
                              0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF};

sim::stsafe_a120::Stsafe& chip_of(sim::Bench& bench) {
  return static_cast<sim::stsafe_a120::Stsafe&>(*bench.find("stsafe"));
}

Bytes random_bytes(std::mt19937_64& rng, size_t n) {
  Bytes b(n);
  for (uint8_t& x : b) x = static_cast<uint8_t>(rng());
  return b;
}

// A CCM* key info for the model (slot 5, AES-256, encrypt + decrypt).
sim::stsafe_a120::SymmetricKeyInfo model_ccm_info(uint8_t tag_length, bool counter, uint8_t offset) {
  sim::stsafe_a120::SymmetricKeyInfo info;
  info.slot = 5;
  info.type = sim::stsafe_a120::SymmetricKeyType::kAes256;
  info.mode = sim::stsafe_a120::KeyMode::kCcm;
  info.usage = sim::stsafe_a120::key_usage::kEncryption | sim::stsafe_a120::key_usage::kDecryption;
  info.tag_length = tag_length;
  info.has_counter = counter;
  info.counter_offset = offset;
  return info;
}

// The same key as the host library names it.
core::stsafe::SymmetricKeyInfo host_ccm_info(uint8_t tag_length, bool counter, uint8_t offset) {
  core::stsafe::SymmetricKeyInfo info = core::stsafe::SymmetricKeyInfo::ccm(
      5, core::stsafe::SymmetricKeyType::kAes256,
      core::stsafe::key_usage::kEncryption | core::stsafe::key_usage::kDecryption, tag_length);
  info.counter_present = counter;
  info.counter_offset = offset;
  return info;
}

constexpr std::array<uint8_t, 4> kTagLengths = {0, 4, 8, 16};

// --- CCM* tag length: the slot's, not the caller's ---

// Every combination of a caller's tag length and a slot whose key has another (with and without
// a counter), 1,000 random keys and messages each. The library learns the slot from the chip: half
// the trials from the key table query after the key was put in behind its back, half from its own
// plaintext write of the key. Not one encryption succeeds, every one is refused with the slot's
// tag length named, and no encrypt frame reaches the chip.
TEST(StsafeCcmTagLength, MismatchIsANamedErrorEveryTime) {
  nlohmann::json bench = stsafe_bench({{"symmetric_key_control", {{{"slot", 5}, {"plaintext", true}}}}});
  // Plaintext key writes in 1 ms instead of 500, so 12,000 of them stay quick.
  bench["devices"][0]["timing_ms"] = {{"write_symmetric_key_plaintext", 1}};
  JsonBenchRun r("ccm_tag_mismatch", bench);
  sim::stsafe_a120::Stsafe& chip = chip_of(r.bench());
  ChipProbe probe(*r.target);
  std::mt19937_64 rng(0x5354534146453132);
  size_t trials = 0, successes = 0, named = 0;
  for (uint8_t caller : kTagLengths) {
    for (uint8_t slot_tag : kTagLengths) {
      if (caller == slot_tag) continue;
      for (bool counter : {false, true}) {
        for (int i = 0; i < 1000; ++i) {
          const Bytes key = random_bytes(rng, 32);
          const uint8_t offset = counter ? static_cast<uint8_t>(rng() % 10) : 0;  // 0 without a counter
          if (i % 2 == 0) {
            chip.set_symmetric_key(
                5, sim::stsafe_a120::SymmetricKeySlot{true, model_ccm_info(slot_tag, counter, offset), key, 0});
            ASSERT_TRUE(probe.se.query_symmetric_key_table().ok());
          } else {
            ASSERT_TRUE(probe.se.write_symmetric_key_plaintext(host_ccm_info(slot_tag, counter, offset), key).ok());
          }
          const Bytes nonce = random_bytes(rng, 13);
          const Bytes aad = random_bytes(rng, rng() % 17);
          const Bytes message = random_bytes(rng, 1 + rng() % 64);
          Bytes ciphertext(message.size());
          Bytes tag(caller);
          const uint64_t executed = chip.commands_executed();
          auto result = probe.se.aes_ccm_encrypt(5, nonce, aad, message, ciphertext, tag);
          ++trials;
          if (result.ok()) ++successes;
          if (result.status() == Status::with_detail(Code::kTagLengthMismatch, slot_tag)) ++named;
          EXPECT_EQ(chip.commands_executed(), executed) << "an encrypt frame reached the chip";
        }
      }
    }
  }
  EXPECT_EQ(trials, 24'000u);
  EXPECT_EQ(successes, 0u);
  EXPECT_EQ(named, trials);
}

// A record gone stale (the chip's slot rewritten by someone else after the library read it): the
// answer is checked against the key's exact shape, so a tag or counter other than the record's is
// a truncated or malformed response, and the record is dropped: the next call reads the table and
// refuses locally. Every pair of shapes whose answers differ in length, random keys and messages.
// (A record of tag T with a counter against a slot of tag T + 4 without one gives an answer of the
// expected length; docs/fidelity.md says what is left there.)
TEST(StsafeCcmTagLength, StaleRecordShowsAsAWrongShapeAndIsDropped) {
  SimRun r;
  sim::stsafe_a120::Stsafe& chip = chip_of(r.bench());
  ChipProbe probe(*r.target);
  std::mt19937_64 rng(0x43434D2A);
  size_t trials = 0, successes = 0, shape_errors = 0;
  for (uint8_t believed : kTagLengths) {
    for (bool believed_counter : {false, true}) {
      for (uint8_t actual : kTagLengths) {
        for (bool actual_counter : {false, true}) {
          const size_t believed_extra = believed + (believed_counter ? 4 : 0);
          const size_t actual_extra = actual + (actual_counter ? 4 : 0);
          if (believed_extra == actual_extra) continue;  // same length (or the same shape)
          for (int i = 0; i < 250; ++i) {
            core::stsafe::SymmetricKeyTable table;
            table.count = 16;
            core::stsafe::SymmetricKeySlotInfo& record = table.slots[5];
            record.present = true;
            record.key_type = core::stsafe::SymmetricKeyType::kAes256;
            record.mode = core::stsafe::ModeOfOperation::kCcm;
            record.tag_length = believed;
            record.counter_present = believed_counter;
            probe.se.set_symmetric_key_table(table);
            chip.set_symmetric_key(5, sim::stsafe_a120::SymmetricKeySlot{
                                          true, model_ccm_info(actual, actual_counter, 0), random_bytes(rng, 32), 0});
            const Bytes message = random_bytes(rng, 1 + rng() % 48);
            Bytes ciphertext(message.size());
            Bytes tag(believed);
            auto result =
                probe.se.aes_ccm_encrypt(5, random_bytes(rng, 13), random_bytes(rng, 8), message, ciphertext, tag);
            ++trials;
            if (result.ok()) ++successes;
            const Code c = result.status().code();
            if (c == Code::kResponseTruncated || c == Code::kResponseMalformed) ++shape_errors;
            if (believed != actual) {
              // The record was dropped: the library asks the chip and refuses with the slot's length.
              EXPECT_EQ(probe.se.aes_ccm_encrypt(5, random_bytes(rng, 13), {}, message, ciphertext, tag).status(),
                        Status::with_detail(Code::kTagLengthMismatch, actual));
            }
          }
        }
      }
    }
  }
  EXPECT_EQ(trials, 52u * 250u);
  EXPECT_EQ(successes, 0u);
  EXPECT_EQ(shape_errors, trials);
}

// The caller's tag matching the slot's still works, with and without a counter.
TEST(StsafeCcmTagLength, MatchingTagWorksAndIsTheStandardCcm) {
  SimRun r;
  sim::stsafe_a120::Stsafe& chip = chip_of(r.bench());
  ChipProbe probe(*r.target);
  std::mt19937_64 rng(7);
  for (uint8_t tag_length : {4, 8, 16}) {
    const Bytes key = random_bytes(rng, 32);
    chip.set_symmetric_key(5, sim::stsafe_a120::SymmetricKeySlot{true, model_ccm_info(tag_length, false, 0), key, 0});
    ASSERT_TRUE(probe.se.query_symmetric_key_table().ok());
    const Bytes nonce = random_bytes(rng, 13), aad = random_bytes(rng, 8), message = random_bytes(rng, 40);
    Bytes ct(message.size()), tag(tag_length), want_ct(message.size()), want_tag(tag_length);
    auto counter = probe.se.aes_ccm_encrypt(5, nonce, aad, message, ct, tag);
    ASSERT_TRUE(counter.ok()) << int(tag_length);
    EXPECT_FALSE(counter->present);
    ASSERT_EQ(r.target->platform().crypto.aes_ccm_encrypt(key, nonce, aad, message, want_ct, want_tag),
              hal::CryptoResult::kOk);
    EXPECT_EQ(ct, want_ct);
    EXPECT_EQ(tag, want_tag);
  }
  chip.set_symmetric_key(5, sim::stsafe_a120::SymmetricKeySlot{true, model_ccm_info(8, true, 9), Bytes(32, 1), 41});
  ASSERT_TRUE(probe.se.query_symmetric_key_table().ok());
  Bytes ct(16), tag(8);
  auto counter = probe.se.aes_ccm_encrypt(5, Bytes(13, 0), {}, Bytes(16, 2), ct, tag);
  ASSERT_TRUE(counter.ok());
  EXPECT_TRUE(counter->present);
  EXPECT_EQ(counter->value, 41u);
}

// --- MAC lengths: the chip's rule, refused for the chip's reason ---

// For a CMAC key whose minimum is 1, the library refuses exactly the lengths the chip answers
// 0x1D to (1, 3 and 12 among them, and HMAC's 17..32), naming the MAC length, and lets through
// exactly those it takes.
TEST(StsafeMacLength, HostRefusesWhatTheChipRefusesForTheSameReason) {
  SimRun r;
  sim::stsafe_a120::Stsafe& chip = chip_of(r.bench());
  sim::stsafe_a120::SymmetricKeyInfo info;
  info.slot = 2;
  info.mode = sim::stsafe_a120::KeyMode::kCmac;
  info.usage = sim::stsafe_a120::key_usage::kMacGeneration | sim::stsafe_a120::key_usage::kMacVerification;
  info.min_mac_length = 1;
  chip.set_symmetric_key(2, sim::stsafe_a120::SymmetricKeySlot{true, info, Bytes(16, 0x44), 0});
  ChipProbe probe(*r.target);
  const Bytes message = {1, 2, 3, 4, 5};
  for (size_t length = 0; length <= 40; ++length) {
    Bytes mac(length);
    const Status host = probe.se.generate_mac(2, message, mac);
    // The same request straight to the chip.
    Bytes payload = {0x03, 0x02, static_cast<uint8_t>(length)};
    payload.insert(payload.end(), message.begin(), message.end());
    std::array<uint8_t, 64> frame{};
    auto wire = core::stsafe::build_command_frame(CommandHeader::standard(code::kGenerateMac), payload, frame);
    ASSERT_TRUE(wire.ok());
    auto chip_answer = probe.se.transport().transfer(*wire, core::stsafe::expect_at_least(0));
    if (chip_answer.ok()) {
      EXPECT_TRUE(host.ok()) << length;
    } else {
      EXPECT_EQ(chip_answer.status(), Status::device(core::Domain::kStsafe, 0x1D)) << length;
      EXPECT_EQ(host, Status::with_detail(Code::kMacLengthRefused, 1)) << length;
    }
  }
  for (size_t length : {1u, 3u, 12u, 17u, 24u, 32u}) {
    Bytes mac(length);
    EXPECT_EQ(probe.se.generate_mac(2, message, mac), Status::with_detail(Code::kMacLengthRefused, 1)) << length;
    EXPECT_EQ(probe.se.verify_mac(2, mac, message).status(), Status::with_detail(Code::kMacLengthRefused, 1)) << length;
  }
}

// --- frame limits under the host secure channel ---

struct Limits {
  size_t generate_mac;    // message bytes
  size_t verify_mac_16;   // message bytes next to a 16-byte MAC
  size_t ccm_encrypt;     // AAD + message, 16-byte tag
  size_t ccm_decrypt_16;  // AAD + ciphertext next to a 16-byte tag
};

// Puts the keys in (slot 3 CMAC, slot 5 CCM* with a 16-byte tag), opens the session, and for each
// command: the limit the library reports for the command's protection, a request at the limit that
// the chip executes correctly, and one byte more refused on the host with the limit named and
// nothing sent.
void check_limits(hal::host::HostTarget& target, sim::Bench& bench, const Limits& want) {
  sim::stsafe_a120::Stsafe& chip = chip_of(bench);
  const Bytes cmac_key(16, 0x5A), ccm_key(32, 0x5A);
  sim::stsafe_a120::SymmetricKeyInfo cmac;
  cmac.slot = 3;
  cmac.mode = sim::stsafe_a120::KeyMode::kCmac;
  cmac.usage = sim::stsafe_a120::key_usage::kMacGeneration | sim::stsafe_a120::key_usage::kMacVerification;
  cmac.min_mac_length = 2;
  chip.set_symmetric_key(3, sim::stsafe_a120::SymmetricKeySlot{true, cmac, cmac_key, 0});
  chip.set_symmetric_key(5, sim::stsafe_a120::SymmetricKeySlot{true, model_ccm_info(16, false, 0), ccm_key, 0});
  ChipProbe probe(target);
  core::stsafe::Stsafe& se = probe.se;
  ASSERT_TRUE(se.open_host_session(kHostMacKey, kHostCipherKey).ok());
  hal::Crypto& crypto = target.platform().crypto;
  std::mt19937_64 rng(752);
  const auto protection = [&](uint8_t c) { return se.channel().protection(CommandHeader::standard(c)); };
  const auto frame_limit = [](size_t n) { return Status::with_detail(Code::kFrameLimit, static_cast<uint16_t>(n)); };

  // Generate MAC.
  EXPECT_EQ(cmd::generate_mac_message_limit(protection(code::kGenerateMac)), want.generate_mac);
  Bytes message = random_bytes(rng, want.generate_mac);
  std::array<uint8_t, 16> full{};
  ASSERT_EQ(crypto.aes_cmac(cmac_key, message, full), hal::CryptoResult::kOk);
  std::array<uint8_t, 4> mac{};
  ASSERT_TRUE(se.generate_mac(3, message, mac).ok());
  EXPECT_TRUE(std::equal(mac.begin(), mac.end(), full.begin()));
  uint64_t executed = chip.commands_executed();
  EXPECT_EQ(se.generate_mac(3, Bytes(want.generate_mac + 1, 0), mac), frame_limit(want.generate_mac));
  EXPECT_EQ(chip.commands_executed(), executed);

  // Verify MAC, 16-byte MAC.
  EXPECT_EQ(cmd::verify_mac_message_limit(protection(code::kVerifyMac), 16), want.verify_mac_16);
  message = random_bytes(rng, want.verify_mac_16);
  ASSERT_EQ(crypto.aes_cmac(cmac_key, message, full), hal::CryptoResult::kOk);
  auto valid = se.verify_mac(3, full, message);
  ASSERT_TRUE(valid.ok());
  EXPECT_TRUE(*valid);
  executed = chip.commands_executed();
  EXPECT_EQ(se.verify_mac(3, full, Bytes(want.verify_mac_16 + 1, 0)).status(), frame_limit(want.verify_mac_16));
  EXPECT_EQ(chip.commands_executed(), executed);

  // CCM* encrypt: 16 bytes of AAD, the rest message.
  EXPECT_EQ(cmd::ccm_encrypt_limits(protection(code::kEncrypt), 16, false).aad_and_message, want.ccm_encrypt);
  const Bytes nonce = random_bytes(rng, 13), aad = random_bytes(rng, 16);
  message = random_bytes(rng, want.ccm_encrypt - aad.size());
  Bytes ct(message.size()), tag(16), want_ct(message.size()), want_tag(16);
  ASSERT_TRUE(se.aes_ccm_encrypt(5, nonce, aad, message, ct, tag).ok());
  ASSERT_EQ(crypto.aes_ccm_encrypt(ccm_key, nonce, aad, message, want_ct, want_tag), hal::CryptoResult::kOk);
  EXPECT_EQ(ct, want_ct);
  EXPECT_EQ(tag, want_tag);
  executed = chip.commands_executed();
  Bytes longer(message.size() + 1, 0), longer_ct(message.size() + 1);
  EXPECT_EQ(se.aes_ccm_encrypt(5, nonce, aad, longer, longer_ct, tag).status(), frame_limit(want.ccm_encrypt));
  EXPECT_EQ(chip.commands_executed(), executed);

  // CCM* decrypt: 16 bytes of AAD, the rest ciphertext, and the 16-byte tag.
  EXPECT_EQ(cmd::ccm_decrypt_limits(protection(code::kDecrypt), 16).aad_and_ciphertext, want.ccm_decrypt_16);
  message = random_bytes(rng, want.ccm_decrypt_16 - aad.size());
  ct.assign(message.size(), 0);
  ASSERT_EQ(crypto.aes_ccm_encrypt(ccm_key, nonce, aad, message, ct, tag), hal::CryptoResult::kOk);
  Bytes plain(message.size());
  auto authentic = se.aes_ccm_decrypt(5, nonce, aad, ct, tag, plain);
  ASSERT_TRUE(authentic.ok());
  EXPECT_TRUE(*authentic);
  EXPECT_EQ(plain, message);
  executed = chip.commands_executed();
  Bytes longer_plain(ct.size() + 1);
  ct.push_back(0);
  EXPECT_EQ(se.aes_ccm_decrypt(5, nonce, aad, ct, tag, longer_plain).status(), frame_limit(want.ccm_decrypt_16));
  EXPECT_EQ(chip.commands_executed(), executed);
}

// All four commands under C-MAC and command encryption (the decryption's response encrypted too):
// 732, 716, 716, 700 where ST documents 746, 730, 730, 714.
TEST(StsafeFrameLimits, UnderCommandEncryption) {
  nlohmann::json state = {
      {"command_access",
       {{"commands",
         {{{"code", "0x09"}, {"access", "host"}, {"encrypt_command", true}},
          {{"code", "0x0A"}, {"access", "host"}, {"encrypt_command", true}},
          {{"code", "0x1B"}, {"access", "host"}, {"encrypt_command", true}},
          {{"code", "0x1C"}, {"access", "host"}, {"encrypt_command", true}, {"encrypt_response", true}}}}}}};
  JsonBenchRun r("frame_limits_cenc", stsafe_bench(state));
  check_limits(*r.target, r.bench(), Limits{732, 716, 716, 700});
  EXPECT_EQ(r.device_state()["host_key"]["cmac_counter"], 4) << "every protected command ran, and only those";
}

// The committed recommended table (fact sheet 7.4): MAC commands FREE, encrypt with C-ENC, decrypt
// with R-ENC only, so its command frame loses the C-MAC alone.
TEST(StsafeFrameLimits, RecommendedAccessConditions) {
  SimRun r("stsafe-recommended-ac.json");
  check_limits(*r.target, r.bench(), Limits{746, 730, 716, 712});
}

// The reference bench with everything FREE: ST's documented figures.
TEST(StsafeFrameLimits, PlainFramesKeepTheDocumentedFigures) {
  SimRun r;
  chip_of(r.bench()).set_host_key(
      sim::stsafe_a120::HostKeySlot{true, sim::stsafe_a120::HostKeyType::kAes128, kHostMacKey, kHostCipherKey, 0});
  check_limits(*r.target, r.bench(), Limits{746, 730, 730, 714});
}

// The limit functions for every protection the library builds.
TEST(StsafeFrameLimits, LimitFunctions) {
  const Protection plain{}, mac{true, false, false}, cenc{true, true, false}, renc{true, false, true};
  EXPECT_EQ(cmd::generate_mac_message_limit(plain), 746u);
  EXPECT_EQ(cmd::generate_mac_message_limit(mac), 744u);
  EXPECT_EQ(cmd::generate_mac_message_limit(cenc), 732u);
  EXPECT_EQ(cmd::generate_mac_message_limit(renc), 744u);
  EXPECT_EQ(cmd::verify_mac_message_limit(cenc, 16), 716u);
  EXPECT_EQ(cmd::verify_mac_message_limit(plain, 4), 742u);
  EXPECT_EQ(cmd::ccm_encrypt_limits(plain, 16, true).aad_and_message, 730u);
  EXPECT_EQ(cmd::ccm_encrypt_limits(mac, 16, true).aad_and_message, 728u);
  EXPECT_EQ(cmd::ccm_encrypt_limits(mac, 16, true).message, 747u - 21u);  // answer: ct | tag | 01 | counter | R-MAC
  EXPECT_EQ(cmd::ccm_encrypt_limits(cenc, 4, false).aad_and_message, 716u);
  EXPECT_EQ(cmd::ccm_decrypt_limits(cenc, 16).aad_and_ciphertext, 700u);
  EXPECT_EQ(cmd::ccm_decrypt_limits(renc, 16).aad_and_ciphertext, 712u);
  EXPECT_EQ(cmd::ccm_decrypt_limits(plain, 16).aad_and_ciphertext, 714u);
  EXPECT_EQ(cmd::ecb_limit(plain), 736u);
  EXPECT_EQ(cmd::ecb_limit(mac), 736u);
  EXPECT_EQ(cmd::ecb_limit(cenc), 720u);
  EXPECT_EQ(cmd::ecb_limit(renc), 720u);
}

}  // namespace
}  // namespace kb::test
