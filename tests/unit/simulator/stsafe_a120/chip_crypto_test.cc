// The model's crypto primitives on published vectors: RFC 4493 (CMAC), RFC 3394 (key unwrap),
// RFC 5869 (HKDF), RFC 3610 (CCM), and P-256 point checks. The tests' own host-side wrap is pinned
// to RFC 3394 here too, since other tests build envelopes with it.
#include "simulator/stsafe_a120/chip_crypto.h"

#include <gtest/gtest.h>

#include "tests/unit/simulator/stsafe_a120/host_channel.h"

namespace kb::sim::stsafe_a120 {
namespace {

using namespace test_support;
namespace cc = chip_crypto;

Bytes bytes(const std::array<uint8_t, 16>& a) {
  return Bytes(a.begin(), a.end());
}

// RFC 4493 section 4, examples 1 and 2.
TEST(StsafeChipCrypto, Rfc4493Cmac) {
  const Bytes key = hex("2b7e151628aed2a6abf7158809cf4f3c");
  EXPECT_EQ(bytes(cc::aes_cmac(key, {})), hex("bb1d6929e95937287fa37d129b756746"));
  EXPECT_EQ(bytes(cc::aes_cmac(key, hex("6bc1bee22e409f96e93d7e117393172a"))), hex("070a16b46b4d4144f79bdd9dd04a287c"));
}

// RFC 3394 sections 4.3 and 4.6 (256-bit KEK, the key size of the working KEK).
TEST(StsafeChipCrypto, Rfc3394Unwrap) {
  const Bytes kek = hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
  const Bytes data128 = hex("00112233445566778899AABBCCDDEEFF");
  const Bytes wrapped128 = hex("64E8C3F9CE0F5BA263E9777905818A2A93C8191E7D6E8AE7");
  const Bytes data256 = hex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
  const Bytes wrapped256 = hex("28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21");
  EXPECT_EQ(cc::aes_key_unwrap(kek, wrapped128), data128);
  EXPECT_EQ(cc::aes_key_unwrap(kek, wrapped256), data256);
  EXPECT_EQ(aes_key_wrap(kek, data128), wrapped128);
  EXPECT_EQ(aes_key_wrap(kek, data256), wrapped256);
  for (size_t i = 0; i < wrapped256.size(); ++i) {
    Bytes bad = wrapped256;
    bad[i] ^= 0x40;
    EXPECT_FALSE(cc::aes_key_unwrap(kek, bad).has_value()) << i;
  }
  EXPECT_FALSE(cc::aes_key_unwrap(repeat(0, 32), wrapped256).has_value());
  EXPECT_FALSE(cc::aes_key_unwrap(kek, Bytes(wrapped128.begin(), wrapped128.end() - 1)).has_value());
  EXPECT_FALSE(cc::aes_key_unwrap(kek, Bytes(wrapped128.begin(), wrapped128.begin() + 16)).has_value());
}

// RFC 5869 appendix A.1 and A.3.
TEST(StsafeChipCrypto, Rfc5869Hkdf) {
  EXPECT_EQ(cc::hkdf_sha256(hex("000102030405060708090a0b0c"), repeat(0x0b, 22), hex("f0f1f2f3f4f5f6f7f8f9"), 42),
            hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"));
  EXPECT_EQ(cc::hkdf_sha256({}, repeat(0x0b, 22), {}, 42),
            hex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"));
}

// RFC 3610 packet vector #1; the tag-0 (CCM*) variant is the same ciphertext without the tag.
TEST(StsafeChipCrypto, Rfc3610Ccm) {
  const Bytes key = hex("C0C1C2C3C4C5C6C7C8C9CACBCCCDCECF");
  const Bytes nonce_bytes = hex("00 00 00 03 02 01 00 A0 A1 A2 A3 A4 A5");
  std::array<uint8_t, 13> nonce{};
  std::copy(nonce_bytes.begin(), nonce_bytes.end(), nonce.begin());
  const Bytes sealed =
      hex("58 8C 97 9A 61 C6 63 D2 F0 66 D0 C2 C0 F9 89 80 6D 5F 6B 61 DA C3 84 17 E8 D1 2C FD F9 26 E0");
  EXPECT_EQ(cc::ccm_encrypt(key, nonce, counting(8), counting(23, 0x08), 8), sealed);
  EXPECT_EQ(cc::ccm_encrypt(key, nonce, counting(8), counting(23, 0x08), 0),
            Bytes(sealed.begin(), sealed.begin() + 23));
  const Bytes ct(sealed.begin(), sealed.begin() + 23), tag(sealed.begin() + 23, sealed.end());
  EXPECT_EQ(cc::ccm_decrypt(key, nonce, counting(8), ct, tag), counting(23, 0x08));
  Bytes bad_tag = tag;
  bad_tag[0] ^= 1;
  EXPECT_FALSE(cc::ccm_decrypt(key, nonce, counting(8), ct, bad_tag).has_value());
}

TEST(StsafeChipCrypto, P256Checks) {
  const Bytes d = repeat(0x22, 32);
  const Bytes q = cc::p256_public_key(d);
  EXPECT_EQ(q, p256_public(d));
  EXPECT_TRUE(cc::p256_public_key_is_valid(q));
  Bytes off = q;
  off[40] ^= 0x01;
  EXPECT_FALSE(cc::p256_public_key_is_valid(off));
  EXPECT_FALSE(cc::p256_shared_secret(d, off).has_value());
  EXPECT_FALSE(cc::p256_public_key_is_valid(repeat(0, 64)));
  EXPECT_FALSE(cc::p256_private_key_is_valid(repeat(0, 32)));
  // n itself is not a private key, n - 1 is.
  EXPECT_FALSE(cc::p256_private_key_is_valid(hex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551")));
  EXPECT_TRUE(cc::p256_private_key_is_valid(hex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632550")));
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
