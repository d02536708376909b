// Host key and symmetric slot provisioning control fields (fact sheet 2.6, 2.7, 8.4, 8.5, 8.6):
// every rule, and that a refused operation leaves the saved state exactly as it was.
#include <gtest/gtest.h>

#include "tests/unit/simulator/stsafe_a120/stsafe_harness.h"

namespace kb::sim::stsafe_a120 {
namespace {

using test_support::error_frame;
using test_support::frame;
using test_support::hex;
using test_support::response_frame;
using test_support::StsafeOnBus;

const std::vector<uint8_t> kOk = hex("00 00 02 F0 78");
constexpr const char* kMacKey = "00112233445566778899AABBCCDDEEFF";
constexpr const char* kCipherKey = "0123456789ABCDEF0123456789ABCDEF";

std::vector<uint8_t> write_aes128(const std::string& mac, const std::string& cipher) {
  return frame("1F 07 00 00 00 00 " + mac + cipher);
}

std::vector<uint8_t> with_slot(const std::string& command, int slot) {
  std::vector<uint8_t> bytes = hex(command);
  bytes.push_back(static_cast<uint8_t>(slot));
  return test_support::with_crc(bytes);
}

HostKeySlot key(const std::string& mac, const std::string& cipher, uint32_t counter = 0) {
  return HostKeySlot{true, HostKeyType::kAes128, hex(mac), hex(cipher), counter};
}

TEST(StsafeHostKeyControl, FactoryFieldsAre0AFF) {
  StsafeOnBus b;
  const HostKeyControl& c = b.chip.state().host_key_control;
  EXPECT_TRUE(c.change_right);
  EXPECT_FALSE(c.reprovision);
  EXPECT_TRUE(c.plaintext);
  EXPECT_FALSE(c.wrapped_anonymous);
  EXPECT_EQ(c.authentication_key_slot, 0xFF);
  EXPECT_EQ(c.encode(), (std::array<uint8_t, 2>{0x0A, 0xFF}));
}

TEST(StsafeHostKeyControl, PutThatClearsTheChangeRightIsTheLastOne) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(hex("10 4A 07 FF 08 03")), kOk);
  const auto saved = b.chip.save_state();
  EXPECT_EQ(b.transact(frame("10 4A 0F FF")), error_frame(0x11));
  EXPECT_EQ(b.chip.save_state(), saved);
  EXPECT_EQ(b.transact(hex("14 4A 10 E8")), response_frame(0x00, hex("07 FF")));
}

TEST(StsafeHostKeyControl, PutKeepingTheChangeRightCanBeRepeated) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(frame("10 4A 0F 05")), kOk);
  EXPECT_EQ(b.transact(frame("10 4A 08 FF")), kOk);
  EXPECT_EQ(b.transact(hex("14 4A 10 E8")), response_frame(0x00, hex("08 FF")));
}

TEST(StsafeHostKeyControl, ChangeRightClearedRefusesEveryPut) {
  StsafeOnBus b;
  HostKeyControl locked;
  locked.change_right = false;
  b.chip.set_host_key_control(locked);
  const auto saved = b.chip.save_state();
  for (const char* value : {"10 4A 0A FF", "10 4A 07 FF", "10 4A 00 00", "10 4A F0 FF"}) {
    EXPECT_EQ(b.transact(frame(value)), error_frame(0x11)) << value;
  }
  EXPECT_EQ(b.chip.save_state(), saved);
}

TEST(StsafeHostKeyControl, FillerBitsMustBeZero) {
  StsafeOnBus b;
  const auto saved = b.chip.save_state();
  EXPECT_EQ(b.transact(frame("10 4A 1A FF")), error_frame(0x03));
  EXPECT_EQ(b.transact(frame("10 4A 8A FF")), error_frame(0x03));
  EXPECT_EQ(b.chip.save_state(), saved);
}

TEST(StsafeHostKeyControl, PutWithWrongLengthIsInconsistent) {
  StsafeOnBus b;
  const auto saved = b.chip.save_state();
  EXPECT_EQ(b.transact(frame("10 4A 07")), error_frame(0x02));
  EXPECT_EQ(b.transact(frame("10 4A 07 FF 00")), error_frame(0x02));
  EXPECT_EQ(b.chip.save_state(), saved);
}

TEST(StsafeHostKeyWrite, PlaintextFieldZeroRefusesTheWrite) {
  StsafeOnBus b;
  HostKeyControl c;
  c.plaintext = false;
  b.chip.set_host_key_control(c);
  const auto saved = b.chip.save_state();
  EXPECT_EQ(b.transact(write_aes128(kMacKey, kCipherKey)), error_frame(0x1E));
  EXPECT_EQ(b.chip.save_state(), saved);
  EXPECT_FALSE(b.chip.state().host_key.present);
}

TEST(StsafeHostKeyWrite, PresentKeyWithoutReprovisionIsRefused) {
  StsafeOnBus b;
  b.chip.set_host_key(key(kMacKey, kCipherKey, 7));
  const auto saved = b.chip.save_state();
  EXPECT_EQ(b.transact(write_aes128(std::string(32, 'A'), std::string(32, 'B'))), error_frame(0x11));
  EXPECT_EQ(b.chip.save_state(), saved);
  EXPECT_EQ(b.chip.state().host_key.cmac_counter, 7u);
}

TEST(StsafeHostKeyWrite, ReprovisionOverwritesAndResetsTheCounter) {
  StsafeOnBus b;
  HostKeyControl c;
  c.reprovision = true;
  b.chip.set_host_key_control(c);
  b.chip.set_host_key(key(kMacKey, kCipherKey, 41));
  EXPECT_EQ(b.transact(hex("14 47 CB 0D")), response_frame(0x00, hex("01 00 00 00 00 29")));
  EXPECT_EQ(b.transact(write_aes128(std::string(32, 'A'), std::string(32, 'B'))), kOk);
  EXPECT_EQ(b.chip.state().host_key, key(std::string(32, 'A'), std::string(32, 'B'), 0));
  EXPECT_EQ(b.transact(hex("14 47 CB 0D")), response_frame(0x00, hex("01 00 00 00 00 00")));
}

TEST(StsafeHostKeyWrite, FirstWriteNeedsNoReprovisionRight) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(write_aes128(kMacKey, kCipherKey)), kOk);
  EXPECT_EQ(b.chip.state().host_key, key(kMacKey, kCipherKey, 0));
  // Factory fields say re-provision NO: the second write is refused.
  EXPECT_EQ(b.transact(write_aes128(kMacKey, kCipherKey)), error_frame(0x11));
}

TEST(StsafeHostKeyWrite, Aes256Keys) {
  StsafeOnBus b;
  const std::string mac(64, 'C'), cipher(64, 'D');
  EXPECT_EQ(b.transact(frame("1F 07 00 00 00 01 " + mac + cipher)), kOk);
  const HostKeySlot& k = b.chip.state().host_key;
  EXPECT_EQ(k.type, HostKeyType::kAes256);
  EXPECT_EQ(k.mac_key, hex(mac));
  EXPECT_EQ(k.cipher_key, hex(cipher));
  EXPECT_EQ(b.transact(hex("14 47 CB 0D")), response_frame(0x00, hex("01 01 00 00 00 00")));
}

TEST(StsafeHostKeyWrite, MalformedPayloads) {
  StsafeOnBus b;
  const auto saved = b.chip.save_state();
  const std::string k16(32, '1'), k32(64, '2');
  EXPECT_EQ(b.transact(frame("1F 07 00 00 00 00 " + k16 + k16 + "00")), error_frame(0x02));  // one byte long
  EXPECT_EQ(b.transact(frame("1F 07 00 00 00 00 " + k16)), error_frame(0x02));               // cipher key missing
  EXPECT_EQ(b.transact(frame("1F 07 00 00 00 01 " + k16 + k16)), error_frame(0x02));  // AES-256 with 128-bit keys
  EXPECT_EQ(b.transact(frame("1F 07 00 00 00 00 " + k32 + k32)), error_frame(0x02));  // AES-128 with 256-bit keys
  EXPECT_EQ(b.transact(frame("1F 07 00 00 00 02 " + k16 + k16)), error_frame(0x03));  // unknown key type
  EXPECT_EQ(b.transact(frame("1F 07 00 00 01 00 " + k16 + k16)), error_frame(0x03));  // non-zero prefix
  EXPECT_EQ(b.transact(frame("1F 07 00 00")), error_frame(0x02));                     // no key type
  EXPECT_EQ(b.chip.save_state(), saved);
}

TEST(StsafeSymmetricSlotControl, FactoryIs08FFFFForEverySlot) {
  StsafeOnBus b;
  for (int slot = 0; slot < 16; ++slot) {
    EXPECT_EQ(b.transact(with_slot("14 4B", slot)), response_frame(0x00, hex("08 FF FF"))) << slot;
  }
}

TEST(StsafeSymmetricSlotControl, PerSlotChangeRight) {
  StsafeOnBus b;
  // Fact sheet 2.7: the EX example writes 03 FF FF, which clears the slot's change right.
  EXPECT_EQ(b.transact(frame("10 4B 03 03 FF FF")), kOk);
  EXPECT_EQ(b.transact(frame("14 4B 03")), response_frame(0x00, hex("03 FF FF")));
  const auto saved = b.chip.save_state();
  EXPECT_EQ(b.transact(frame("10 4B 03 0B FF FF")), error_frame(0x11));
  EXPECT_EQ(b.chip.save_state(), saved);
  // Other slots keep theirs. A put asking to keep the change right (3A has bit 0.3 set) still
  // spends it: the fields read back 32.
  EXPECT_EQ(b.transact(frame("10 4B 04 3A 01 02")), kOk);
  EXPECT_EQ(b.transact(frame("14 4B 04")), response_frame(0x00, hex("32 01 02")));
  const SymmetricSlotControl& c = b.chip.state().symmetric_key_control[4];
  EXPECT_TRUE(c.derived && c.plaintext && c.wrapped_anonymous);
  EXPECT_FALSE(c.ecdhe_anonymous || c.put_key || c.change_right);
  EXPECT_EQ(c.wrapped_authentication_key_slot, 0x01);
  EXPECT_EQ(c.ecdhe_authentication_key_slot, 0x02);
}

// ST's A120 symmetric key table documentation: the provisioning control fields are updated once
// in the device's lifetime. A put that keeps the change right bit set (0B) does not buy a second
// one: the next put, whatever it carries, answers 0x11 and changes nothing.
TEST(StsafeSymmetricSlotControl, FieldsChangeOnceEvenWhenThePutKeepsTheChangeRight) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(frame("10 4B 05 0B FF FF")), kOk);
  EXPECT_EQ(b.transact(frame("14 4B 05")), response_frame(0x00, hex("03 FF FF")));
  EXPECT_FALSE(b.chip.state().symmetric_key_control[5].change_right);
  const auto saved = b.chip.save_state();
  for (const char* value : {"10 4B 05 0B FF FF", "10 4B 05 13 FF FF", "10 4B 05 08 FF FF", "10 4B 05 00 00 00"}) {
    EXPECT_EQ(b.transact(frame(value)), error_frame(0x11)) << value;
  }
  EXPECT_EQ(b.chip.save_state(), saved);
  EXPECT_EQ(b.transact(frame("14 4B 05")), response_frame(0x00, hex("03 FF FF")));
}

// A refused put does not spend the right: the slot can still be set afterwards.
TEST(StsafeSymmetricSlotControl, RefusedPutKeepsTheRight) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(frame("10 4B 06 43 FF FF")), error_frame(0x03));
  EXPECT_TRUE(b.chip.state().symmetric_key_control[6].change_right);
  EXPECT_EQ(b.transact(frame("10 4B 06 13 FF FF")), kOk);
  EXPECT_EQ(b.transact(frame("14 4B 06")), response_frame(0x00, hex("13 FF FF")));
}

TEST(StsafeSymmetricSlotControl, BadPuts) {
  StsafeOnBus b;
  const auto saved = b.chip.save_state();
  EXPECT_EQ(b.transact(frame("10 4B 10 03 FF FF")), error_frame(0x03));  // slot 16
  EXPECT_EQ(b.transact(frame("10 4B 03 43 FF FF")), error_frame(0x03));  // filler bit 6
  EXPECT_EQ(b.transact(frame("10 4B 03 03 FF")), error_frame(0x02));
  EXPECT_EQ(b.transact(frame("14 4B 10")), error_frame(0x03));
  EXPECT_EQ(b.transact(frame("14 4B")), error_frame(0x02));
  EXPECT_EQ(b.chip.save_state(), saved);
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
