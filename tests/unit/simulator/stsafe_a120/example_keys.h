#pragma once
// The keys and slot contents of the fact sheet's examples (7.2, 7.3, 3.6, 4.6), set straight into
// a model the way a Zephyr emulator test reaches into its device.
#include <gtest/gtest.h>

#include "simulator/stsafe_a120/stsafe.h"
#include "tests/unit/simulator/stsafe_a120/host_channel.h"

namespace kb::sim::stsafe_a120::test_support {

// Fact sheet 7: host keys of every example application.
inline Bytes test_mac_key() {
  return hex("00112233445566778899AABBCCDDEEFF");
}
inline Bytes test_cipher_key() {
  return hex("0123456789ABCDEF0123456789ABCDEF");
}

inline HostChannel give_test_host_keys(Stsafe& chip, uint32_t counter = 0) {
  chip.set_host_key(HostKeySlot{true, HostKeyType::kAes128, test_mac_key(), test_cipher_key(), counter});
  return HostChannel{test_mac_key(), test_cipher_key(), counter};
}

// Fact sheet 7.2: AES-128 16 x 5A, CMAC, MAC generation + verification, min MAC length 2
// (key info 00 03 00 01 00 03 02 in slot 3).
inline SymmetricKeyInfo cmac_example_info(uint8_t slot = 3) {
  SymmetricKeyInfo info;
  info.slot = slot;
  info.type = SymmetricKeyType::kAes128;
  info.mode = KeyMode::kCmac;
  info.usage = key_usage::kMacGeneration | key_usage::kMacVerification;
  info.min_mac_length = 2;
  return info;
}

// Fact sheet 7.3: AES-256 32 x 5A, CCM*, encryption + decryption, tag 4, no counter
// (key info 00 05 01 00 00 0C 04 00 in slot 5).
inline SymmetricKeyInfo ccm_example_info(uint8_t slot = 5) {
  SymmetricKeyInfo info;
  info.slot = slot;
  info.type = SymmetricKeyType::kAes256;
  info.mode = KeyMode::kCcm;
  info.usage = key_usage::kEncryption | key_usage::kDecryption;
  info.tag_length = 4;
  return info;
}

inline void put_key(Stsafe& chip, const SymmetricKeyInfo& info, const Bytes& key, uint32_t counter = 0) {
  chip.set_symmetric_key(info.slot, SymmetricKeySlot{true, info, key, counter});
}
inline void put_cmac_example_key(Stsafe& chip) {
  put_key(chip, cmac_example_info(), repeat(0x5A, 16));
}
inline void put_ccm_example_key(Stsafe& chip) {
  put_key(chip, ccm_example_info(), repeat(0x5A, 32));
}

// The chip's command access table with one command's record changed.
inline void set_access(Stsafe& chip, uint8_t code, AccessCondition access, uint8_t encryption_flags = 0,
                       std::optional<uint8_t> ext_code = std::nullopt) {
  CommandAccessTable table = chip.state().command_access;
  CommandAuthorization* record = table.find(code, ext_code);
  ASSERT_NE(record, nullptr);
  record->access = access;
  record->encryption_flags = encryption_flags;
  chip.set_command_access(table);
}

// Fact sheet 7.2 step 6 / 7.3 step 6 payloads.
inline Bytes generate_mac_example_payload() {
  return cat({hex("03 03 04"), counting(16)});
}
inline Bytes ccm_encrypt_example_payload() {
  return cat({hex("02 05"), counting(13), hex("00 08"), repeat(0x5A, 8), hex("00 10"), counting(16)});
}
inline Bytes ccm_example_ciphertext() {
  return hex("69 66 30 BB 08 0F E4 1D 61 04 89 D3 DA 23 21 66");
}
inline Bytes ccm_example_tag() {
  return hex("0E DB C6 27");
}
inline Bytes ccm_decrypt_example_payload() {
  return cat({hex("02 05"), counting(13), hex("00 08"), repeat(0x5A, 8), hex("00 14"), ccm_example_ciphertext(),
              ccm_example_tag()});
}

// Fact sheet 4.6: the ephemeral key pairs of chip and host, and the host keys Establish host key
// derives from them.
inline const Bytes kChipPrivate = repeat(0x11, 32);
inline const Bytes kHostPrivate = repeat(0x22, 32);
inline const Bytes kChipPublic = hex(
    "0217E617F0B6443928278F96999E69A23A4F2C152BDF6D6CDF66E5B80282D4ED194A7DEBCB97712D2DDA3CA85AA8765A56F45FC758599652F2"
    "897C65306E5794");
inline const Bytes kHostPublic = hex(
    "D65A93977CAA3D1B081852FF57A79E465F1660577304BAEAD505DD3A48589CF350185E895372DF6221EA3A137557E473FDDB6755F05BD507C3"
    "C533FCE9C91285");
inline const Bytes kEstablishedHostKeys = hex("9DE7C3AFFC5C6B965A554B20FF7AFDB6 F3410F28A54E359B2C243B83F12CA185");

// Generate ECDHE on P-256, the chip drawing the 4.6 key.
inline void generate_vector_ecdhe(StsafeOnBus& b) {
  b.chip.inject_next_ecdhe_private_key(kChipPrivate);
  ASSERT_EQ(b.transact(hex("1F 0B 00 08 2A 86 48 CE 3D 03 01 07 C2 6A"))[0], 0x00);
}

// Working KEK k of the session the host opens with its key against the chip's (fact sheet 4.1),
// computed by the tests' own helpers.
inline Bytes host_working_kek(uint8_t k, const Bytes& chip_public = kChipPublic,
                              const Bytes& host_private = kHostPrivate) {
  const Bytes z = p256_shared_x(host_private, chip_public);
  const Bytes base = hkdf_sha256(kdf_salt(), z, cat({chip_public, p256_public(host_private)}), 32);
  return hkdf_sha256(kdf_salt(), base, Bytes{0x10, 0x11, k}, 32);
}

}  // namespace kb::sim::stsafe_a120::test_support
