// KDF (0x56): HKDF pinned to RFC 5869 (extract; expand driven by the host as the chip is used),
// PRF against OpenSSL's TLS1-PRF, AES against FIPS-197 and OpenSSL, every source and target,
// the IO-protected output, the ChipOptions gates and the parameter checks (fact sheet B6.2).
#include <openssl/kdf.h>

#include "tests/unit/simulator/atecc608a/crypto_support.h"

namespace kb::sim::atecc608a {
namespace {

using namespace test_support;

constexpr uint8_t kHkdf = 0x40, kAes = 0x20, kPrf = 0x00;
constexpr uint8_t kFromTempKey = 0x00, kFromSlot = 0x02, kFromAltKey = 0x03;
constexpr uint8_t kToTempKey = 0x00, kToSlot = 0x08, kToAltKey = 0x0C, kToOutput = 0x10, kToEncrypted = 0x14;
constexpr uint16_t kShaKey = 0x001C, kAesKey = 0x0018;
constexpr uint16_t kDeriveTarget = 0x2000;  // SlotConfig WriteConfig bit 13

// details (LE) | message; the message length rides in details byte 3 except for AES.
Bytes kdf_data(uint32_t details, const Bytes& message, bool aes = false) {
  if (!aes) details |= static_cast<uint32_t>(message.size()) << 24;
  Bytes d{static_cast<uint8_t>(details), static_cast<uint8_t>(details >> 8), static_cast<uint8_t>(details >> 16),
          static_cast<uint8_t>(details >> 24)};
  return concat(d, message);
}

Bytes openssl_tls12_prf(const Bytes& secret, const Bytes& seed, size_t length) {
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "TLS1-PRF", nullptr);
  EVP_KDF_CTX* ctx = EVP_KDF_CTX_new(kdf);
  Bytes s = secret, sd = seed;
  char digest[] = "SHA256";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string("digest", digest, 0),
                               OSSL_PARAM_construct_octet_string("secret", s.data(), s.size()),
                               OSSL_PARAM_construct_octet_string("seed", sd.data(), sd.size()),
                               OSSL_PARAM_construct_end()};
  Bytes out(length);
  EXPECT_EQ(EVP_KDF_derive(ctx, out.data(), out.size(), params), 1);
  EVP_KDF_CTX_free(ctx);
  EVP_KDF_free(kdf);
  return out;
}

// RFC 5869 test case 1.
const Bytes kIkm = repeat(0x0b, 22);
const Bytes kSalt = hex("000102030405060708090a0b0c");
const Bytes kInfo = hex("f0f1f2f3f4f5f6f7f8f9");
const Bytes kPrk = hex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
const Bytes kOkm = hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
const Bytes kSlotKey = hex("4c6a2b0e9f1d3857a6b4c2e0f1d3b5a79886756453423120fedcba9876543210");
const Bytes kIoKey = hex("a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebfc0");

class AteccKdf : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(b.wake(), hex("04 11 33 43"));
    b.cycle_each_command = true;
  }
  // Slot 5: SHA key; slot 6: AES keys (FIPS-197 | 16 x 0x33); slot 11: derivation target;
  // slot 12: target without the DeriveKey bit; slot 13: the IO protection key.
  ChipImage image(uint16_t chip_options = 0x0000) const {
    ChipImage img;
    img.slot(5, 0x0080, kShaKey).slot_bytes(5, 0, kSlotKey);
    img.slot(6, 0x0080, kAesKey).slot_bytes(6, 0, concat(hex("000102030405060708090a0b0c0d0e0f"), repeat(0x33, 16)));
    img.slot(11, kDeriveTarget, kShaKey).slot(12, 0x0000, kShaKey);
    img.slot(13, 0x0080, kShaKey).slot_bytes(13, 0, kIoKey);
    img.u16(90, chip_options);
    return img;
  }
  void configure(uint16_t chip_options = 0x0000) { image(chip_options).lock(true, true).apply(b); }
  Bytes read_slot_block(size_t slot) { return b.payload(0x02, 0x82, data_address(slot, 0)); }
  AteccOnBus b;
};

TEST_F(AteccKdf, HkdfExtractAndExpandMatchRfc5869Case1) {
  configure();
  // The salt is the HMAC key; zero-padding it to 32 bytes leaves HMAC unchanged.
  Bytes salt = kSalt;
  salt.resize(32, 0x00);
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, salt), kOk);
  const Bytes prk = b.payload(0x56, kHkdf | kFromTempKey | kToOutput, 0, kdf_data(0x02, kIkm));
  EXPECT_EQ(prk, kPrk);
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, prk), kOk);
  const Bytes t1 = b.payload(0x56, kHkdf | kFromTempKey | kToOutput, 0, kdf_data(0x02, concat(kInfo, {0x01})));
  EXPECT_EQ(t1, slice(kOkm, 0, 32)) << "T(1) = HMAC(PRK, info | 01)";
}

TEST_F(AteccKdf, HkdfZeroKeyMatchesRfc5869Case3) {
  configure();
  // Test case 3: no salt, i.e. HashLen zero bytes. The source is not read with the zero-key bit.
  EXPECT_EQ(b.payload(0x56, kHkdf | kFromTempKey | kToOutput, 0, kdf_data(0x02 | 0x04, kIkm)),
            hex("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04"));
}

TEST_F(AteccKdf, HkdfFromASlotAndMessageFromTempKey) {
  configure();
  const Bytes message = hex("5eed");
  EXPECT_EQ(b.payload(0x56, kHkdf | kFromSlot | kToOutput, 5, kdf_data(0x02, message)),
            openssl_hmac(kSlotKey, message));
  const Bytes nonce = repeat(0x5A, 32);
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, nonce), kOk);
  EXPECT_EQ(b.payload(0x56, kHkdf | kFromSlot | kToOutput, 5, kdf_data(0x01, {})), openssl_hmac(kSlotKey, nonce))
      << "details 1: the message is TempKey";
  EXPECT_EQ(b.status_of(0x56, kHkdf | kFromSlot | kToOutput, 5, kdf_data(0x00, message)), kRefused)
      << "a message in a slot is not modelled";
}

TEST_F(AteccKdf, PrfMatchesOpenSslTls1Prf) {
  configure();
  const Bytes seed = concat(Bytes{'m', 'a', 's', 't', 'e', 'r', ' ', 's', 'e', 'c', 'r', 'e', 't'}, repeat(0x42, 64));
  EXPECT_EQ(b.payload(0x56, kPrf | kFromSlot | kToOutput, 5, kdf_data(0x01, seed)),
            openssl_tls12_prf(kSlotKey, seed, 32))
      << "32-byte key, 32 bytes out";
  EXPECT_EQ(b.payload(0x56, kPrf | kFromSlot | kToOutput, 5, kdf_data(0x01 | 0x100, seed)),
            openssl_tls12_prf(kSlotKey, seed, 64))
      << "64 bytes out";
  EXPECT_EQ(b.payload(0x56, kPrf | kFromSlot | kToOutput, 5, kdf_data(0x00, seed)),
            openssl_tls12_prf(slice(kSlotKey, 0, 16), seed, 32))
      << "16-byte key";
  const Bytes secret64 = concat(kSlotKey, kIoKey);
  ASSERT_EQ(b.status_of(0x16, 0x23, 0, secret64), kOk);
  EXPECT_EQ(b.payload(0x56, kPrf | kFromTempKey | kToOutput, 0, kdf_data(0x02, seed)),
            openssl_tls12_prf(slice(secret64, 0, 48), seed, 32))
      << "48-byte key from a 64-byte TempKey";
  EXPECT_EQ(b.status_of(0x56, kPrf | kFromSlot | kToOutput, 5, kdf_data(0x02, seed)), kRefused)
      << "a 48-byte key does not fit a 36-byte slot";
}

TEST_F(AteccKdf, PrfAeadSplitSendsTheSecondHalfOut) {
  configure();
  const Bytes seed = repeat(0x17, 20);
  const Bytes full = openssl_tls12_prf(kSlotKey, seed, 64);
  EXPECT_EQ(b.payload(0x56, kPrf | kFromSlot | kToTempKey, 5, kdf_data(0x01 | 0x100 | 0x200, seed)),
            slice(full, 32, 32));
  const auto& t = b.chip.volatile_state().temp_key;
  EXPECT_TRUE(t.valid);
  EXPECT_EQ(Bytes(t.value.begin(), t.value.begin() + 32), slice(full, 0, 32));
}

TEST_F(AteccKdf, AesNeedsItsChipOptionAndMatchesFips197) {
  configure();
  const Bytes plain = hex("00112233445566778899aabbccddeeff");
  EXPECT_EQ(b.status_of(0x56, kAes | kFromSlot | kToOutput, 6, kdf_data(0, plain, true)), kRefused)
      << "ChipOptions bit 2 (KDF-AES) clear";
  configure(0x0004);
  EXPECT_EQ(b.payload(0x56, kAes | kFromSlot | kToOutput, 6, kdf_data(0, plain, true)),
            concat(hex("69c4e0d86a7b0430d8cdb78070b4c55a"), repeat(0x00, 16)));
  EXPECT_EQ(b.payload(0x56, kAes | kFromSlot | kToOutput, 6, kdf_data(1, plain, true)),
            concat(openssl_aes(repeat(0x33, 16), plain), repeat(0x00, 16)))
      << "details 1: the second 16 bytes of the source";
  EXPECT_EQ(b.status_of(0x56, kAes | kFromSlot | kToOutput, 5, kdf_data(0, plain, true)), kRefused)
      << "a SHA key is not an AES key";
}

TEST_F(AteccKdf, InternalTargets) {
  configure();
  const Bytes message = hex("0102030405");
  const Bytes expected = openssl_hmac(kSlotKey, message);
  ASSERT_EQ(b.status_of(0x56, kHkdf | kFromSlot | kToTempKey, 5, kdf_data(0x02, message)), kOk);
  EXPECT_EQ(Bytes(b.chip.volatile_state().temp_key.value.begin(), b.chip.volatile_state().temp_key.value.begin() + 32),
            expected);
  ASSERT_EQ(b.status_of(0x56, kHkdf | kFromSlot | kToAltKey, 5, kdf_data(0x02, message)), kOk);
  EXPECT_EQ(
      Bytes(b.chip.volatile_state().alternate_key_buffer.begin(), b.chip.volatile_state().alternate_key_buffer.end()),
      expected);
  EXPECT_EQ(b.payload(0x56, kHkdf | kFromAltKey | kToOutput, 0, kdf_data(0x02, message)),
            openssl_hmac(expected, message))
      << "the alternate key buffer as the source";
  ASSERT_EQ(b.status_of(0x56, kHkdf | kFromSlot | kToSlot, 11 << 8 | 5, kdf_data(0x02, message)), kOk);
  EXPECT_EQ(read_slot_block(11), expected);
  EXPECT_EQ(b.status_of(0x56, kHkdf | kFromSlot | kToSlot, 12 << 8 | 5, kdf_data(0x02, message)), kRefused)
      << "WriteConfig without the DeriveKey bit";
  EXPECT_EQ(b.status_of(0x56, kHkdf | kFromSlot | kToSlot, 0 << 8 | 5, kdf_data(0x02, message)), kRefused)
      << "slot 0 has no DeriveKey bit either";
}

TEST_F(AteccKdf, EncryptedOutputUnderTheIoProtectionKey) {
  configure();
  const Bytes message = hex("c0ffee");
  EXPECT_EQ(b.status_of(0x56, kHkdf | kFromSlot | kToEncrypted, 5, kdf_data(0x02, message)), kRefused)
      << "IO protection disabled";
  configure(0xD002);  // IO protection on, key in slot 13
  const Bytes out = b.payload(0x56, kHkdf | kFromSlot | kToEncrypted, 5, kdf_data(0x02, message));
  ASSERT_EQ(out.size(), 64u);
  Bytes plain = slice(out, 0, 32);
  const Bytes pad = openssl_sha256(concat(kIoKey, slice(out, 32, 16)));
  for (size_t i = 0; i < 32; ++i) plain[i] ^= pad[i];
  EXPECT_EQ(plain, openssl_hmac(kSlotKey, message)) << "cryptoauthlib atcah_io_decrypt recovers it";
  EXPECT_NE(slice(out, 0, 32), openssl_hmac(kSlotKey, message));
}

TEST_F(AteccKdf, KdfProtectionLimitsTheOutput) {
  const Bytes message = hex("aa");
  configure(0xD002 | 0x0400);  // protection 1: encrypted output only
  EXPECT_EQ(b.status_of(0x56, kHkdf | kFromSlot | kToOutput, 5, kdf_data(0x02, message)), kRefused);
  EXPECT_EQ(b.payload(0x56, kHkdf | kFromSlot | kToEncrypted, 5, kdf_data(0x02, message)).size(), 64u);
  configure(0xD002 | 0x0800);  // protection 2: no output at all
  EXPECT_EQ(b.status_of(0x56, kHkdf | kFromSlot | kToEncrypted, 5, kdf_data(0x02, message)), kRefused);
  EXPECT_EQ(b.status_of(0x56, kHkdf | kFromSlot | kToTempKey, 5, kdf_data(0x02, message)), kOk);
}

TEST_F(AteccKdf, SourceRules) {
  image().lock(true, false).apply(b);
  EXPECT_EQ(b.status_of(0x56, kHkdf | kFromSlot | kToOutput, 5, kdf_data(0x02, hex("01"))), kRefused)
      << "slot keys need the data lock";
  configure();
  EXPECT_EQ(b.status_of(0x56, kHkdf | kFromTempKey | kToOutput, 0, kdf_data(0x02, hex("01"))), kRefused)
      << "TempKey not loaded";
  EXPECT_EQ(b.status_of(0x56, kHkdf | 0x01 | kToOutput, 0, kdf_data(0x02, hex("01"))), kRefused)
      << "upper TempKey not loaded";
  EXPECT_EQ(b.status_of(0x56, kHkdf | kFromAltKey | kToOutput, 0, kdf_data(0x02, hex("01"))), kRefused)
      << "alternate key buffer not loaded";
  EXPECT_EQ(b.status_of(0x56, kHkdf | kFromSlot | kToOutput, 6, kdf_data(0x02, hex("01"))), kRefused)
      << "an AES key is not an HKDF key";
  ChipImage{}.apply(b);
  EXPECT_EQ(b.status_of(0x56, kHkdf | kFromTempKey | kToOutput, 0, kdf_data(0x06, hex("01"))), kRefused)
      << "config not locked";
}

TEST_F(AteccKdf, ParameterValidation) {
  configure();
  const Bytes m = hex("0102");
  EXPECT_EQ(b.status_of(0x56, 0x80 | kHkdf | kToOutput, 0, kdf_data(0x06, m)), kParse) << "bit 7";
  EXPECT_EQ(b.status_of(0x56, 0x60 | kToOutput, 0, kdf_data(0x06, m)), kParse) << "algorithm 0x60";
  EXPECT_EQ(b.status_of(0x56, kHkdf | 0x18, 0, kdf_data(0x06, m)), kParse) << "target 0x18";
  EXPECT_EQ(b.status_of(0x56, kHkdf | kToOutput, 0, hex("06 00 00")), kParse) << "no details";
  EXPECT_EQ(b.status_of(0x56, kHkdf | kToOutput, 0, concat(kdf_data(0x06, m), {0x00})), kParse) << "length byte";
  EXPECT_EQ(b.status_of(0x56, kHkdf | kToOutput, 0, kdf_data(0x0E, m)), kParse) << "HKDF details bit 3";
  EXPECT_EQ(b.status_of(0x56, kHkdf | kFromSlot | kToOutput, 16, kdf_data(0x02, m)), kParse) << "source slot 16";
  EXPECT_EQ(b.status_of(0x56, kHkdf | kFromSlot | kToSlot, 16 << 8 | 5, kdf_data(0x02, m)), kParse) << "target slot 16";
  EXPECT_EQ(b.status_of(0x56, kPrf | kFromSlot | kToOutput, 5, kdf_data(0x401, m)), kParse) << "AEAD mode 2";
  EXPECT_EQ(b.status_of(0x56, kPrf | kFromSlot | kToTempKey, 5, kdf_data(0x201, m)), kParse) << "split of 32 bytes";
  EXPECT_EQ(b.status_of(0x56, kPrf | kFromSlot | kToOutput, 5, kdf_data(0x301, m)), kParse) << "split to the output";
  EXPECT_EQ(b.status_of(0x56, kAes | kFromSlot | kToOutput, 6, kdf_data(0x04, repeat(0, 16), true)), kParse)
      << "AES details bit 2";
  EXPECT_EQ(b.status_of(0x56, kAes | kFromSlot | kToOutput, 6, kdf_data(0x00, repeat(0, 15), true)), kParse)
      << "AES takes 16 bytes";
}

}  // namespace
}  // namespace kb::sim::atecc608a
