// The OpenSSL backend's ec_* methods on every curve: RFC 7748 / RFC 8032 vectors, and on the
// Weierstrass curves a cross-check against the simulator's own curve wrapper (simulator/crypto/ec,
// written apart from the backend), plus the verify edge cases (r or s zero or >= n, a point off the
// curve, a changed digest).
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "hal/crypto_cryptopp/cryptopp_crypto.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "simulator/crypto/ec.h"
#include "tests/unit/hal/crypto_test_support.h"

namespace kb::hal {
namespace {

using test::Buffer;
using test::hex;
namespace ec = kb::sim::crypto::ec;

constexpr EcCurve kCurves[] = {EcCurve::kNistP256,        EcCurve::kNistP384,        EcCurve::kNistP521,
                               EcCurve::kBrainpoolP256r1, EcCurve::kBrainpoolP384r1, EcCurve::kBrainpoolP512r1,
                               EcCurve::kX25519,          EcCurve::kEd25519};

ec::Curve model_curve(EcCurve c) {
  return static_cast<ec::Curve>(static_cast<uint8_t>(c));
}

std::string name_of(const ::testing::TestParamInfo<EcCurve>& info) {
  std::string n = ec_curve_name(info.param);
  std::string out;
  for (char ch : n) {
    if (std::isalnum(static_cast<unsigned char>(ch))) out += ch;
  }
  return out;
}

TEST(CryptoEcSizes, MatchTheCurves) {
  // The model's sizes come from its own table; the HAL's from crypto.h.
  for (EcCurve c : kCurves) {
    EXPECT_EQ(ec_private_key_bytes(c), ec::key_length(model_curve(c))) << ec_curve_name(c);
    EXPECT_EQ(ec_public_key_bytes(c), ec::public_key_length(model_curve(c))) << ec_curve_name(c);
  }
  EXPECT_EQ(ec_signature_bytes(EcCurve::kNistP521), 132u);
  EXPECT_EQ(ec_signature_bytes(EcCurve::kEd25519), 64u);
  EXPECT_EQ(ec_signature_bytes(EcCurve::kX25519), 0u);
  EXPECT_EQ(ec_shared_secret_bytes(EcCurve::kEd25519), 0u);
  EXPECT_EQ(ec_shared_secret_bytes(EcCurve::kBrainpoolP512r1), 64u);
}

TEST(CryptoEcVectors, X25519Rfc7748Section61) {
  openssl::OpensslCrypto crypto(1);
  const Buffer alice = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  const Buffer bob_public = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  Buffer shared(32);
  ASSERT_EQ(crypto.ec_ecdh(EcCurve::kX25519, alice, bob_public, shared), CryptoResult::kOk);
  EXPECT_EQ(shared, hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"));
  // A low-order peer (all zeros) gives the all-zero secret, which is refused.
  EXPECT_EQ(crypto.ec_ecdh(EcCurve::kX25519, alice, Buffer(32, 0), shared), CryptoResult::kInvalidKey);
  EXPECT_EQ(shared, Buffer(32, 0));
}

TEST(CryptoEcVectors, Ed25519Rfc8032Test1) {
  openssl::OpensslCrypto crypto(1);
  const Buffer secret = hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  const Buffer public_key = hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  const Buffer expected = hex(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bb"
      "e24655141438e7a100b");
  Buffer signature(64);
  ASSERT_EQ(crypto.ec_sign(EcCurve::kEd25519, secret, {}, signature), CryptoResult::kOk);
  EXPECT_EQ(signature, expected);
  EXPECT_EQ(crypto.ec_verify(EcCurve::kEd25519, public_key, {}, expected), CryptoResult::kOk);
  EXPECT_EQ(crypto.ec_verify(EcCurve::kEd25519, public_key, hex("00"), expected), CryptoResult::kVerifyFailed);
  EXPECT_EQ(crypto.ec_verify(EcCurve::kEd25519, public_key, {}, test::flipped(expected, 0)),
            CryptoResult::kVerifyFailed);
}

class CryptoEcCurve : public ::testing::TestWithParam<EcCurve> {
 protected:
  openssl::OpensslCrypto crypto_{5};
};

TEST_P(CryptoEcCurve, GeneratedKeyIsTheModelsPublicKey) {
  const EcCurve c = GetParam();
  Buffer priv(ec_private_key_bytes(c)), pub(ec_public_key_bytes(c));
  ASSERT_EQ(crypto_.ec_generate(c, priv, pub), CryptoResult::kOk);
  ASSERT_TRUE(ec::private_key_is_valid(model_curve(c), priv));
  EXPECT_EQ(ec::public_key(model_curve(c), priv), pub);
  // Seeded: the same seed gives the same key, another seed another one.
  openssl::OpensslCrypto same(5), other(6);
  Buffer priv2(priv.size()), pub2(pub.size());
  ASSERT_EQ(same.ec_generate(c, priv2, pub2), CryptoResult::kOk);
  EXPECT_EQ(priv2, priv);
  ASSERT_EQ(other.ec_generate(c, priv2, pub2), CryptoResult::kOk);
  EXPECT_NE(priv2, priv);
  // Wrong sizes are refused.
  Buffer short_pub(pub.size() - 1);
  EXPECT_EQ(crypto_.ec_generate(c, priv, short_pub), CryptoResult::kInvalidArgument);
}

TEST_P(CryptoEcCurve, EcdhAgreesWithTheModel) {
  const EcCurve c = GetParam();
  if (ec_shared_secret_bytes(c) == 0) {
    Buffer priv(32), pub(32), shared(32);
    ASSERT_EQ(crypto_.ec_generate(c, priv, pub), CryptoResult::kOk);
    EXPECT_EQ(crypto_.ec_ecdh(c, priv, pub, shared), CryptoResult::kInvalidArgument);
    return;
  }
  Buffer host_priv(ec_private_key_bytes(c)), host_pub(ec_public_key_bytes(c));
  ASSERT_EQ(crypto_.ec_generate(c, host_priv, host_pub), CryptoResult::kOk);
  Buffer model_priv(host_priv.size()), model_pub(host_pub.size());
  ASSERT_EQ(crypto_.ec_generate(c, model_priv, model_pub), CryptoResult::kOk);
  Buffer shared(ec_shared_secret_bytes(c));
  ASSERT_EQ(crypto_.ec_ecdh(c, host_priv, model_pub, shared), CryptoResult::kOk);
  EXPECT_EQ(ec::shared_secret(model_curve(c), model_priv, host_pub), shared);
  if (ec_is_weierstrass(c)) {
    Buffer off_curve = model_pub;
    off_curve.back() ^= 0x01;
    EXPECT_EQ(crypto_.ec_ecdh(c, host_priv, off_curve, shared), CryptoResult::kInvalidKey);
  }
}

TEST_P(CryptoEcCurve, SignaturesCrossVerifyWithTheModel) {
  const EcCurve c = GetParam();
  Buffer priv(ec_private_key_bytes(c)), pub(ec_public_key_bytes(c));
  ASSERT_EQ(crypto_.ec_generate(c, priv, pub), CryptoResult::kOk);
  if (ec_signature_bytes(c) == 0) {
    Buffer sig(64);
    EXPECT_EQ(crypto_.ec_sign(c, priv, Buffer(32, 1), sig), CryptoResult::kInvalidArgument);
    EXPECT_EQ(crypto_.ec_verify(c, pub, Buffer(32, 1), sig), CryptoResult::kInvalidArgument);
    return;
  }
  const size_t half = ec_signature_bytes(c) / 2;
  Buffer digest(c == EcCurve::kEd25519 ? 100 : ec_private_key_bytes(c) > 48 ? 64 : ec_private_key_bytes(c));
  ASSERT_EQ(crypto_.random(digest), CryptoResult::kOk);
  Buffer sig(ec_signature_bytes(c));
  ASSERT_EQ(crypto_.ec_sign(c, priv, digest, sig), CryptoResult::kOk);
  EXPECT_TRUE(ec::verify(model_curve(c), pub, digest, Buffer(sig.begin(), sig.begin() + half),
                         Buffer(sig.begin() + half, sig.end())));
  EXPECT_EQ(crypto_.ec_verify(c, pub, digest, sig), CryptoResult::kOk);

  Buffer entropy(ec::kSignEntropyLength);
  ASSERT_EQ(crypto_.random(entropy), CryptoResult::kOk);
  auto model_sig = ec::sign(model_curve(c), priv, digest, entropy);
  ASSERT_TRUE(model_sig.has_value());
  EXPECT_EQ(crypto_.ec_verify(c, pub, digest, *model_sig), CryptoResult::kOk);
  EXPECT_EQ(crypto_.ec_verify(c, pub, test::flipped(digest, 0), *model_sig), CryptoResult::kVerifyFailed);
  EXPECT_EQ(crypto_.ec_verify(c, pub, digest, test::flipped(*model_sig, half + 3)), CryptoResult::kVerifyFailed);
}

class CryptoEcWeierstrass : public CryptoEcCurve {};

TEST_P(CryptoEcWeierstrass, VerifyEdgeCases) {
  const EcCurve c = GetParam();
  Buffer priv(ec_private_key_bytes(c)), pub(ec_public_key_bytes(c));
  ASSERT_EQ(crypto_.ec_generate(c, priv, pub), CryptoResult::kOk);
  const Buffer digest(32, 0x42);
  Buffer sig(ec_signature_bytes(c));
  ASSERT_EQ(crypto_.ec_sign(c, priv, digest, sig), CryptoResult::kOk);
  const size_t half = sig.size() / 2;
  const Buffer n = ec::group_order(model_curve(c));
  ASSERT_EQ(n.size(), half);

  Buffer r_zero = sig;
  std::fill(r_zero.begin(), r_zero.begin() + half, 0);
  EXPECT_EQ(crypto_.ec_verify(c, pub, digest, r_zero), CryptoResult::kVerifyFailed);
  Buffer s_is_n = sig;
  std::copy(n.begin(), n.end(), s_is_n.begin() + half);
  EXPECT_EQ(crypto_.ec_verify(c, pub, digest, s_is_n), CryptoResult::kVerifyFailed);
  Buffer off_curve = pub;
  off_curve.back() ^= 0x01;
  EXPECT_EQ(crypto_.ec_verify(c, off_curve, digest, sig), CryptoResult::kInvalidKey);
  EXPECT_EQ(crypto_.ec_verify(c, Buffer(pub.size(), 0), digest, sig), CryptoResult::kInvalidKey);
  EXPECT_EQ(crypto_.ec_verify(c, pub, {}, sig), CryptoResult::kInvalidArgument);
  EXPECT_EQ(crypto_.ec_verify(c, pub, Buffer(65, 1), sig), CryptoResult::kInvalidArgument);
  // A private key of 0 or n is no key.
  Buffer sig2(sig.size());
  EXPECT_EQ(crypto_.ec_sign(c, Buffer(priv.size(), 0), digest, sig2), CryptoResult::kInvalidKey);
  Buffer n_key = n;
  EXPECT_EQ(crypto_.ec_sign(c, n_key, digest, sig2), CryptoResult::kInvalidKey);
}

INSTANTIATE_TEST_SUITE_P(AllCurves, CryptoEcCurve, ::testing::ValuesIn(kCurves), name_of);
INSTANTIATE_TEST_SUITE_P(EcdsaCurves, CryptoEcWeierstrass,
                         ::testing::Values(EcCurve::kNistP256, EcCurve::kNistP384, EcCurve::kNistP521,
                                           EcCurve::kBrainpoolP256r1, EcCurve::kBrainpoolP384r1,
                                           EcCurve::kBrainpoolP512r1),
                         name_of);

TEST(CryptoEcDefault, BackendWithoutCurvesSaysUnsupported) {
  cryptopp::CryptoppCrypto crypto(1);
  Buffer priv(48), pub(96), sig(96), shared(48);
  EXPECT_EQ(crypto.ec_generate(EcCurve::kNistP384, priv, pub), CryptoResult::kUnsupported);
  EXPECT_EQ(crypto.ec_ecdh(EcCurve::kNistP384, priv, pub, shared), CryptoResult::kUnsupported);
  EXPECT_EQ(crypto.ec_sign(EcCurve::kNistP384, priv, Buffer(48, 1), sig), CryptoResult::kUnsupported);
  EXPECT_EQ(crypto.ec_verify(EcCurve::kNistP384, pub, Buffer(48, 1), sig), CryptoResult::kUnsupported);
}

}  // namespace
}  // namespace kb::hal
