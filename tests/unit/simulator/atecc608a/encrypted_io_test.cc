// Encrypted Read, Write and PrivWrite (fact sheet B6.2, B7.3) through a TempKey that Nonce and
// GenDig over the ReadKey/WriteKey slot made: the host side computed with OpenSSL. Also clear
// writes into PubInvalid public-key slots.
#include <gtest/gtest.h>

#include "tests/unit/simulator/atecc608a/auth_reference.h"

namespace kb::sim::atecc608a {
namespace {

using namespace test_support;

constexpr uint8_t kOk = 0x00, kRefused = 0x0F;
const Bytes kNumIn = repeat(0x6E, 20);
const Bytes kIoKey = repeat(0x4B, 32);
const Bytes kOtherKey = repeat(0x3D, 32);

Bytes slot9_value() {
  Bytes v(72);
  for (size_t i = 0; i < v.size(); ++i) v[i] = static_cast<uint8_t>(3 * i + 1);
  return v;
}

class AteccEncryptedIo : public ::testing::Test {
 protected:
  void SetUp() override {
    // Slot 4 the read/write key, slot 3 another key. Slot 9: EncryptRead and IsSecret with
    // ReadKey 4, WriteKey 4 and WriteConfig 0100 (encrypted writes). Slot 0: a P-256 private key
    // that PrivWrite may set encrypted under WriteKey 4 (WriteConfig bit 14). Slots 10 and 11:
    // PubInvalid public keys, validated (PubInfo) and not.
    image = locked_image({{4, 0x0080, 0x001C, kIoKey},
                          {3, 0x0080, 0x001C, kOtherKey},
                          {9, 0x44C4, 0x001C, slot9_value()},
                          {0, 0x4483, 0x0013, {}},
                          {10, 0x1000, 0x0012, {}},
                          {11, 0x1000, 0x0010, {}}});
    b.chip.set_image(image);
    ASSERT_EQ(b.wake().size(), 4u);
    b.cycle_each_command = true;
    sn = serial(image);
  }
  // Nonce then GenDig over slot key_slot; the TempKey both sides now hold.
  Bytes session(uint16_t key_slot, const Bytes& key) {
    const Bytes tk = random_nonce(b, kNumIn);
    EXPECT_EQ(b.status_of(0x15, 0x02, key_slot), kOk);
    return gendig_data_temp_key(tk, key, key_slot, sn);
  }
  Bytes slot_bytes(size_t slot, size_t from, size_t n) const {
    const auto s = b.chip.eeprom().slot(slot).subspan(from, n);
    return Bytes(s.begin(), s.end());
  }
  EepromImage image;
  Bytes sn;
  AteccOnBus b;
};

TEST_F(AteccEncryptedIo, ReadComesOutXoredWithTempKey) {
  const Bytes tk = session(4, kIoKey);
  const Bytes cipher = b.payload(0x02, 0x82, data_address(9, 1));
  ASSERT_EQ(cipher.size(), 32u);
  EXPECT_EQ(xor_bytes(cipher, tk), slot_bytes(9, 32, 32));
  EXPECT_EQ(b.status_of(0x02, 0x82, data_address(9, 1)), kRefused) << "the read spent TempKey";
  session(4, kIoKey);
  EXPECT_EQ(b.status_of(0x02, 0x02, data_address(9, 0)), kRefused) << "no 4-byte encrypted reads";
  session(3, kOtherKey);
  EXPECT_EQ(b.status_of(0x02, 0x82, data_address(9, 0)), kRefused) << "TempKey from the wrong key";
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, repeat(1, 32)), kOk);
  ASSERT_EQ(b.status_of(0x15, 0x02, 4), kOk);
  EXPECT_EQ(b.status_of(0x02, 0x82, data_address(9, 0)), kRefused) << "TempKey not from a random Nonce";
}

TEST_F(AteccEncryptedIo, WriteDecryptsAndChecksTheMac) {
  const Bytes plain = repeat(0xB7, 32);
  const uint16_t address = data_address(9, 1);
  Bytes tk = session(4, kIoKey);
  const Bytes mac = sha256(cat({tk, {0x12, 0xC2}, le16(address), {sn[8], sn[0], sn[1]}, zeros(25), plain}));
  Bytes bad_mac = mac;
  bad_mac[0] ^= 0x80;
  ASSERT_EQ(b.status_of(0x12, 0xC2, address, cat({xor_bytes(plain, tk), bad_mac})), kRefused);
  const Bytes original = slot9_value();
  EXPECT_EQ(slot_bytes(9, 32, 32), Bytes(original.begin() + 32, original.begin() + 64)) << "unchanged";
  tk = session(4, kIoKey);
  const Bytes mac2 = sha256(cat({tk, {0x12, 0xC2}, le16(address), {sn[8], sn[0], sn[1]}, zeros(25), plain}));
  ASSERT_EQ(b.status_of(0x12, 0xC2, address, cat({xor_bytes(plain, tk), mac2})), kOk);
  EXPECT_EQ(slot_bytes(9, 32, 32), plain);
  EXPECT_EQ(b.status_of(0x12, 0x82, address, plain), kRefused) << "clear writes refused by WriteConfig";
  tk = session(3, kOtherKey);
  const Bytes mac3 = sha256(cat({tk, {0x12, 0xC2}, le16(address), {sn[8], sn[0], sn[1]}, zeros(25), plain}));
  EXPECT_EQ(b.status_of(0x12, 0xC2, address, cat({xor_bytes(plain, tk), mac3})), kRefused) << "not the WriteKey";
}

TEST_F(AteccEncryptedIo, PrivWriteAfterTheDataLock) {
  Bytes plain = zeros(4);
  for (uint8_t i = 1; i <= 32; ++i) plain.push_back(i);
  const Bytes tk = session(4, kIoKey);
  const Bytes second = sha256(tk);
  const Bytes cipher =
      cat({xor_bytes(first(plain, 32), tk), xor_bytes(Bytes(plain.begin() + 32, plain.end()), first(second, 4))});
  const Bytes mac = sha256(cat({tk, {0x46, 0x40}, le16(0), {sn[8], sn[0], sn[1]}, zeros(21), plain}));
  ASSERT_EQ(b.status_of(0x46, 0x40, 0, cat({cipher, mac})), kOk);
  EXPECT_EQ(slot_bytes(0, 0, 36), plain);
  EXPECT_EQ(b.status_of(0x46, 0x00, 0, cat({plain, zeros(32)})), kRefused) << "clear PrivWrite after the lock";
  EXPECT_EQ(b.status_of(0x46, 0x40, 0, cat({cipher, mac})), kRefused) << "TempKey was spent";
}

TEST_F(AteccEncryptedIo, PubInvalidSlots) {
  // Byte 0's upper nibble 0x5 marks a validated key, 0xA one Verify Invalidate left; only a
  // validated key is protected from PubInvalid writes.
  const Bytes block = repeat(0x5D, 32);
  EepromImage img = b.chip.image();
  img.data[slot_offset(10)] = 0x50;
  b.chip.set_image(img);
  EXPECT_EQ(b.status_of(0x12, 0x82, data_address(10, 0), block), kRefused) << "a validated public key";
  EXPECT_EQ(b.status_of(0x12, 0x82, data_address(11, 0), block), kOk) << "not a validated key";
  img = b.chip.image();
  img.data[slot_offset(10)] = 0xA0;
  b.chip.set_image(img);
  EXPECT_EQ(b.status_of(0x12, 0x82, data_address(10, 0), block), kOk) << "invalidated";
}

}  // namespace
}  // namespace kb::sim::atecc608a
