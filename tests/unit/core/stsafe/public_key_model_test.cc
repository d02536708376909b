// The host library's generic public key slot, entity authentication and decompression commands
// driving the STSAFE-A120 model over the simulated bus: two independent implementations meeting.
// Keys and signatures are the test's own (OpenSSL, ec_reference.h).
#include <gtest/gtest.h>

#include <array>
#include <memory>

#include "core/stsafe/commands/decompress_public_key.h"
#include "core/stsafe/device_status.h"
#include "core/stsafe/ecc_fields.h"
#include "core/stsafe/stsafe.h"
#include "hal/crypto_openssl/openssl_crypto.h"
#include "hal/sim/sim_backend.h"
#include "simulator/bench/bench.h"
#include "simulator/stsafe_a120/stsafe.h"
#include "tests/unit/simulator/stsafe_a120/ec_reference.h"

namespace kb::core::stsafe {
namespace {

namespace ref = kb::test::ec_reference;
using Bytes = std::vector<uint8_t>;

constexpr EccCurve kSigningCurves[] = {
    EccCurve::kNistP256,        EccCurve::kNistP384,        EccCurve::kNistP521, EccCurve::kBrainpoolP256r1,
    EccCurve::kBrainpoolP384r1, EccCurve::kBrainpoolP512r1, EccCurve::kEd25519};

class PublicKeyModelTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(stsafe.init().ok()); }

  std::unique_ptr<sim::Bench> bench = sim::Bench::make_default();
  hal::sim::SimI2cInitiator i2c{*bench};
  hal::sim::SimClock clock{*bench};
  Stsafe stsafe{i2c, clock};
};

Bytes digest(size_t size, uint8_t seed) {
  Bytes d(size - size % 16);
  for (size_t i = 0; i < d.size(); ++i) d[i] = static_cast<uint8_t>(seed + 5 * i);
  return d;
}

TEST_F(PublicKeyModelTest, SlotsStoreKeysThatVerifyOpenSslSignaturesOnEveryCurve) {
  auto count = commands::query_public_key_slot_count(stsafe.transport());
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 4);
  for (EccCurve curve : kSigningCurves) {
    const auto c = static_cast<size_t>(curve);
    SCOPED_TRACE(ref::curves()[c].name);
    const auto slot = static_cast<uint8_t>(c % 4);
    const ref::KeyPair pair = ref::generate(c);
    ASSERT_TRUE(stsafe.write_public_key(slot, curve, pair.public_key).ok());
    auto value = stsafe.query_public_key_slot(slot);
    ASSERT_TRUE(value.ok());
    EXPECT_TRUE(value->present);
    EXPECT_EQ(value->curve, curve);
    EXPECT_EQ(Bytes(value->public_key().begin(), value->public_key().end()), pair.public_key);
    auto table = stsafe.query_public_key_table();
    ASSERT_TRUE(table.ok());
    ASSERT_NE(table->find(slot), nullptr);
    EXPECT_EQ(table->find(slot)->curve, curve);

    const Bytes message = digest(coordinate_bytes(curve), static_cast<uint8_t>(c));
    const Bytes signature = ref::sign(c, pair, message);
    auto valid = stsafe.verify_signature_with_slot(slot, curve, signature, message);
    ASSERT_TRUE(valid.ok());
    EXPECT_TRUE(*valid);
    Bytes tampered = signature;
    tampered[0] ^= 0x01;
    auto invalid = stsafe.verify_signature_with_slot(slot, curve, tampered, message);
    ASSERT_TRUE(invalid.ok());
    EXPECT_FALSE(*invalid);
  }
}

TEST_F(PublicKeyModelTest, EntityAuthenticationOnEveryCurve) {
  for (EccCurve curve : kSigningCurves) {
    const auto c = static_cast<size_t>(curve);
    SCOPED_TRACE(ref::curves()[c].name);
    const ref::KeyPair entity = ref::generate(c);
    ASSERT_TRUE(stsafe.write_public_key(0, curve, entity.public_key).ok());
    std::array<uint8_t, 16> challenge{};
    ASSERT_TRUE(stsafe.generate_challenge(challenge).ok());
    const Bytes signature = ref::sign(c, entity, Bytes(challenge.begin(), challenge.end()));
    auto valid = stsafe.verify_entity_signature(0, curve, signature);
    ASSERT_TRUE(valid.ok());
    EXPECT_TRUE(*valid);
    EXPECT_EQ(stsafe.verify_entity_signature(0, curve, signature).status(),
              Status::device(Domain::kStsafe, device_status::kChallengeMissing));
  }
  // Without its entity-authentication flag the slot refuses.
  PublicKeyFlags flags;
  flags.change_right = true;
  ASSERT_TRUE(stsafe.put_public_key_flags(0, flags).ok());
  std::array<uint8_t, 16> challenge{};
  ASSERT_TRUE(stsafe.generate_challenge(challenge).ok());
  EXPECT_EQ(stsafe.verify_entity_signature(0, EccCurve::kEd25519, Bytes(64, 0x01)).status(),
            Status::device(Domain::kStsafe, device_status::kWrongKeyUsage));
  // Frozen flags stay frozen.
  flags.change_right = false;
  ASSERT_TRUE(stsafe.put_public_key_flags(0, flags).ok());
  EXPECT_EQ(stsafe.put_public_key_flags(0, flags),
            Status::device(Domain::kStsafe, device_status::kAccessConditionNotSatisfied));
}

TEST_F(PublicKeyModelTest, DecompressEqualsTheOpenSslPointOnEveryWeierstrassCurve) {
  for (EccCurve curve : kSigningCurves) {
    if (!is_weierstrass(curve)) continue;
    const auto c = static_cast<size_t>(curve);
    SCOPED_TRACE(ref::curves()[c].name);
    const size_t n = coordinate_bytes(curve);
    const ref::KeyPair pair = ref::generate(c);
    const Bytes x(pair.public_key.begin(), pair.public_key.begin() + static_cast<long>(n));
    const Bytes y(pair.public_key.begin() + static_cast<long>(n), pair.public_key.end());
    Bytes out(n);
    const uint8_t representation = (y.back() & 1) != 0 ? commands::kPointOddY : commands::kPointEvenY;
    ASSERT_TRUE(stsafe.decompress_public_key(curve, representation, x, out).ok());
    EXPECT_EQ(out, y);
  }
}

// Every new command behind the host secure channel: the write and the entity verification under
// HOST with command encryption, the challenge and the decompression under HOST with response
// encryption (fact sheet 3), the host library choosing the protection from the chip's table.
TEST(PublicKeyModelSecureChannel, EveryCommandThroughTheEncryptedHostChannel) {
  namespace model = kb::sim::stsafe_a120;
  std::unique_ptr<sim::Bench> bench = sim::Bench::make_default();
  hal::sim::SimI2cInitiator i2c{*bench};
  hal::sim::SimClock clock{*bench};
  hal::openssl::OpensslCrypto crypto{9};
  Stsafe host{i2c, clock, crypto};
  model::Stsafe& chip = *bench->first<model::Stsafe>();
  model::CommandAccessTable table = chip.state().command_access;
  for (uint8_t ext : {0x0A, 0x0F}) {
    table.find(0x1F, ext)->access = model::AccessCondition::kHost;
    table.find(0x1F, ext)->encryption_flags = model::kCommandEncrypted;
  }
  for (uint8_t ext : {0x0E, 0x1A}) {
    table.find(0x1F, ext)->access = model::AccessCondition::kHost;
    table.find(0x1F, ext)->encryption_flags = model::kResponseEncrypted;
  }
  table.find(0x17, std::nullopt)->access = model::AccessCondition::kHost;
  chip.set_command_access(table);
  ASSERT_TRUE(host.init().ok());
  const std::array<uint8_t, 16> mac_key{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  const std::array<uint8_t, 16> cipher_key{16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  const ref::KeyPair entity = ref::generate(static_cast<size_t>(EccCurve::kNistP521));
  EXPECT_EQ(host.write_public_key(3, EccCurve::kNistP521, entity.public_key), Status(Code::kNotProvisioned))
      << "without a session the library refuses locally";
  ASSERT_TRUE(host.write_host_key_plaintext(HostKeyType::kAes128, mac_key, cipher_key).ok());
  ASSERT_TRUE(host.open_host_session(mac_key, cipher_key).ok());
  ASSERT_TRUE(host.write_public_key(3, EccCurve::kNistP521, entity.public_key).ok());
  EXPECT_EQ(chip.state().public_keys[3].public_key, entity.public_key);

  std::array<uint8_t, 16> challenge{};
  ASSERT_TRUE(host.generate_challenge(challenge).ok());
  const Bytes signature =
      ref::sign(static_cast<size_t>(EccCurve::kNistP521), entity, Bytes(challenge.begin(), challenge.end()));
  auto valid = host.verify_entity_signature(3, EccCurve::kNistP521, signature);
  ASSERT_TRUE(valid.ok());
  EXPECT_TRUE(*valid);

  const Bytes digest = ::kb::core::stsafe::digest(66, 3);
  auto with_slot = host.verify_signature_with_slot(3, EccCurve::kNistP521, ref::sign(2, entity, digest), digest);
  ASSERT_TRUE(with_slot.ok());
  EXPECT_TRUE(*with_slot);

  Bytes y(66);
  const Bytes x(entity.public_key.begin(), entity.public_key.begin() + 66);
  const uint8_t representation = (entity.public_key.back() & 1) != 0 ? commands::kPointOddY : commands::kPointEvenY;
  ASSERT_TRUE(host.decompress_public_key(EccCurve::kNistP521, representation, x, y).ok());
  EXPECT_EQ(y, Bytes(entity.public_key.begin() + 66, entity.public_key.end()));
}

}  // namespace
}  // namespace kb::core::stsafe
