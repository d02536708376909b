// GenKey, Sign (external) and Verify (external) with real P-256: the model's signatures are
// checked with OpenSSL from the public key GenKey returned, and its Verify against signatures
// made by OpenSSL (fact sheet B6.2).
#include <gtest/gtest.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "tests/unit/simulator/atecc608a/atecc_harness.h"
#include "tests/unit/simulator/atecc608a/crypto_support.h"

namespace kb::sim::atecc608a {
namespace {

using test_support::AteccOnBus;
using test_support::data_address;
using test_support::hex;

using test_support::kOk;
using test_support::kParse;
using test_support::kRefused;
using test_support::openssl_verifies;

// A fresh OpenSSL key pair: its public X | Y and an R | S signature of digest.
struct HostSignature {
  std::vector<uint8_t> xy, rs;
};
HostSignature openssl_sign(const std::vector<uint8_t>& digest) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  HostSignature out;
  out.xy.resize(64);
  BIGNUM *x = nullptr, *y = nullptr;
  EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_X, &x);
  EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_EC_PUB_Y, &y);
  BN_bn2binpad(x, out.xy.data(), 32);
  BN_bn2binpad(y, out.xy.data() + 32, 32);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(key, nullptr);
  std::vector<uint8_t> der(80);
  size_t n = der.size();
  EVP_PKEY_sign_init(ctx);
  EVP_PKEY_sign(ctx, der.data(), &n, digest.data(), digest.size());
  const unsigned char* p = der.data();
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(n));
  out.rs.resize(64);
  BN_bn2binpad(ECDSA_SIG_get0_r(sig), out.rs.data(), 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig), out.rs.data() + 32, 32);
  ECDSA_SIG_free(sig);
  EVP_PKEY_CTX_free(ctx);
  BN_free(x);
  BN_free(y);
  EVP_PKEY_free(key);
  return out;
}

// ECDH on the host side: OpenSSL's derive between a fresh host key and the chip's public key.
struct HostEcdh {
  std::vector<uint8_t> host_xy, secret;
};
HostEcdh openssl_ecdh(const std::vector<uint8_t>& chip_xy) {
  EVP_PKEY* host = EVP_EC_gen("P-256");
  HostEcdh out;
  out.host_xy.resize(64);
  BIGNUM *x = nullptr, *y = nullptr;
  EVP_PKEY_get_bn_param(host, OSSL_PKEY_PARAM_EC_PUB_X, &x);
  EVP_PKEY_get_bn_param(host, OSSL_PKEY_PARAM_EC_PUB_Y, &y);
  BN_bn2binpad(x, out.host_xy.data(), 32);
  BN_bn2binpad(y, out.host_xy.data() + 32, 32);
  EVP_PKEY* peer = test_support::openssl_public_key(chip_xy);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(host, nullptr);
  size_t n = 32;
  out.secret.resize(32);
  EVP_PKEY_derive_init(ctx);
  EVP_PKEY_derive_set_peer(ctx, peer);
  EVP_PKEY_derive(ctx, out.secret.data(), &n);
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(peer);
  BN_free(x);
  BN_free(y);
  EVP_PKEY_free(host);
  return out;
}

class AteccEcc : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(b.wake(), hex("04 11 33 43"));
    b.cycle_each_command = true;
  }
  // Slot 0: P-256 private key, PubInfo, external sign, GenKey allowed (SlotConfig 0x2001,
  // KeyConfig 0x0013); slot 1 the same with ReqRandom; slot 2 a P-256 key without the sign
  // bit; slot 3 GenKey not allowed; slot 9 data.
  void configure() {
    std::vector<uint8_t> cfg = test_support::read_config(b);
    auto put = [&cfg](size_t at, uint16_t v) {
      cfg[at] = static_cast<uint8_t>(v);
      cfg[at + 1] = static_cast<uint8_t>(v >> 8);
    };
    put(20, 0x2001);
    put(22, 0x2001);
    put(24, 0x2000);
    put(26, 0x0001);
    put(96, 0x0013);
    put(98, 0x0053);
    put(100, 0x0013);
    put(102, 0x0013);
    ASSERT_EQ(b.status_of(0x12, 0x00, 0x0005, {cfg.begin() + 20, cfg.begin() + 24}), kOk);
    ASSERT_EQ(b.status_of(0x12, 0x00, 0x0006, {cfg.begin() + 24, cfg.begin() + 28}), kOk);
    ASSERT_EQ(b.status_of(0x12, 0x80, 3 << 3, {cfg.begin() + 96, cfg.end()}), kOk);
    ASSERT_EQ(test_support::lock_config(b), kOk);
  }
  void lock_data() { ASSERT_EQ(test_support::lock_data(b), kOk); }
  AteccOnBus b;
};

TEST_F(AteccEcc, GenKeyThenExternalSignVerifiesWithOpenSsl) {
  configure();
  lock_data();
  const std::vector<uint8_t> pub = b.payload(0x40, 0x04, 0);
  ASSERT_EQ(pub.size(), 64u);
  EXPECT_EQ(b.payload(0x40, 0x00, 0), pub) << "public key recomputed from the stored private key";
  std::vector<uint8_t> digest(32);
  for (size_t i = 0; i < 32; ++i) digest[i] = static_cast<uint8_t>(0xD0 ^ i);
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, digest), kOk);
  const std::vector<uint8_t> rs = b.payload(0x41, 0x80, 0);
  ASSERT_EQ(rs.size(), 64u);
  EXPECT_TRUE(openssl_verifies(pub, digest, rs));
  std::vector<uint8_t> other = digest;
  other[0] ^= 1;
  EXPECT_FALSE(openssl_verifies(pub, other, rs));
  // From the message digest buffer.
  ASSERT_EQ(b.status_of(0x16, 0x43, 0, other), kOk);
  const std::vector<uint8_t> rs2 = b.payload(0x41, 0xA0, 0);
  EXPECT_TRUE(openssl_verifies(pub, other, rs2));
}

TEST_F(AteccEcc, SignaturesAreDeterministicForTheSameSeed) {
  auto run = [] {
    AteccOnBus c;
    EXPECT_EQ(c.wake().size(), 4u);
    EXPECT_EQ(c.status_of(0x12, 0x00, 0x0005, hex("01 20 00 00")), kOk);
    EXPECT_EQ(c.status_of(0x12, 0x00, 0x0018, hex("13 00 00 00")), kOk);
    EXPECT_EQ(test_support::lock_config(c), kOk);
    EXPECT_EQ(test_support::lock_data(c), kOk);
    std::vector<uint8_t> out = c.payload(0x40, 0x04, 0);
    EXPECT_EQ(c.status_of(0x16, 0x03, 0, std::vector<uint8_t>(32, 0x42)), kOk);
    const std::vector<uint8_t> rs = c.payload(0x41, 0x80, 0);
    out.insert(out.end(), rs.begin(), rs.end());
    return out;
  };
  const std::vector<uint8_t> first = run();
  EXPECT_EQ(first.size(), 128u);
  EXPECT_EQ(run(), first);
}

TEST_F(AteccEcc, GenKeyRules) {
  EXPECT_EQ(b.status_of(0x40, 0x04, 0), kRefused) << "config not locked";
  configure();
  EXPECT_EQ(b.status_of(0x40, 0x04, 9), kRefused) << "slot 9 is not a private P-256 key";
  EXPECT_EQ(b.payload(0x40, 0x04, 3).size(), 64u) << "before the data lock GenKey ignores the GenKey bit";
  lock_data();
  EXPECT_EQ(b.status_of(0x40, 0x04, 3), kRefused) << "GenKey bit (SlotConfig bit 13) clear";
  EXPECT_EQ(b.payload(0x40, 0x00, 3).size(), 64u) << "the key made before the lock stays usable";
  EXPECT_EQ(b.status_of(0x40, 0x00, 4), kRefused) << "slot 4 holds no private key config";
  EXPECT_EQ(b.status_of(0x40, 0x00, 0), kRefused) << "slot 0 holds no valid key yet";
}

TEST_F(AteccEcc, InfoKeyValid) {
  configure();
  EXPECT_EQ(b.payload(0x30, 0x01, 0), hex("00 00 00 00")) << "no key yet";
  ASSERT_EQ(b.payload(0x40, 0x04, 0).size(), 64u);
  EXPECT_EQ(b.payload(0x30, 0x01, 0), hex("01 00 00 00"));
  EXPECT_EQ(b.payload(0x30, 0x01, 9), hex("00 00 00 00")) << "not a key slot";
  EXPECT_EQ(b.status_of(0x30, 0x01, 16), kParse);
}

TEST_F(AteccEcc, GenKeyParameterValidation) {
  configure();
  EXPECT_EQ(b.status_of(0x40, 0x01, 0), kParse);
  EXPECT_EQ(b.status_of(0x40, 0x80, 0), kParse);
  EXPECT_EQ(b.status_of(0x40, 0x04, 16), kParse);
  EXPECT_EQ(b.status_of(0x40, 0x04, 0, hex("00 00 00")), kParse) << "no OtherData without a digest mode";
  EXPECT_EQ(b.status_of(0x40, 0x10, 0), kParse) << "PubKeyDigest needs 3 bytes of OtherData";
}

TEST_F(AteccEcc, SignRules) {
  configure();
  for (uint16_t slot : {0, 1, 2}) ASSERT_EQ(b.payload(0x40, 0x04, slot).size(), 64u);
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, std::vector<uint8_t>(32, 1)), kOk);
  EXPECT_EQ(b.status_of(0x41, 0x80, 0), kRefused) << "data zone not locked";
  lock_data();
  EXPECT_EQ(b.payload(0x41, 0x80, 0).size(), 64u) << "TempKey survives the lock";
  EXPECT_EQ(b.status_of(0x41, 0x80, 1), kRefused) << "ReqRandom with a pass-through TempKey";
  EXPECT_EQ(b.status_of(0x41, 0x80, 2), kRefused) << "external sign not allowed by ReadKey bit 0";
  EXPECT_EQ(b.status_of(0x41, 0x80, 9), kRefused) << "not a key slot";
  EXPECT_EQ(b.status_of(0x41, 0x00, 0), kRefused)
      << "internal sign needs ReadKey bit 1 and a TempKey made by GenDig or GenKey";
  ASSERT_EQ(b.payload(0x16, 0x00, 0, std::vector<uint8_t>(20, 7)).size(), 32u);
  EXPECT_EQ(b.payload(0x41, 0x80, 1).size(), 64u) << "ReqRandom with a random Nonce";
  ASSERT_EQ(b.status_of(0x16, 0x43, 0, std::vector<uint8_t>(32, 2)), kOk);
  EXPECT_EQ(b.status_of(0x41, 0xA0, 1), kRefused) << "ReqRandom with the message digest buffer";
  ASSERT_EQ(b.wake().size(), 4u);
  ASSERT_EQ(b.sleep(), BusOutcome::kAck);
  EXPECT_EQ(b.status_of(0x41, 0x80, 0), kRefused) << "no message since the wake";
  EXPECT_EQ(b.status_of(0x41, 0xA0, 0), kRefused);
}

TEST_F(AteccEcc, SignParameterValidation) {
  EXPECT_EQ(b.status_of(0x41, 0x82, 0), kParse);
  EXPECT_EQ(b.status_of(0x41, 0x90, 0), kParse);
  EXPECT_EQ(b.status_of(0x41, 0x80, 16), kParse);
  EXPECT_EQ(b.status_of(0x41, 0x80, 0, hex("00")), kParse);
}

TEST_F(AteccEcc, PrivateKeysAreNeverRead) {
  configure();
  lock_data();
  ASSERT_EQ(b.payload(0x40, 0x04, 0).size(), 64u);
  EXPECT_EQ(b.status_of(0x02, 0x82, data_address(0, 0)), kRefused) << "IsSecret is 0 but the key is private";
  EXPECT_EQ(b.status_of(0x02, 0x02, data_address(0, 1)), kRefused);
}

TEST_F(AteccEcc, VerifyExternal) {
  std::vector<uint8_t> digest(32, 0x6E);
  const HostSignature host = openssl_sign(digest);
  ASSERT_TRUE(openssl_verifies(host.xy, digest, host.rs));
  std::vector<uint8_t> data = host.rs;
  data.insert(data.end(), host.xy.begin(), host.xy.end());
  EXPECT_EQ(b.status_of(0x45, 0x02, 0x0004, data), kRefused) << "no message loaded";
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, digest), kOk);
  EXPECT_EQ(b.status_of(0x45, 0x02, 0x0004, data), kOk);
  ASSERT_EQ(b.status_of(0x16, 0x43, 0, digest), kOk);
  EXPECT_EQ(b.status_of(0x45, 0x22, 0x0004, data), kOk) << "message from the digest buffer";
  std::vector<uint8_t> wrong = data;
  wrong[10] ^= 0x01;
  EXPECT_EQ(b.status_of(0x45, 0x02, 0x0004, wrong), 0x01) << "miscompare";
  std::vector<uint8_t> off_curve = data;
  off_curve[127] ^= 0x01;
  EXPECT_EQ(b.status_of(0x45, 0x02, 0x0004, off_curve), kRefused) << "a malformed public key";
}

TEST_F(AteccEcc, VerifyParameterValidation) {
  const std::vector<uint8_t> data(128, 1);
  EXPECT_EQ(b.status_of(0x45, 0x02, 0x0005, data), kParse) << "key type must be P-256";
  EXPECT_EQ(b.status_of(0x45, 0x02, 0x0004, std::vector<uint8_t>(64, 1)), kParse);
  EXPECT_EQ(b.status_of(0x45, 0x04, 0x0004, data), kParse) << "mode 4";
  EXPECT_EQ(b.status_of(0x45, 0x0A, 0x0004, data), kParse) << "bit 3";
  EXPECT_EQ(b.status_of(0x45, 0x00, 0, std::vector<uint8_t>(64, 1)), kRefused) << "stored mode needs a public key slot";
}

// RFC 6979 appendix A.2.5: the P-256 key pair.
const std::vector<uint8_t> kRfc6979Private = hex("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721");
const std::vector<uint8_t> kRfc6979Public =
    hex("60FED4BA255A9D31C961EB74C6356D68C049B8923B61FA6CE669622E60F29FB6"
        "7903FE1008B8BC99A41AE9E95628BC64F2F1B20C2D7E9F5177A3C294D4462299");

std::vector<uint8_t> priv_write_data(const std::vector<uint8_t>& scalar) {
  // 4 pad bytes, the scalar, then the MAC field (unused in a clear write). Filled byte by byte:
  // GCC 12 at -O3 reports a false -Warray-bounds for inserting the range.
  std::vector<uint8_t> data(68, 0x00);
  for (size_t i = 0; i < scalar.size() && 4 + i < data.size(); ++i) data[4 + i] = scalar[i];
  return data;
}

TEST_F(AteccEcc, PrivWriteInTheClearBeforeTheDataLock) {
  configure();
  ASSERT_EQ(b.status_of(0x46, 0x00, 0, priv_write_data(kRfc6979Private)), kOk);
  EXPECT_EQ(b.payload(0x40, 0x00, 0), kRfc6979Public) << "GenKey public mode computes the RFC 6979 public key";
  EXPECT_EQ(b.payload(0x30, 0x01, 0), hex("01 00 00 00"));
  lock_data();
  std::vector<uint8_t> digest(32, 0x21);
  ASSERT_EQ(b.status_of(0x16, 0x03, 0, digest), kOk);
  EXPECT_TRUE(openssl_verifies(kRfc6979Public, digest, b.payload(0x41, 0x80, 0)));
  EXPECT_EQ(b.status_of(0x46, 0x00, 0, priv_write_data(kRfc6979Private)), kRefused) << "clear after the data lock";
  EXPECT_EQ(b.status_of(0x46, 0x40, 0, priv_write_data(kRfc6979Private)), kRefused)
      << "encrypted PrivWrite without a GenDig'd TempKey";
}

TEST_F(AteccEcc, PrivWriteRules) {
  EXPECT_EQ(b.status_of(0x46, 0x00, 0, priv_write_data(kRfc6979Private)), kRefused) << "config not locked";
  configure();
  EXPECT_EQ(b.status_of(0x46, 0x00, 9, priv_write_data(kRfc6979Private)), kRefused) << "not a private key slot";
  std::vector<uint8_t> padded = priv_write_data(kRfc6979Private);
  padded[0] = 0x01;
  EXPECT_EQ(b.status_of(0x46, 0x00, 0, padded), kParse) << "the 4 pad bytes must be zero";
  EXPECT_EQ(b.status_of(0x46, 0x01, 0, priv_write_data(kRfc6979Private)), kParse);
  EXPECT_EQ(b.status_of(0x46, 0x00, 16, priv_write_data(kRfc6979Private)), kParse);
  EXPECT_EQ(b.status_of(0x46, 0x00, 0, std::vector<uint8_t>(36, 0)), kParse) << "value and MAC: 68 bytes";
}

TEST_F(AteccEcc, EcdhAgreesWithOpenSsl) {
  // Slot 0: ECDH allowed (ReadKey bit 2), result out; slot 2: ECDH to slot 3 (bits 2 and 3);
  // slot 1: a P-256 key without the ECDH bit; slot 3 data.
  ASSERT_EQ(b.status_of(0x12, 0x00, 0x0005, {0x04, 0x20, 0x01, 0x20}), kOk);
  ASSERT_EQ(b.status_of(0x12, 0x00, 0x0006, {0x0C, 0x20, 0x00, 0x00}), kOk);
  ASSERT_EQ(b.status_of(0x12, 0x00, 0x0018, {0x13, 0x00, 0x13, 0x00}), kOk);
  ASSERT_EQ(b.status_of(0x12, 0x00, 0x0019, {0x13, 0x00, 0x3C, 0x00}), kOk);
  ASSERT_EQ(test_support::lock_config(b), kOk);
  const std::vector<uint8_t> pub0 = b.payload(0x40, 0x04, 0);
  const std::vector<uint8_t> pub2 = b.payload(0x40, 0x04, 2);
  ASSERT_EQ(b.payload(0x40, 0x04, 1).size(), 64u);
  const HostEcdh h0 = openssl_ecdh(pub0);
  EXPECT_EQ(b.status_of(0x43, 0x0C, 0, h0.host_xy), kRefused) << "data zone not locked";
  lock_data();
  EXPECT_EQ(b.payload(0x43, 0x0C, 0, h0.host_xy), h0.secret) << "output buffer";
  EXPECT_EQ(b.payload(0x43, 0x00, 0, h0.host_xy), h0.secret) << "compatible mode, ReadKey bit 3 clear";
  ASSERT_EQ(b.status_of(0x43, 0x08, 0, h0.host_xy), kOk) << "into TempKey";
  EXPECT_TRUE(std::equal(h0.secret.begin(), h0.secret.end(), b.chip.volatile_state().temp_key.value.begin()));
  const HostEcdh h2 = openssl_ecdh(pub2);
  ASSERT_EQ(b.status_of(0x43, 0x00, 2, h2.host_xy), kOk) << "compatible mode writes slot N+1";
  const auto slot3 = b.chip.eeprom().slot(3);
  EXPECT_EQ(std::vector<uint8_t>(slot3.begin(), slot3.begin() + 32), h2.secret);
  EXPECT_EQ(b.status_of(0x43, 0x0C, 1, h0.host_xy), kRefused) << "ECDH not allowed by ReadKey";
  std::vector<uint8_t> off_curve = h0.host_xy;
  off_curve[63] ^= 1;
  EXPECT_EQ(b.status_of(0x43, 0x0C, 0, off_curve), kRefused) << "a malformed public key";
  EXPECT_EQ(b.status_of(0x43, 0x0E, 0, h0.host_xy), kRefused) << "encrypted output without the IO protection key";
  EXPECT_EQ(b.status_of(0x43, 0x1C, 0, h0.host_xy), kParse);
  EXPECT_EQ(b.status_of(0x43, 0x0C, 0, std::vector<uint8_t>(63, 1)), kParse);
  EXPECT_EQ(b.status_of(0x43, 0x0C, 16, h0.host_xy), kParse);
}

}  // namespace
}  // namespace kb::sim::atecc608a
