#include "tests/unit/core/stsafe/ecdhe_test_support.h"

#include <openssl/evp.h>

#include <string>

#include "core/stsafe/key_derivation.h"

namespace kb::test {

Bytes public_key_field(const Bytes& xy) {
  const auto half = static_cast<std::ptrdiff_t>(xy.size() / 2);
  const auto length = static_cast<uint8_t>(half);
  return concat({Bytes{0x04, 0x00, length}, Bytes(xy.begin(), xy.begin() + half), Bytes{0x00, length},
                 Bytes(xy.begin() + half, xy.end())});
}

Bytes ecdhe_answer(const Bytes& chip_public) {
  return response_wire(0x00, concat({kCurveId, public_key_field(chip_public)}));
}

Bytes fixed_ephemeral_public() {
  hal::openssl::OpensslCrypto reference(1);
  Bytes out(64);
  EXPECT_EQ(reference.p256_public_from_private(Bytes(32, 0x22), out), hal::CryptoResult::kOk);
  return out;
}

Bytes digest(std::string_view name, std::span<const uint8_t> data) {
  Bytes out(EVP_MAX_MD_SIZE);
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &length, EVP_get_digestbyname(std::string(name).c_str()), nullptr);
  out.resize(length);
  return out;
}

void expected_symmetric_keys(const Bytes& records, size_t key_bytes, ExpectedSymmetricKeys& out) {
  hal::openssl::OpensslCrypto reference(1);
  Bytes okm(32 + key_bytes);
  ASSERT_EQ(reference.hkdf_sha256(core::stsafe::kKeyDerivationSalt, kSharedX, hex("12 13"), okm),
            hal::CryptoResult::kOk);
  Bytes tag(16);
  ASSERT_EQ(reference.aes_cmac(Bytes(okm.begin(), okm.begin() + 32), records, tag), hal::CryptoResult::kOk);
  out.confirmation = command_wire(concat({hex("1F 05"), Bytes(tag.begin(), tag.begin() + 8), records}));
  out.keys = Bytes(okm.begin() + 32, okm.end());
}

void StsafeModelEcdheTest::put_entity_key(uint8_t slot, core::stsafe::EccCurve curve, const Bytes& public_key,
                                          core::stsafe::PublicKeyFlags flags) {
  ASSERT_TRUE(stsafe.write_public_key(slot, curve, public_key).ok());
  flags.change_right = true;
  ASSERT_TRUE(stsafe.put_public_key_flags(slot, flags).ok());
}

}  // namespace kb::test
