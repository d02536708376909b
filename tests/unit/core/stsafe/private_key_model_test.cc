// The host library's private key commands driving the STSAFE-A120 model over the simulated bus:
// two independent implementations of fact sheet 2.4/2.5 meeting on every curve. The test checks
// both with its own OpenSSL code: the model's signatures verify, its shared secrets equal OpenSSL
// ECDH with a key pair the test generated, and the chip's verdicts match OpenSSL's.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/stsafe/device_status.h"
#include "core/stsafe/ecc_fields.h"
#include "core/stsafe/stsafe.h"
#include "hal/sim/sim_backend.h"
#include "simulator/bench/bench.h"
#include "tests/test_paths.h"
#include "tests/unit/simulator/stsafe_a120/ec_reference.h"

namespace kb::core::stsafe {
namespace {

namespace ref = kb::test::ec_reference;
using Bytes = std::vector<uint8_t>;

constexpr EccCurve kCurves[] = {EccCurve::kNistP256,        EccCurve::kNistP384,        EccCurve::kNistP521,
                                EccCurve::kBrainpoolP256r1, EccCurve::kBrainpoolP384r1, EccCurve::kBrainpoolP512r1,
                                EccCurve::kCurve25519,      EccCurve::kEd25519};

class PrivateKeyModelTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(stsafe.init().ok()); }

  std::unique_ptr<sim::Bench> bench = sim::Bench::make_default();
  hal::sim::SimI2cInitiator i2c{*bench};
  hal::sim::SimClock clock{*bench};
  Stsafe stsafe{i2c, clock};
};

Bytes digest(size_t size, uint8_t seed) {
  Bytes d(size - size % 16);
  for (size_t i = 0; i < d.size(); ++i) d[i] = static_cast<uint8_t>(seed + 3 * i);
  return d;
}

TEST_F(PrivateKeyModelTest, KeyPairsSignaturesAndEcdhOnEveryCurve) {
  for (EccCurve curve : kCurves) {
    const auto c = static_cast<size_t>(curve);
    SCOPED_TRACE(ref::curves()[c].name);
    const uint8_t slot = static_cast<uint8_t>(1 + c % 4);
    Bytes public_key(public_key_bytes(curve));
    ASSERT_TRUE(stsafe.generate_key_pair(slot, curve, 0, public_key).ok());

    auto table = stsafe.query_private_key_table();
    ASSERT_TRUE(table.ok());
    ASSERT_NE(table->find(slot), nullptr);
    EXPECT_TRUE(table->find(slot)->present);
    EXPECT_EQ(table->find(slot)->curve, curve);

    if (signature_bytes(curve) != 0) {
      const Bytes message = digest(coordinate_bytes(curve), static_cast<uint8_t>(c));
      Bytes signature(signature_bytes(curve));
      ASSERT_TRUE(stsafe.generate_signature(slot, curve, message, signature).ok());
      EXPECT_TRUE(ref::verify(c, public_key, message, signature)) << "OpenSSL verifies the chip's signature";
      auto valid = stsafe.verify_signature(curve, public_key, signature, message);
      ASSERT_TRUE(valid.ok());
      EXPECT_TRUE(*valid);
      Bytes tampered = signature;
      tampered[signature.size() / 2 - 1] ^= 0x01;
      auto invalid = stsafe.verify_signature(curve, public_key, tampered, message);
      ASSERT_TRUE(invalid.ok());
      EXPECT_FALSE(*invalid);
      EXPECT_FALSE(ref::verify(c, public_key, message, tampered));
    }
    if (shared_secret_bytes(curve) != 0) {
      const ref::KeyPair peer = ref::generate(c);
      Bytes secret(shared_secret_bytes(curve));
      ASSERT_TRUE(stsafe.establish_key(slot, curve, peer.public_key, secret).ok());
      EXPECT_EQ(secret, ref::ecdh(c, peer, public_key));
    } else {
      Bytes secret(32);
      const ref::KeyPair peer = ref::generate(ref::kX25519);
      // The host refuses locally what no curve of this key could do.
      EXPECT_EQ(stsafe.establish_key(slot, curve, peer.public_key, secret), Status(Code::kInvalidArgument));
    }
  }
}

TEST_F(PrivateKeyModelTest, TheChipsRefusalsReachTheCallerByName) {
  Bytes public_key(64);
  // Slot 0 holds the factory key and is never regenerated.
  EXPECT_EQ(stsafe.generate_key_pair(0, EccCurve::kNistP256, 0, public_key),
            Status::device(Domain::kStsafe, device_status::kAccessConditionNotSatisfied));
  ASSERT_TRUE(stsafe.generate_key_pair(1, EccCurve::kNistP256, 2, public_key).ok());
  Bytes signature(64);
  const Bytes message = digest(32, 9);
  ASSERT_TRUE(stsafe.generate_signature(1, EccCurve::kNistP256, message, signature).ok());
  ASSERT_TRUE(stsafe.generate_signature(1, EccCurve::kNistP256, message, signature).ok());
  EXPECT_EQ(stsafe.generate_signature(1, EccCurve::kNistP256, message, signature),
            Status::device(Domain::kStsafe, device_status::kCounterLimitExceeded));
  EXPECT_EQ(stsafe.generate_signature(3, EccCurve::kNistP256, message, signature),
            Status::device(Domain::kStsafe, device_status::kKeyNotFound));
  Bytes secret(32);
  const ref::KeyPair peer = ref::generate(0);
  EXPECT_EQ(stsafe.establish_key(0, EccCurve::kNistP256, peer.public_key, secret),
            Status::device(Domain::kStsafe, device_status::kWrongKeyUsage));
  Bytes off_curve = peer.public_key;
  off_curve.back() ^= 0x01;
  ASSERT_TRUE(stsafe.generate_key_pair(2, EccCurve::kNistP256, 0, public_key).ok());
  EXPECT_EQ(stsafe.establish_key(2, EccCurve::kNistP256, off_curve, secret),
            Status::device(Domain::kStsafe, device_status::kInvalidPublicKey));
  // A slot holding a key of another curve than the caller says: the answer does not fit.
  Bytes p384_signature(96);
  EXPECT_EQ(stsafe.generate_signature(2, EccCurve::kNistP384, message, p384_signature),
            Status(Code::kResponseTruncated));
}

TEST_F(PrivateKeyModelTest, GenerateEcdheOnEveryAgreementCurve) {
  for (EccCurve curve : kCurves) {
    if (curve == EccCurve::kEd25519) continue;
    const auto c = static_cast<size_t>(curve);
    Bytes chip_public(public_key_bytes(curve));
    ASSERT_TRUE(stsafe.generate_ecdhe(curve, chip_public).ok()) << ref::curves()[c].name;
    // The key is a point OpenSSL agrees with.
    EXPECT_EQ(ref::ecdh(c, ref::generate(c), chip_public).size(), coordinate_bytes(curve)) << ref::curves()[c].name;
  }
}

// RFC 8032 7.1 test 1 and RFC 7748 6.1 through the host library, on the fixture holding their keys.
TEST(PrivateKeyModelVectors, PublishedVectorsThroughTheHostLibrary) {
  auto bench = sim::Bench::from_file(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/stsafe-private-keys.json");
  hal::sim::SimI2cInitiator i2c(*bench);
  hal::sim::SimClock clock(*bench);
  Stsafe stsafe(i2c, clock);
  ASSERT_TRUE(stsafe.init().ok());
  auto hex = [](const char* text) {
    Bytes out;
    for (const char* p = text; p[0] != 0 && p[1] != 0; p += 2) {
      out.push_back(static_cast<uint8_t>(std::stoi(std::string(p, 2), nullptr, 16)));
    }
    return out;
  };
  Bytes signature(64);
  ASSERT_TRUE(stsafe.generate_signature(2, EccCurve::kEd25519, {}, signature).ok());
  EXPECT_EQ(signature, hex("E5564300C360AC729086E2CC806E828A84877F1EB8E5D974D873E06522490155"
                           "5FB8821590A33BACC61E39701CF9B46BD25BF5F0595BBE24655141438E7A100B"));
  Bytes secret(32);
  ASSERT_TRUE(stsafe
                  .establish_key(3, EccCurve::kCurve25519,
                                 hex("DE9EDB7D7B7DC1B4D35B61C2ECE435373F8343C85B78674DADFC7E146F882B4F"), secret)
                  .ok());
  EXPECT_EQ(secret, hex("4A5D9D5BA4CE2DE1728E3BF480350F25E07E21C947D19E3376F09B3C1E161742"));
  auto table = stsafe.query_private_key_table();
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->count, 5);
  EXPECT_EQ(table->global_usage_limit, 1000);
  EXPECT_EQ(table->find(1)->curve, EccCurve::kNistP384);
  EXPECT_EQ(table->find(3)->mode.generate_key_access, 3) << "host";
  Bytes p384_signature(96);
  for (int i = 0; i < 4; ++i)
    ASSERT_TRUE(stsafe.generate_signature(1, EccCurve::kNistP384, Bytes(48, 1), p384_signature).ok());
  EXPECT_EQ(stsafe.generate_signature(1, EccCurve::kNistP384, Bytes(48, 1), p384_signature),
            Status::device(Domain::kStsafe, device_status::kCounterLimitExceeded))
      << "4 uses were left";
}

}  // namespace
}  // namespace kb::core::stsafe
