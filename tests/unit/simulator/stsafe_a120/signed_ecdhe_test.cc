// The signed forms of Start volatile KEK session (1F 03) and Establish host key (1F 18) against
// a generic public key slot (fact sheet 2.5, 2.6): TBS = curve id | host public key field | chip
// public key field, signed by the test's OpenSSL key (ECDSA over its hash, Ed25519 over the TBS),
// and the wrapped writes that follow a signed session.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <string>

#include "tests/unit/simulator/stsafe_a120/ec_reference.h"
#include "tests/unit/simulator/stsafe_a120/example_keys.h"
#include "tests/unit/simulator/stsafe_a120/host_channel.h"

namespace kb::sim::stsafe_a120 {
namespace {

using namespace test_support;
namespace ref = kb::test::ec_reference;

const Bytes kOk = hex("00 00 02 F0 78");
const Bytes kSha256Id = hex("00 09 60 86 48 01 65 03 04 02 01");
const Bytes kSha384Id = hex("00 09 60 86 48 01 65 03 04 02 02");
constexpr size_t kP256 = 0, kP384 = 1, kEd25519 = ref::kEd25519;

Bytes sha(const char* name, const Bytes& data) {
  Bytes out(EVP_MAX_MD_SIZE);
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &length, EVP_get_digestbyname(name), nullptr);
  out.resize(length);
  return out;
}

// The signed message of both commands.
Bytes tbs() {
  return cat({p256_curve_id(), p256_public_key_field(kHostPublic), p256_public_key_field(kChipPublic)});
}

// 00 | slot | hash id | signature field, signed by `signer` on `curve`.
Bytes signed_tail(uint8_t slot, size_t curve, const ref::KeyPair& signer, const Bytes& hash_id = kSha256Id) {
  if (curve == kEd25519)
    return cat({hex("00"), Bytes{slot}, hex("00 00"), ref::signature_field(ref::sign(curve, signer, tbs()))});
  const Bytes digest = hash_id == kSha384Id ? sha("SHA384", tbs()) : sha("SHA256", tbs());
  return cat({hex("00"), Bytes{slot}, hash_id, ref::signature_field(ref::sign(curve, signer, digest))});
}

Bytes signed_start(const Bytes& tail) {
  return with_crc(cat({hex("1F 03"), p256_curve_id(), p256_public_key_field(kHostPublic), hex("01"), tail}));
}

// A public key in `slot` with the given flags byte 1.
void put_public_key(StsafeOnBus& b, uint8_t slot, size_t curve, const ref::KeyPair& pair, uint8_t flags) {
  State s = b.chip.state();
  s.public_keys[slot].present = true;
  s.public_keys[slot].curve = static_cast<crypto::ec::Curve>(curve);
  s.public_keys[slot].public_key = pair.public_key;
  const std::array<uint8_t, 2> f{0x00, flags};
  s.public_keys[slot].flags = PublicKeyFlags::decode(f);
  b.chip.set_state(s);
}

constexpr uint8_t kKekFlag = 0x04, kHostKeyFlag = 0x10;

TEST(StsafeSignedKekSession, AcceptedOnP256P384AndEd25519SignersAndRemembered) {
  for (size_t curve : {kP256, kP384, kEd25519}) {
    SCOPED_TRACE(ref::curves()[curve].name);
    StsafeOnBus b;
    const ref::KeyPair signer = ref::generate(curve);
    put_public_key(b, 2, curve, signer, kKekFlag);
    generate_vector_ecdhe(b);
    EXPECT_EQ(b.transact(signed_start(signed_tail(2, curve, signer, curve == kP384 ? kSha384Id : kSha256Id))), kOk);
    ASSERT_TRUE(b.chip.volatile_state().kek_session.has_value());
    EXPECT_EQ(b.chip.volatile_state().kek_session->authenticated_by, std::optional<uint8_t>(2));
  }
}

TEST(StsafeSignedKekSession, Refusals) {
  const ref::KeyPair signer = ref::generate(kP256);
  const ref::KeyPair stranger = ref::generate(kP256);
  struct Case {
    std::string name;
    uint8_t flags;
    Bytes tail;
    uint8_t status;
  };
  const Bytes good = signed_tail(0, kP256, signer);
  const Case cases[] = {
      {"signed by another key", kKekFlag, signed_tail(0, kP256, stranger), 0x11},
      {"slot without the KEK-session flag", kHostKeyFlag, good, 0x1B},
      {"empty slot", kKekFlag, signed_tail(1, kP256, signer), 0x0A},
      {"slot beyond the table", kKekFlag, signed_tail(4, kP256, signer), 0x03},
      {"filler 01", kKekFlag, cat({hex("01"), Bytes(good.begin() + 1, good.end())}), 0x03},
      {"unknown hash id", kKekFlag, signed_tail(0, kP256, signer, hex("00 09 60 86 48 01 65 03 04 02 07")), 0x03},
      {"SHA-384 id over a SHA-256 signature", kKekFlag,
       cat({hex("00 00"), kSha384Id, Bytes(good.begin() + 13, good.end())}), 0x11},
      {"signature cut short", kKekFlag, Bytes(good.begin(), good.end() - 1), 0x02},
      {"byte after the signature", kKekFlag, cat({good, hex("00")}), 0x02},
  };
  for (const Case& c : cases) {
    StsafeOnBus b;
    put_public_key(b, 0, kP256, signer, c.flags);
    generate_vector_ecdhe(b);
    EXPECT_EQ(b.transact(signed_start(c.tail)), error_frame(c.status)) << c.name;
    EXPECT_FALSE(b.chip.volatile_state().kek_session.has_value()) << c.name;
    EXPECT_TRUE(b.chip.volatile_state().ecdhe.has_value()) << c.name << ": a refused start keeps the ECDHE pair";
  }
  StsafeOnBus b;
  put_public_key(b, 0, kP256, signer, kKekFlag);
  EXPECT_EQ(b.transact(signed_start(good)), error_frame(0x07)) << "no ECDHE pair";
}

TEST(StsafeSignedKekSession, WrappedHostKeyNeedsTheControlFieldsSlot) {
  const ref::KeyPair signer = ref::generate(kP256);
  const Bytes mac = counting(16, 0x30), cipher = counting(16, 0x60);
  const Bytes envelope = aes_key_wrap(host_working_kek(1), cat({hex("00 00 00 00"), mac, cipher, hex("80 00 00 00")}));
  for (uint8_t control_slot : {uint8_t{0}, uint8_t{1}, uint8_t{0xFF}}) {
    SCOPED_TRACE(static_cast<int>(control_slot));
    StsafeOnBus b;
    put_public_key(b, 0, kP256, signer, kKekFlag);
    HostKeyControl control;
    control.wrapped_anonymous = true;  // does not open the signed path
    control.authentication_key_slot = control_slot;
    b.chip.set_host_key_control(control);
    generate_vector_ecdhe(b);
    ASSERT_EQ(b.transact(signed_start(signed_tail(0, kP256, signer))), kOk);
    const Bytes r = b.transact(with_crc(cat({hex("1F 08"), envelope})));
    if (control_slot == 0) {
      EXPECT_EQ(r, kOk);
      EXPECT_EQ(b.chip.state().host_key.mac_key, mac);
      EXPECT_EQ(b.chip.state().host_key.cipher_key, cipher);
    } else {
      EXPECT_EQ(r, error_frame(0x1E));
      EXPECT_FALSE(b.chip.state().host_key.present);
    }
  }
}

TEST(StsafeSignedKekSession, WrappedSymmetricKeyNeedsTheSlotsWrappedAuthenticationKey) {
  const ref::KeyPair signer = ref::generate(kEd25519);
  // Fact sheet 4.3: CMAC key info for slot 3 and 16 x 5A.
  const Bytes envelope =
      aes_key_wrap(host_working_kek(1), cat({hex("00 03 00 01 00 03 02"), repeat(0x5A, 16), hex("80")}));
  for (uint8_t wrapped_key_slot : {uint8_t{2}, uint8_t{0xFF}}) {
    StsafeOnBus b;
    put_public_key(b, 2, kEd25519, signer, kKekFlag);
    State s = b.chip.state();
    s.symmetric_key_control[3].wrapped_anonymous = true;
    s.symmetric_key_control[3].wrapped_authentication_key_slot = wrapped_key_slot;
    b.chip.set_state(s);
    generate_vector_ecdhe(b);
    ASSERT_EQ(b.transact(signed_start(signed_tail(2, kEd25519, signer))), kOk);
    EXPECT_EQ(b.transact(with_crc(cat({hex("1F 09"), envelope}))), wrapped_key_slot == 2 ? kOk : error_frame(0x1E));
    EXPECT_EQ(b.chip.state().symmetric_keys[3].present, wrapped_key_slot == 2);
  }
}

TEST(StsafeSignedEstablishHostKey, DerivesTheKeysWhenTheControlFieldsNameTheSigner) {
  const ref::KeyPair signer = ref::generate(kP384);
  const Bytes body = cat({hex("1F 18"), p256_curve_id(), p256_public_key_field(kHostPublic), hex("03 00")});
  for (uint8_t control_slot : {uint8_t{3}, uint8_t{0xFF}}) {
    StsafeOnBus b;
    put_public_key(b, 3, kP384, signer, kHostKeyFlag);
    HostKeyControl control;
    control.authentication_key_slot = control_slot;
    b.chip.set_host_key_control(control);
    generate_vector_ecdhe(b);
    const Bytes r = b.transact(with_crc(cat({body, signed_tail(3, kP384, signer, kSha384Id)})));
    if (control_slot == 3) {
      ASSERT_EQ(r, kOk);
      EXPECT_EQ(cat({b.chip.state().host_key.mac_key, b.chip.state().host_key.cipher_key}), kEstablishedHostKeys);
    } else {
      EXPECT_EQ(r, error_frame(0x1E));
    }
  }
  // The flag for the KEK session does not authorise host key establishment.
  StsafeOnBus b;
  put_public_key(b, 3, kP384, signer, kKekFlag);
  HostKeyControl control;
  control.authentication_key_slot = 3;
  b.chip.set_host_key_control(control);
  generate_vector_ecdhe(b);
  EXPECT_EQ(b.transact(with_crc(cat({body, signed_tail(3, kP384, signer, kSha384Id)}))), error_frame(0x1B));
}

TEST(StsafeSignedEstablishSymmetricKey, ConfirmNeedsEachSlotsEcdheAuthenticationKey) {
  const ref::KeyPair signer = ref::generate(kP256);
  constexpr uint8_t kSymmetricKeyFlag = 0x02;
  // Fact sheet 4.5: one CMAC record for slot 3 (7-byte key info), confirmation MAC under OKM[0..31].
  const Bytes records = hex("00 07 00 03 00 01 00 03 02");
  const Bytes okm = hkdf_sha256(kdf_salt(), p256_shared_x(kHostPrivate, kChipPublic), hex("12 13"), 32 + 16);
  const Bytes mac = aes_cmac(Bytes(okm.begin(), okm.begin() + 32), records);
  const Bytes confirm = with_crc(cat({hex("1F 05"), Bytes(mac.begin(), mac.begin() + 8), records}));
  const Bytes establish_signed = with_crc(cat(
      {hex("1F 04"), p256_curve_id(), p256_public_key_field(kHostPublic), hex("02"), signed_tail(1, kP256, signer)}));
  struct Case {
    std::string name;
    uint8_t flags;
    bool anonymous_bit;
    uint8_t ecdhe_key_slot;
    Bytes establish_answer;
    Bytes confirm_answer;
  };
  const Case cases[] = {
      {"signer is the slot's ECDHE authentication key", kSymmetricKeyFlag, false, 1, kOk, kOk},
      {"another slot named", kSymmetricKeyFlag, true, 2, kOk, error_frame(0x1E)},
      {"no slot named (the anonymous bit does not open it)", kSymmetricKeyFlag, true, 0xFF, kOk, error_frame(0x1E)},
      {"slot without the establish-symmetric-key flag", kKekFlag, false, 1, error_frame(0x1B), error_frame(0x07)},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    StsafeOnBus b;
    put_public_key(b, 1, kP256, signer, c.flags);
    State s = b.chip.state();
    s.symmetric_key_control[3].ecdhe_anonymous = c.anonymous_bit;
    s.symmetric_key_control[3].ecdhe_authentication_key_slot = c.ecdhe_key_slot;
    b.chip.set_state(s);
    generate_vector_ecdhe(b);
    EXPECT_EQ(b.transact(establish_signed), c.establish_answer);
    EXPECT_EQ(b.transact(confirm), c.confirm_answer);
    EXPECT_EQ(b.chip.state().symmetric_keys[3].present, c.confirm_answer == kOk);
    if (c.confirm_answer == kOk) {
      EXPECT_EQ(b.chip.state().symmetric_keys[3].key, Bytes(okm.begin() + 32, okm.end()));
    }
  }
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
