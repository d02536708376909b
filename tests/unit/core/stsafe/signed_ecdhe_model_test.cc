// The host library's signed Start volatile KEK session and Establish host key (fact sheet 2.5,
// 2.6) against the STSAFE-A120 model: the entity's key in a generic public key slot, the TBS
// signed by the test's OpenSSL key, then the keys both sides derive.
#include <gtest/gtest.h>

#include <array>

#include "core/stsafe/commands/kek_session.h"
#include "core/stsafe/commands/signed_ecdhe.h"
#include "core/stsafe/commands/write_host_key.h"
#include "core/stsafe/device_status.h"
#include "core/stsafe/key_derivation.h"
#include "core/stsafe/stsafe.h"
#include "tests/unit/core/stsafe/ecdhe_test_support.h"
#include "tests/unit/simulator/stsafe_a120/ec_reference.h"

namespace kb::core::stsafe {
namespace {

namespace ref = kb::test::ec_reference;
using test::Bytes;
using test::digest;

class SignedEcdheModelTest : public test::StsafeModelEcdheTest {
 protected:
  // The entity's key in public key slot `slot`, allowed to start a volatile KEK session (`kek`) or
  // to establish the host key (`host_key`), and the host key control fields naming that slot.
  void trust(uint8_t slot, EccCurve curve, const ref::KeyPair& entity, bool kek, bool host_key) {
    PublicKeyFlags flags;
    flags.start_volatile_kek_session = kek;
    flags.establish_host_key = host_key;
    ASSERT_NO_FATAL_FAILURE(put_entity_key(slot, curve, entity.public_key, flags));
    HostKeyControlFields control;
    control.change_right = true;
    control.reprovision = true;
    control.authentication_key_slot = slot;
    ASSERT_TRUE(stsafe.put_host_key_control_fields(control).ok());
  }
};

TEST_F(SignedEcdheModelTest, SignedKekSessionCarriesAWrappedHostKey) {
  const ref::KeyPair entity = ref::generate(static_cast<size_t>(EccCurve::kNistP384));
  trust(1, EccCurve::kNistP384, entity, true, false);
  commands::EcdheExchange x;
  ASSERT_TRUE(commands::run_ecdhe(stsafe.channel(), crypto, x).ok());
  const auto tbs = commands::signed_ecdhe_tbs(x.host_public, x.chip_public);
  const Bytes signature = ref::sign(static_cast<size_t>(EccCurve::kNistP384), entity, digest("SHA384", tbs));
  const commands::EcdheSignature s{1, EccCurve::kNistP384, commands::SignatureHash::kSha384, signature};
  ASSERT_TRUE(commands::start_volatile_kek_session_signed(stsafe.channel(), x.host_public, s).ok());

  // The host's half of the session (fact sheet 4.1), then a wrapped host key under working KEK 1.
  std::array<uint8_t, kKekBytes> base{}, working{};
  ASSERT_TRUE(derive_base_kek(crypto, x.shared_x, x.chip_public, x.host_public, base).ok());
  ASSERT_TRUE(derive_working_kek(crypto, base, 1, working).ok());
  const Bytes mac(16, 0x31), cipher(16, 0x62);
  std::array<uint8_t, 40> plain{};
  ASSERT_TRUE(commands::host_key_envelope_plaintext(HostKeyType::kAes128, mac, cipher, plain).ok());
  std::array<uint8_t, 48> wrapped{};
  ASSERT_EQ(crypto.aes_key_wrap(working, plain, wrapped), hal::CryptoResult::kOk);
  ASSERT_TRUE(commands::write_host_key_wrapped(stsafe.channel(), wrapped).ok());
  const sim::stsafe_a120::HostKeySlot& chip = chip_state().host_key;
  EXPECT_TRUE(chip.present);
  EXPECT_EQ(chip.mac_key, mac);
  EXPECT_EQ(chip.cipher_key, cipher);
}

TEST_F(SignedEcdheModelTest, SignedHostKeyEstablishmentOnEd25519) {
  const ref::KeyPair entity = ref::generate(ref::kEd25519);
  trust(2, EccCurve::kEd25519, entity, false, true);
  commands::EcdheExchange x;
  ASSERT_TRUE(commands::run_ecdhe(stsafe.channel(), crypto, x).ok());
  const auto tbs = commands::signed_ecdhe_tbs(x.host_public, x.chip_public);
  const Bytes signature = ref::sign(ref::kEd25519, entity, Bytes(tbs.begin(), tbs.end()));
  const commands::EcdheSignature s{2, EccCurve::kEd25519, commands::SignatureHash::kSha256, signature};
  ASSERT_TRUE(commands::establish_host_key_signed(stsafe.channel(), x.host_public, HostKeyType::kAes256, s).ok());
  Bytes mac(32), cipher(32);
  ASSERT_TRUE(
      derive_host_keys(crypto, x.shared_x, x.host_public, x.chip_public, HostKeyType::kAes256, mac, cipher).ok());
  const sim::stsafe_a120::HostKeySlot& chip = chip_state().host_key;
  EXPECT_EQ(chip.mac_key, mac);
  EXPECT_EQ(chip.cipher_key, cipher);
}

TEST_F(SignedEcdheModelTest, TheChipsRefusalsByName) {
  const ref::KeyPair entity = ref::generate(static_cast<size_t>(EccCurve::kNistP256));
  trust(0, EccCurve::kNistP256, entity, false, true);  // no KEK-session flag
  commands::EcdheExchange x;
  ASSERT_TRUE(commands::run_ecdhe(stsafe.channel(), crypto, x).ok());
  const auto tbs = commands::signed_ecdhe_tbs(x.host_public, x.chip_public);
  const Bytes good = ref::sign(0, entity, digest("SHA256", tbs));
  commands::EcdheSignature s{0, EccCurve::kNistP256, commands::SignatureHash::kSha256, good};
  EXPECT_EQ(commands::start_volatile_kek_session_signed(stsafe.channel(), x.host_public, s),
            Status::device(Domain::kStsafe, device_status::kWrongKeyUsage));
  Bytes bad = good;
  bad[5] ^= 0x40;
  s.signature = bad;
  EXPECT_EQ(commands::establish_host_key_signed(stsafe.channel(), x.host_public, HostKeyType::kAes128, s),
            Status::device(Domain::kStsafe, device_status::kAccessConditionNotSatisfied));
  s.signature = good;
  EXPECT_TRUE(commands::establish_host_key_signed(stsafe.channel(), x.host_public, HostKeyType::kAes128, s).ok())
      << "the refusals kept the chip's ephemeral key";
  // Locally refused: an X25519 signer, a signature of the wrong size.
  s.curve = EccCurve::kCurve25519;
  EXPECT_EQ(commands::establish_host_key_signed(stsafe.channel(), x.host_public, HostKeyType::kAes128, s),
            Status(Code::kInvalidArgument));
  s.curve = EccCurve::kNistP384;
  EXPECT_EQ(commands::start_volatile_kek_session_signed(stsafe.channel(), x.host_public, s),
            Status(Code::kInvalidArgument));
}

TEST(SignedEcdheFields, HashIdsAndTbsLayout) {
  EXPECT_EQ(Bytes(commands::hash_algorithm_id(commands::SignatureHash::kSha256).begin(),
                  commands::hash_algorithm_id(commands::SignatureHash::kSha256).end()),
            (Bytes{0x00, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01}));
  EXPECT_EQ(commands::hash_algorithm_id(commands::SignatureHash::kSha3_512).back(), 0x0A);
  std::array<uint8_t, 64> host{}, chip{};
  host.fill(0x11);
  chip.fill(0x22);
  const auto tbs = commands::signed_ecdhe_tbs(host, chip);
  EXPECT_EQ(tbs.size(), 148u);
  EXPECT_EQ(Bytes(tbs.begin(), tbs.begin() + 14),
            (Bytes{0x00, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07, 0x04, 0x00, 0x20, 0x11}));
  EXPECT_EQ(tbs[10 + 69], 0x04);
  EXPECT_EQ(tbs[10 + 69 + 3], 0x22);
  EXPECT_EQ(tbs.back(), 0x22);
}

}  // namespace
}  // namespace kb::core::stsafe
