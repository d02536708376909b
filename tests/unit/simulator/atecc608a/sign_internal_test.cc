// Sign internal mode (0x41 without bit 7): the chip signs SHA-256 of the 55-byte message built
// from TempKey (as GenDig or GenKey leave it), the config of the slot TempKey came from and the
// serial number (cryptoauthlib atcah_sign_internal_msg). The test builds the message itself and
// checks the signature with OpenSSL under the public key GenKey returned.
#include "tests/unit/simulator/atecc608a/crypto_support.h"

namespace kb::sim::atecc608a {
namespace {

using namespace test_support;

constexpr uint16_t kInternalSign = 0x2002;  // SlotConfig: internal sign, GenKey allowed
constexpr uint16_t kExternalSign = 0x2001;
constexpr uint16_t kP256Private = 0x0013;  // Private, PubInfo, P-256
constexpr uint16_t kReqRandom = 0x0053;
// Slot 9: data TempKey was made from (SlotConfig 0x3C8F, KeyConfig 0x005C arbitrary but distinct).
constexpr uint16_t kSourceSlotConfig = 0x3C8F, kSourceKeyConfig = 0x005C;

class AteccSignInternal : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(b.wake(), hex("04 11 33 43"));
    b.cycle_each_command = true;
    ChipImage img;
    img.slot(0, kInternalSign, kP256Private).slot(1, kExternalSign, kP256Private).slot(2, kInternalSign, kReqRandom);
    img.slot(9, kSourceSlotConfig, kSourceKeyConfig).u16(88, 0xFDFF);  // slot 9 locked
    img.lock(true, false).apply(b);
    for (uint16_t slot : {0, 1, 2}) public_keys.push_back(b.payload(0x40, 0x04, slot));
    ASSERT_EQ(b.status_of(0x17, 0x81, 0), kOk);
    for (size_t i = 0; i < 32; ++i) temp_key.push_back(static_cast<uint8_t>(0xA0 + i));
  }
  // OtherData as the 608 fills it for Sign internal with TempKey from slot 9.
  Bytes other_data(uint8_t mode, uint16_t key_id, uint8_t flags, bool with_serial) {
    const Bytes sn = serial_of(b);
    Bytes d{mode,
            static_cast<uint8_t>(key_id),
            static_cast<uint8_t>(key_id >> 8),
            kSourceSlotConfig & 0xFF,
            kSourceSlotConfig >> 8,
            kSourceKeyConfig & 0xFF,
            kSourceKeyConfig >> 8,
            flags,
            0x00,
            0x00};
    d = concat(d, with_serial ? slice(sn, 4, 4) : repeat(0, 4));
    d = concat(d, with_serial ? slice(sn, 2, 2) : repeat(0, 2));
    d.push_back(0x00);  // slot 9 is locked
    d.push_back((mode & 0x01) != 0 ? 0x01 : 0x00);
    d.push_back(0x00);
    return d;
  }
  Bytes expected_digest(uint8_t mode, uint16_t key_id, uint8_t flags) {
    return internal_digest(temp_key, other_data(mode, key_id, flags, (mode & 0x40) != 0), serial_of(b));
  }
  std::vector<Bytes> public_keys;
  Bytes temp_key;
  AteccOnBus b;
};

TEST_F(AteccSignInternal, SignsTheGenDigMessage) {
  inject_temp_key(b, temp_key, 9, true, false);
  const Bytes rs = b.payload(0x41, 0x00, 0);
  ASSERT_EQ(rs.size(), 64u);
  // Flags: KeyId 9, SourceFlag 1 (not random), GenDigData.
  EXPECT_TRUE(openssl_verifies(public_keys[0], expected_digest(0x00, 0, 0x39), rs));
  EXPECT_FALSE(openssl_verifies(public_keys[0], expected_digest(0x00, 0, 0x59), rs)) << "GenKeyData instead";
}

TEST_F(AteccSignInternal, SerialNumberAndInvalidateBits) {
  inject_temp_key(b, temp_key, 9, false, true, true);
  const Bytes rs = b.payload(0x41, 0x41, 0);
  // Flags: KeyId 9, SourceFlag 0 (random), GenKeyData.
  EXPECT_TRUE(openssl_verifies(public_keys[0], expected_digest(0x41, 0, 0x49), rs));
  EXPECT_FALSE(openssl_verifies(public_keys[0], expected_digest(0x40, 0, 0x49), rs));
}

TEST_F(AteccSignInternal, Refusals) {
  EXPECT_EQ(b.status_of(0x41, 0x00, 0), kRefused) << "no TempKey";
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, temp_key), kOk);
  EXPECT_EQ(b.status_of(0x41, 0x00, 0), kRefused) << "a pass-through TempKey describes nothing inside the chip";
  inject_temp_key(b, temp_key, 9, true, false);
  EXPECT_EQ(b.status_of(0x41, 0x00, 1), kRefused) << "SlotConfig ReadKey bit 1 clear";
  EXPECT_EQ(b.status_of(0x41, 0x00, 2), kRefused) << "ReqRandom and a TempKey not from a random nonce";
  inject_temp_key(b, temp_key, 9, true, false, true);
  EXPECT_EQ(b.payload(0x41, 0x00, 2).size(), 64u) << "ReqRandom satisfied";
  EXPECT_EQ(b.status_of(0x41, 0x00, 9), kRefused) << "not a private key";
  EXPECT_EQ(b.status_of(0x41, 0x20, 0), kParse) << "the digest buffer is for external messages";
}

}  // namespace
}  // namespace kb::sim::atecc608a
