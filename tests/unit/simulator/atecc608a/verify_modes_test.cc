// Verify (0x45) beyond External: Stored with a public key in a slot, the validation life cycle of
// a PubInfo key (a PubInvalid write leaves it invalidated; Validate with the parent key's
// signature over the Sign-internal message makes it usable; Invalidate undoes it),
// ValidateExternal, and the MAC flag under the IO protection key (cryptoauthlib
// atcah_verify_mac). Expected values come from OpenSSL.
#include "tests/unit/simulator/atecc608a/crypto_support.h"

namespace kb::sim::atecc608a {
namespace {

using namespace test_support;

constexpr uint8_t kStored = 0x00, kValidateExternal = 0x01, kExternal = 0x02, kValidate = 0x03, kInvalidate = 0x07;
constexpr uint8_t kFromBuffer = 0x20, kMac = 0x80;
constexpr uint16_t kPublicP256 = 0x0010, kValidatedP256 = 0x0012;  // KeyType P-256, PubInfo for 11
// Slot 11: ReadKey 10 (its parent), WriteConfig PubInvalid.
constexpr uint16_t kChildSlotConfig = 0x100A;
const Bytes kIoKey = hex("55aa55aa00112233445566778899aabbccddeeff0102030405060708090a0b0c");

class AteccVerifyModes : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(b.wake(), hex("04 11 33 43"));
    b.cycle_each_command = true;
    message = openssl_sha256(Bytes{'f', 'i', 'r', 'm', 'w', 'a', 'r', 'e'});
    ChipImage img;
    img.slot(10, 0x0000, kPublicP256).public_key(10, parent.xy());
    img.slot(11, kChildSlotConfig, kValidatedP256);
    img.slot(12, 0x0000, kPublicP256).public_key(12, child.xy());
    img.slot(13, 0x0080, 0x001C).slot_bytes(13, 0, kIoKey).u16(90, 0xD002);
    img.lock(true, true).apply(b);
  }
  // The 72-byte stored format, as cryptoauthlib writes it in three 32-byte blocks.
  void write_public_key(size_t slot, const Bytes& xy, uint8_t expected_status = kOk) {
    Bytes stored(96, 0x00);
    std::copy(xy.begin(), xy.begin() + 32, stored.begin() + 4);
    std::copy(xy.begin() + 32, xy.end(), stored.begin() + 40);
    for (size_t block = 0; block < 3; ++block) {
      EXPECT_EQ(b.status_of(0x12, 0x82, data_address(slot, block), slice(stored, 32 * block, 32)), expected_status);
    }
  }
  uint8_t validation_nibble(size_t slot) { return b.payload(0x02, 0x02, data_address(slot, 0))[0] >> 4; }
  // The Validate/Invalidate exchange: TempKey = the GenKey PubKey digest of slot 11 (injected, as
  // GenKey digests are not modelled yet), OtherData with byte 17 = invalidate, the parent's
  // signature over the Sign-internal message.
  uint8_t validate(bool invalidate, const HostKey& signer, bool flag_matches = true) {
    const Bytes temp_key = repeat(0xD1, 32);
    inject_temp_key(b, temp_key, 11, false, true);
    Bytes other = repeat(0x00, 19);
    other[0] = 0x01;
    other[17] = (invalidate == flag_matches) ? 0x01 : 0x00;
    const Bytes sig = signer.sign(internal_digest(temp_key, other, serial_of(b)));
    return b.status_of(0x45, invalidate ? kInvalidate : kValidate, 11, concat(sig, other));
  }
  HostKey parent, child;
  Bytes message;
  AteccOnBus b;
};

TEST_F(AteccVerifyModes, StoredUsesTheKeyInTheSlot) {
  const Bytes sig = child.sign(message);
  EXPECT_EQ(b.status_of(0x45, kStored, 12, sig), kRefused) << "no message loaded";
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, message), kOk);
  EXPECT_EQ(b.status_of(0x45, kStored, 12, sig), kOk);
  EXPECT_EQ(b.status_of(0x45, kStored, 10, sig), kMiscompare) << "the parent did not sign it";
  ASSERT_EQ(b.status_of(0x16, 0x43, 0, message), kOk);
  EXPECT_EQ(b.status_of(0x45, kStored | kFromBuffer, 12, sig), kOk);
  EXPECT_EQ(b.status_of(0x45, kStored, 0, sig), kRefused) << "slot 0 is too small for a public key";
  EXPECT_EQ(b.status_of(0x45, kStored, 13, sig), kRefused) << "KeyType SHA";
}

TEST_F(AteccVerifyModes, ValidationLifeCycle) {
  write_public_key(11, child.xy());
  EXPECT_EQ(validation_nibble(11), 0xA) << "a PubInvalid write leaves the key invalidated";
  const Bytes sig = child.sign(message);
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, message), kOk);
  EXPECT_EQ(b.status_of(0x45, kStored, 11, sig), kRefused) << "not validated yet";
  EXPECT_EQ(validate(false, child), kMiscompare) << "signed by the wrong key";
  EXPECT_EQ(validate(false, parent, false), kRefused) << "OtherData[17] says invalidate";
  EXPECT_EQ(validation_nibble(11), 0xA);
  EXPECT_EQ(validate(false, parent), kOk);
  EXPECT_EQ(validation_nibble(11), 0x5);
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, message), kOk);
  EXPECT_EQ(b.status_of(0x45, kStored, 11, sig), kOk) << "validated keys verify";
  write_public_key(11, parent.xy(), kRefused);
  EXPECT_EQ(validate(true, parent), kOk);
  EXPECT_EQ(validation_nibble(11), 0xA);
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, message), kOk);
  EXPECT_EQ(b.status_of(0x45, kStored, 11, sig), kRefused) << "invalidated";
  write_public_key(11, parent.xy());
}

TEST_F(AteccVerifyModes, ValidateNeedsTheGenKeyDigestOfThatSlot) {
  write_public_key(11, child.xy());
  Bytes other = repeat(0x00, 19);
  const Bytes temp_key = repeat(0x3E, 32);
  const Bytes sig = parent.sign(internal_digest(temp_key, other, serial_of(b)));
  inject_temp_key(b, temp_key, 11, true, false);
  EXPECT_EQ(b.status_of(0x45, kValidate, 11, concat(sig, other)), kRefused) << "GenDig, not GenKey";
  inject_temp_key(b, temp_key, 12, false, true);
  EXPECT_EQ(b.status_of(0x45, kValidate, 11, concat(sig, other)), kRefused) << "digest of another slot";
  inject_temp_key(b, temp_key, 12, false, true);
  EXPECT_EQ(b.status_of(0x45, kValidate, 12, concat(sig, other)), kRefused) << "slot 12 has no PubInfo";
  inject_temp_key(b, temp_key, 11, false, true);
  EXPECT_EQ(b.status_of(0x45, kValidate, 11, concat(sig, other)), kOk);
}

TEST_F(AteccVerifyModes, ValidateExternalChecksTheSignature) {
  const Bytes sig = child.sign(message);
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, message), kOk);
  EXPECT_EQ(b.status_of(0x45, kValidateExternal, 0x0004, concat(sig, child.xy())), kOk);
  EXPECT_EQ(b.status_of(0x45, kValidateExternal, 0x0004, concat(sig, parent.xy())), kMiscompare);
}

TEST_F(AteccVerifyModes, MacFlagAnswersTheValidatingMac) {
  const Bytes sig = child.sign(message);
  const Bytes system_nonce = repeat(0x4E, 32);
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, message), kOk);
  EXPECT_EQ(b.status_of(0x45, kMac | kExternal, 0x0004, concat(sig, child.xy())), kRefused)
      << "no system nonce in the digest buffer";
  ASSERT_EQ(b.status_of(0x16, 0x43, 0, system_nonce), kOk);
  EXPECT_EQ(b.payload(0x45, kMac | kExternal, 0x0004, concat(sig, child.xy())),
            openssl_sha256(concat(concat(concat(concat(kIoKey, message), system_nonce), sig), hex("45 82 04 00"))));
  EXPECT_EQ(b.payload(0x45, kMac | kStored, 12, sig),
            openssl_sha256(concat(concat(concat(concat(kIoKey, message), system_nonce), sig), hex("45 80 0C 00"))));
  Bytes wrong = sig;
  wrong[3] ^= 1;
  EXPECT_EQ(b.status_of(0x45, kMac | kStored, 12, wrong), kMiscompare);
  // Message in the lower half of the buffer, the nonce in the upper half.
  ASSERT_EQ(b.status_of(0x16, 0x63, 0, concat(message, system_nonce)), kOk);
  EXPECT_EQ(b.payload(0x45, kMac | kFromBuffer | kStored, 12, sig),
            openssl_sha256(concat(concat(concat(concat(kIoKey, message), system_nonce), sig), hex("45 A0 0C 00"))));
  ChipImage().slot(12, 0x0000, kPublicP256).public_key(12, child.xy()).lock(true, true).apply(b);
  EXPECT_EQ(b.status_of(0x45, kMac | kFromBuffer | kStored, 12, sig), kRefused) << "IO protection disabled";
}

TEST_F(AteccVerifyModes, ParameterValidation) {
  const Bytes sig = child.sign(message);
  EXPECT_EQ(b.status_of(0x45, kStored, 16, sig), kParse) << "slot 16";
  EXPECT_EQ(b.status_of(0x45, kStored, 12, concat(sig, child.xy())), kParse) << "Stored takes 64 bytes";
  EXPECT_EQ(b.status_of(0x45, kValidate, 11, sig), kParse) << "Validate takes 83 bytes";
  EXPECT_EQ(b.status_of(0x45, kMac | kValidate, 11, concat(sig, repeat(0, 19))), kParse) << "no MAC for Validate";
  EXPECT_EQ(b.status_of(0x45, kMac | kValidateExternal, 4, concat(sig, child.xy())), kParse);
  EXPECT_EQ(b.status_of(0x45, kValidateExternal, 5, concat(sig, child.xy())), kParse) << "key type P-256";
}

}  // namespace
}  // namespace kb::sim::atecc608a
