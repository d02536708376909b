#pragma once
// The keys and slot contents of the fact sheet's examples (7.2, 7.3, 3.6, 4.6), set straight into
// a model the way a Zephyr emulator test reaches into its device.
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

}  // namespace kb::sim::stsafe_a120::test_support
