// ECDH output modes (fact sheet B6.2): a TempKey private key, the explicit slot copy, and output
// encrypted with the IO protection key, checked against OpenSSL's shared secret.
#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "tests/unit/simulator/atecc608a/auth_reference.h"

namespace kb::sim::atecc608a {
namespace {

using namespace test_support;

constexpr uint8_t kOk = 0x00, kRefused = 0x0F;
const Bytes kIoKey = repeat(0x10, 32);

// A host key pair; its X | Y and the shared secret with the chip's public key.
struct HostSide {
  Bytes xy, secret;
};
HostSide host_ecdh(const Bytes& chip_xy) {
  EVP_PKEY* host = EVP_EC_gen("P-256");
  HostSide out{Bytes(64), Bytes(32)};
  BIGNUM *x = nullptr, *y = nullptr;
  EVP_PKEY_get_bn_param(host, OSSL_PKEY_PARAM_EC_PUB_X, &x);
  EVP_PKEY_get_bn_param(host, OSSL_PKEY_PARAM_EC_PUB_Y, &y);
  BN_bn2binpad(x, out.xy.data(), 32);
  BN_bn2binpad(y, out.xy.data() + 32, 32);
  const Bytes encoded = cat({{0x04}, chip_xy});
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
  OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, encoded.data(), encoded.size());
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* from = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
  EVP_PKEY* peer = nullptr;
  EVP_PKEY_fromdata_init(from);
  EVP_PKEY_fromdata(from, &peer, EVP_PKEY_PUBLIC_KEY, params);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(host, nullptr);
  size_t n = 32;
  EVP_PKEY_derive_init(ctx);
  EVP_PKEY_derive_set_peer(ctx, peer);
  EVP_PKEY_derive(ctx, out.secret.data(), &n);
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(peer);
  EVP_PKEY_CTX_free(from);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  BN_free(x);
  BN_free(y);
  EVP_PKEY_free(host);
  return out;
}

class AteccEcdhModes : public ::testing::Test {
 protected:
  void start(uint16_t chip_options) {
    // Slot 0: P-256 key with ECDH allowed (ReadKey bit 2) and GenKey; slot 1 takes copies; slot 4
    // the IO protection key named by ChipOptions bits 12-15.
    EepromImage img = locked_image({{0, 0x2084, 0x0013, {}}, {1, 0x0000, 0x001C, {}}, {4, 0x0080, 0x001C, kIoKey}});
    img.config[90] = static_cast<uint8_t>(chip_options);
    img.config[91] = static_cast<uint8_t>(chip_options >> 8);
    b.chip.set_image(img);
    ASSERT_EQ(b.wake().size(), 4u);
    b.cycle_each_command = true;
    chip_xy = b.payload(0x40, 0x04, 0);
    ASSERT_EQ(chip_xy.size(), 64u);
  }
  Bytes chip_xy;
  AteccOnBus b;
};

TEST_F(AteccEcdhModes, EncryptedOutputThroughTheIoProtectionKey) {
  start(0x4002);
  const HostSide h = host_ecdh(chip_xy);
  const Bytes out = b.payload(0x43, 0x0E, 0, h.xy);
  ASSERT_EQ(out.size(), 64u) << "secret and nonce";
  const Bytes nonce(out.begin() + 32, out.end());
  const Bytes pad = sha256(cat({kIoKey, first(nonce, 16)}));
  EXPECT_EQ(xor_bytes(first(out, 32), pad), h.secret);
  EXPECT_NE(first(out, 32), h.secret);
}

TEST_F(AteccEcdhModes, EcdhProtectionBits) {
  start(0x4102);  // ECDH protection 1: output must be encrypted
  const HostSide h = host_ecdh(chip_xy);
  EXPECT_EQ(b.status_of(0x43, 0x0C, 0, h.xy), kRefused) << "clear output refused";
  EXPECT_EQ(b.payload(0x43, 0x0E, 0, h.xy).size(), 64u);
  EXPECT_EQ(b.status_of(0x43, 0x08, 0, h.xy), kOk) << "into TempKey is not output";
  EXPECT_EQ(chip_temp_key(b), h.secret);
}

TEST_F(AteccEcdhModes, EncryptionNeedsTheIoKeyEnabled) {
  start(0x4000);
  EXPECT_EQ(b.status_of(0x43, 0x0E, 0, host_ecdh(chip_xy).xy), kRefused);
}

TEST_F(AteccEcdhModes, ExplicitSlotCopyAndTempKeySource) {
  start(0x0000);
  const HostSide h = host_ecdh(chip_xy);
  ASSERT_EQ(b.status_of(0x43, 0x04, 0, h.xy), kOk) << "to slot N+1 without ReadKey bit 3";
  const auto slot1 = b.chip.eeprom().slot(1).first(32);
  EXPECT_EQ(Bytes(slot1.begin(), slot1.end()), h.secret);
  const Bytes volatile_xy = b.payload(0x40, 0x04, 0xFFFF);
  ASSERT_EQ(volatile_xy.size(), 64u);
  const HostSide h2 = host_ecdh(volatile_xy);
  EXPECT_EQ(b.payload(0x43, 0x0D, 0x0000, h2.xy), h2.secret) << "private key from TempKey";
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, repeat(1, 32)), kOk);
  EXPECT_EQ(b.status_of(0x43, 0x0D, 0x0000, h2.xy), kRefused) << "TempKey holds no private key";
}

}  // namespace
}  // namespace kb::sim::atecc608a
