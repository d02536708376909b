#pragma once
// A Stsafe with the OpenSSL backend in front of the scripted chip, plus the inputs the fact
// sheet's session and symmetric-key examples share (sections 3.6, 7.2, 7.3).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <initializer_list>

#include "core/stsafe/stsafe.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "tests/unit/core/stsafe/fake_clock.h"
#include "tests/unit/core/stsafe/mock_i2c_initiator.h"
#include "tests/unit/core/stsafe/scripted_stsafe.h"
#include "tests/unit/core/stsafe/session_oracle.h"

namespace kb::test {

// Test host keys of the EX applications (fact sheet 7, 3.6).
inline const Bytes kHostMacKey = hex("00112233445566778899AABBCCDDEEFF");
inline const Bytes kHostCipherKey = hex("0123456789ABCDEF0123456789ABCDEF");
// Message 00..0F, CCM nonce 00..0C, AAD 8 x 5A (fact sheet 7.2, 7.3).
inline Bytes counting(size_t n) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(i);
  return b;
}
inline const Bytes kMessage = counting(16);
inline const Bytes kNonce = counting(13);
inline const Bytes kAad = Bytes(8, 0x5A);
// Fact sheet 7.3: standard AES-256-CCM of kMessage under 32 x 5A.
inline const Bytes kCcmCiphertext = hex("69 66 30 BB 08 0F E4 1D 61 04 89 D3 DA 23 21 66");
inline const Bytes kCcmTag = hex("0E DB C6 27");

struct AccessRule {
  uint8_t code;
  uint8_t extended_code;
  core::stsafe::AccessCondition access;
  bool command_encrypted;
  bool response_encrypted;
};

inline core::stsafe::CommandAccessTable access_table(std::initializer_list<AccessRule> rules) {
  core::stsafe::CommandAccessTable table;
  table.change_rights = 0x03;
  for (const AccessRule& r : rules) {
    table.records[table.count++] = {r.code, r.extended_code, r.access, r.command_encrypted, r.response_encrypted};
  }
  return table;
}

// `14 47` answer: presence 1, AES-128, counter.
inline Bytes host_key_slot_answer(uint32_t counter) {
  return response_wire(0x00, {0x01, 0x00, static_cast<uint8_t>(counter >> 24), static_cast<uint8_t>(counter >> 16),
                              static_cast<uint8_t>(counter >> 8), static_cast<uint8_t>(counter)});
}

// The key table of the examples (fact sheet 7.2, 7.3) as query 0x23 would report it: slot 3 the
// AES-128 CMAC key (minimum MAC length 2), slot 5 the AES-256 CCM* key (tag 4, no counter), slot 6
// an AES-128 ECB key; 16 slots.
inline core::stsafe::SymmetricKeyTable example_key_table() {
  using namespace core::stsafe;
  SymmetricKeyTable table;
  table.count = 16;
  SymmetricKeySlotInfo& cmac = table.slots[3];
  cmac.present = true;
  cmac.mode = ModeOfOperation::kCmac;
  cmac.usage = key_usage::kMacGeneration | key_usage::kMacVerification;
  cmac.min_mac_length = 2;
  SymmetricKeySlotInfo& ccm = table.slots[5];
  ccm.present = true;
  ccm.key_type = SymmetricKeyType::kAes256;
  ccm.mode = ModeOfOperation::kCcm;
  ccm.usage = key_usage::kEncryption | key_usage::kDecryption;
  ccm.tag_length = 4;
  SymmetricKeySlotInfo& ecb = table.slots[6];
  ecb.present = true;
  ecb.mode = ModeOfOperation::kEcb;
  ecb.usage = key_usage::kEncryption | key_usage::kDecryption;
  return table;
}

class StsafeSessionTest : public ::testing::Test {
 protected:
  StsafeSessionTest() { stsafe.set_symmetric_key_table(example_key_table()); }

  // Opens the host session with the test keys on a chip reporting `counter`, and forgets the
  // query's bus traffic.
  void open_session(uint32_t counter) {
    device.answer(host_key_slot_answer(counter));
    ASSERT_TRUE(stsafe.open_host_session(kHostMacKey, kHostCipherKey).ok());
    device.writes.clear();
    device.reads.clear();
  }

  MockI2cInitiator i2c;
  ScriptedStsafe device{i2c};
  FakeClock clock;
  hal::openssl::OpensslCrypto crypto{3};
  core::stsafe::Stsafe stsafe{i2c, clock, crypto};
  SessionOracle oracle{crypto, kHostMacKey, kHostCipherKey};
};

}  // namespace kb::test
