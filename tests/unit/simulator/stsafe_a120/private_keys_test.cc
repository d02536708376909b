// Private key slots, key pairs on every curve of fact sheet 2.4, signatures and ECDH (fact sheet
// 2.5: Generate key pair 0x11 tag 0x13, Generate signature 0x16, Verify signature 0x17, Establish
// key 0x18, Query 0x14 tag 0x14, Generate ECDHE 1F 0B). Every signature of the model is checked
// with the test's own OpenSSL code, every shared secret against OpenSSL ECDH with a key pair the
// test generated.
#include <gtest/gtest.h>

#include <string>

#include "simulator/bench/bench.h"
#include "simulator/crypto/ec.h"
#include "simulator/fixture/json_view.h"
#include "simulator/stsafe_a120/state_json.h"
#include "tests/test_paths.h"
#include "tests/unit/simulator/stsafe_a120/ec_reference.h"
#include "tests/unit/simulator/stsafe_a120/example_keys.h"

namespace kb::sim::stsafe_a120 {
namespace {

using namespace test_support;
namespace ref = kb::test::ec_reference;
using crypto::ec::Curve;

constexpr size_t kP256 = 0, kP384 = 1, kP521 = 2, kBp256 = 3, kBp384 = 4, kBp512 = 5;
constexpr size_t kX25519 = ref::kX25519, kEd25519 = ref::kEd25519;
const Bytes kOk = hex("00 00 02 F0 78");

const ref::CurveCase& curve_case(size_t c) {
  return ref::curves()[c];
}
size_t size_of(size_t c) {
  return curve_case(c).size;
}

Bytes payload_of(const Bytes& response) {
  if (response.size() < 5) return {};
  return Bytes(response.begin() + 3, response.end() - 2);
}

Bytes generate_command(uint8_t slot, size_t curve, uint16_t usage_limit) {
  return with_crc(cat({hex("11 13"), Bytes{slot}, be16(usage_limit), hex("00 00"), curve_case(curve).curve_id}));
}

// The raw public key in a public key field, read the test's own way.
Bytes raw_key(size_t curve, const Bytes& field) {
  const size_t n = size_of(curve);
  if (!ref::weierstrass(curve)) {
    EXPECT_EQ(field.size(), 2 + n);
    EXPECT_EQ(Bytes(field.begin(), field.begin() + 2), be16(n));
    return Bytes(field.begin() + 2, field.end());
  }
  EXPECT_EQ(field.size(), 5 + 2 * n);
  EXPECT_EQ(field[0], 0x04);
  EXPECT_EQ(Bytes(field.begin() + 1, field.begin() + 3), be16(n));
  EXPECT_EQ(Bytes(field.begin() + 3 + static_cast<long>(n), field.begin() + 5 + static_cast<long>(n)), be16(n));
  Bytes xy(field.begin() + 3, field.begin() + 3 + static_cast<long>(n));
  xy.insert(xy.end(), field.begin() + 5 + static_cast<long>(n), field.end());
  return xy;
}

// Generate key pair; the raw public key, empty on failure.
Bytes generate(StsafeOnBus& b, uint8_t slot, size_t curve, uint16_t usage_limit = 0) {
  const Bytes r = b.transact(generate_command(slot, curve, usage_limit));
  if (r.empty() || r[0] != 0x00) {
    ADD_FAILURE() << "generate key pair on " << curve_case(curve).name << " answered "
                  << (r.empty() ? -1 : static_cast<int>(r[0]));
    return {};
  }
  return raw_key(curve, payload_of(r));
}

Bytes sign_command(uint8_t slot, const Bytes& message) {
  return with_crc(cat({hex("16"), Bytes{slot}, be16(message.size()), message}));
}

// R | S from a Generate signature answer (status checked), empty on failure.
Bytes sign(StsafeOnBus& b, uint8_t slot, size_t curve, const Bytes& message) {
  const Bytes r = b.transact(sign_command(slot, message));
  if (r.empty() || r[0] != 0x00) {
    ADD_FAILURE() << "generate signature answered " << (r.empty() ? -1 : static_cast<int>(r[0]));
    return {};
  }
  const size_t n = size_of(curve);
  const Bytes field = payload_of(r);
  EXPECT_EQ(field.size(), 4 + 2 * n);
  EXPECT_EQ(Bytes(field.begin(), field.begin() + 2), be16(n));
  EXPECT_EQ(Bytes(field.begin() + 2 + static_cast<long>(n), field.begin() + 4 + static_cast<long>(n)), be16(n));
  Bytes r_s(field.begin() + 2, field.begin() + 2 + static_cast<long>(n));
  r_s.insert(r_s.end(), field.begin() + 4 + static_cast<long>(n), field.end());
  return r_s;
}

// The digest size the examples sign: the curve size rounded down to 16 bytes (P-521: 64).
Bytes digest_for(size_t curve, uint8_t seed = 0x40) {
  const size_t n = size_of(curve);
  return counting(n - n % 16, seed);
}

Bytes verify_command(size_t curve, const Bytes& public_field, const Bytes& signature_field, const Bytes& message,
                     std::optional<uint8_t> variant = std::nullopt) {
  Bytes v;
  if (variant) v.push_back(*variant);
  return with_crc(
      cat({hex("17 00"), curve_case(curve).curve_id, public_field, signature_field, v, be16(message.size()), message}));
}

// The chip's verdict: the validity byte, or 0x100 + status for an error answer.
int verify_on_chip(StsafeOnBus& b, size_t curve, const Bytes& public_field, const Bytes& signature_field,
                   const Bytes& message) {
  const std::optional<uint8_t> variant = curve == kEd25519 ? std::optional<uint8_t>(0x00) : std::nullopt;
  const Bytes r = b.transact(verify_command(curve, public_field, signature_field, message, variant));
  if (r.size() < 5) return -1;
  if (r[0] != 0x00) return 0x100 + r[0];
  const Bytes p = payload_of(r);
  EXPECT_EQ(p.size(), 1u);
  return p.empty() ? -1 : p[0];
}

Bytes establish_command(uint8_t slot, const Bytes& peer_field) {
  return with_crc(cat({hex("18"), Bytes{slot}, peer_field}));
}

void set_slot(Stsafe& chip, size_t slot, const PrivateKeySlot& key) {
  State s = chip.state();
  s.private_keys.slots[slot] = key;
  chip.set_state(s);
}

// --- query 0x14 ---

TEST(StsafePrivateKeyTable, FactoryAnswer) {
  StsafeOnBus b;
  // 5 slots, change right 0, global usage limit FFFF; slot 0 = P-256, signs, never regenerated;
  // slots 1..4 empty, key establishment + signature, generate key FREE (mode 00 15).
  EXPECT_EQ(b.transact(frame("14 14")),
            response_frame(0x00, hex("05 00 FF FF"
                                     "00 01 00 04 00 08 2A 86 48 CE 3D 03 01 07"
                                     "01 00 00 15  02 00 00 15  03 00 00 15  04 00 00 15")));
  EXPECT_EQ(b.transact(frame("14 14 00")), error_frame(0x02));
}

TEST(StsafePrivateKeyTable, ModeBitsEncodeAsTheLibraryReadsThem) {
  PrivateKeyMode m;
  m.ephemeral_generation = true;
  m.change_right = true;
  m.key_establishment = true;
  m.internal_signature = true;
  m.generate_key = AccessCondition::kHost;
  m.eddsa_variant = 2;
  EXPECT_EQ(m.encode(), (std::array<uint8_t, 2>{0x81, 0xB9}));
  const std::array<uint8_t, 2> bytes = {0x81, 0xB9};
  EXPECT_EQ(PrivateKeyMode::decode(bytes), m);
  // Filler and reserved bits are not part of the mode.
  const std::array<uint8_t, 2> noisy = {0xFF, 0xFF};
  EXPECT_EQ(PrivateKeyMode::decode(noisy).encode(), (std::array<uint8_t, 2>{0x81, 0xFD}));
}

// --- generate key pair ---

TEST(StsafeGenerateKeyPair, FactSheetFrameOnP256) {
  StsafeOnBus b;
  const Bytes r = b.transact(frame("11 13 01 00 FF 00 00 00 08 2A 86 48 CE 3D 03 01 07"));
  ASSERT_EQ(r.size(), 3u + 69 + 2);
  EXPECT_EQ(Bytes(r.begin(), r.begin() + 3), hex("00 00 47"));
  EXPECT_EQ(r, response_frame(0x00, payload_of(r)));
  const Bytes public_key = raw_key(kP256, payload_of(r));
  const PrivateKeySlot& slot = b.chip.state().private_keys.slots[1];
  ASSERT_TRUE(slot.present);
  EXPECT_EQ(slot.curve, Curve::kNistP256);
  EXPECT_EQ(slot.usage_limit, 255);
  EXPECT_EQ(slot.uses_left, 255);
  // The table now reports the key.
  EXPECT_EQ(payload_of(b.transact(frame("14 14"))),
            hex("05 00 FF FF  00 01 00 04 00 08 2A 86 48 CE 3D 03 01 07"
                "01 01 00 15 00 08 2A 86 48 CE 3D 03 01 07  02 00 00 15  03 00 00 15  04 00 00 15"));
  // The answer is the public half of the stored key (OpenSSL checks the pair through ECDH).
  const ref::KeyPair peer = ref::generate(kP256);
  EXPECT_EQ(ref::ecdh(kP256, peer, public_key), ref::ecdh(kP256, {slot.private_key, public_key}, peer.public_key));
}

TEST(StsafeGenerateKeyPair, EveryCurveSignsAndVerifies) {
  for (size_t c = 0; c < ref::curves().size(); ++c) {
    SCOPED_TRACE(curve_case(c).name);
    StsafeOnBus b;
    const Bytes public_key = generate(b, 2, c);
    ASSERT_EQ(public_key.size(), ref::weierstrass(c) ? 2 * size_of(c) : size_of(c));
    EXPECT_EQ(static_cast<size_t>(b.chip.state().private_keys.slots[2].curve), c);
    const Bytes field = ref::public_key_field(c, public_key);
    if (c == kX25519) {
      EXPECT_EQ(b.transact(sign_command(2, digest_for(c))), error_frame(0x0C)) << "X25519 cannot sign";
      continue;
    }
    const Bytes message = digest_for(c);
    const Bytes r_s = sign(b, 2, c, message);
    ASSERT_EQ(r_s.size(), 2 * size_of(c));
    EXPECT_TRUE(ref::verify(c, public_key, message, r_s)) << "OpenSSL verifies the model's signature";
    EXPECT_EQ(verify_on_chip(b, c, field, ref::signature_field(r_s), message), 0x01);
    Bytes other = message;
    other[0] ^= 0x01;
    EXPECT_FALSE(ref::verify(c, public_key, other, r_s));
    EXPECT_EQ(verify_on_chip(b, c, field, ref::signature_field(r_s), other), 0x00);
    // The chip verifies OpenSSL's signatures too.
    const ref::KeyPair pair = ref::generate(c);
    EXPECT_EQ(verify_on_chip(b, c, ref::public_key_field(c, pair.public_key),
                             ref::signature_field(ref::sign(c, pair, message)), message),
              0x01);
  }
}

TEST(StsafeGenerateKeyPair, Ed25519SignsTheMessageOfAnyLength) {
  StsafeOnBus b;
  const Bytes public_key = generate(b, 1, kEd25519);
  for (size_t length : {0u, 1u, 32u, 200u, 700u}) {
    const Bytes message = counting(length, 7);
    const Bytes r_s = sign(b, 1, kEd25519, message);
    EXPECT_TRUE(ref::verify(kEd25519, public_key, message, r_s)) << length;
    // Pure Ed25519 is deterministic (RFC 8032).
    EXPECT_EQ(sign(b, 1, kEd25519, message), r_s) << length;
  }
}

TEST(StsafeGenerateKeyPair, KeysAndSignaturesComeFromTheSeededRandomStream) {
  auto run = [](uint64_t seed) {
    StsafeOnBus b;
    State s = b.chip.state();
    s.random_seed = seed;
    b.chip.set_state(s);
    const Bytes public_key = generate(b, 1, kP384);
    EXPECT_EQ(b.chip.state().random_counter, 1u) << "one draw, persisted";
    const Bytes signature = sign(b, 1, kP384, digest_for(kP384));
    EXPECT_EQ(b.chip.state().random_counter, 2u) << "the nonce's randomness is one more draw";
    EXPECT_TRUE(ref::verify(kP384, public_key, digest_for(kP384), signature));
    return cat({public_key, signature});
  };
  const Bytes a = run(7);
  EXPECT_EQ(run(7), a);
  EXPECT_NE(run(8), a);
}

TEST(StsafeGenerateKeyPair, RegenerationReplacesTheKey) {
  StsafeOnBus b;
  const Bytes first = generate(b, 1, kP256);
  const Bytes second = generate(b, 1, kBp512);
  EXPECT_NE(first, second);
  EXPECT_EQ(b.chip.state().private_keys.slots[1].curve, Curve::kBrainpoolP512r1);
  const Bytes r_s = sign(b, 1, kBp512, digest_for(kBp512));
  EXPECT_TRUE(ref::verify(kBp512, second, digest_for(kBp512), r_s));
}

TEST(StsafeGenerateKeyPair, Refusals) {
  StsafeOnBus b;
  State s = b.chip.state();
  s.private_keys.global_usage_limit = 100;
  b.chip.set_state(s);
  const auto saved = b.chip.save_state();
  const Bytes p256 = curve_case(kP256).curve_id;
  struct Case {
    const char* name;
    Bytes wire;
    uint8_t status;
  };
  const Case cases[] = {
      {"slot 0 is never regenerated", generate_command(0, kP256, 0), 0x11},
      {"slot 5 does not exist", generate_command(5, kP256, 0), 0x03},
      {"usage limit above the global limit", generate_command(1, kP256, 101), 0x03},
      {"filler not zero", with_crc(cat({hex("11 13 01 00 00 00 01"), p256})), 0x03},
      {"unknown curve", with_crc(hex("11 13 01 00 00 00 00 00 03 2B 65 71")), 0x03},
      {"curve id cut short", with_crc(hex("11 13 01 00 00 00 00 00 08 2A 86 48")), 0x02},
      {"byte after the curve id", with_crc(cat({hex("11 13 01 00 00 00 00"), p256, hex("00")})), 0x02},
      {"no curve id", frame("11 13 01 00 00 00 00"), 0x02},
      {"fields cut short", frame("11 13 01 00"), 0x02},
      {"no subject", frame("11"), 0x02},
      {"local envelope key slot beyond the table", frame("11 07 02 00"), 0x03},
      {"local envelope key fields cut short", frame("11 07 00"), 0x02},
      {"unknown subject", frame("11 42 01"), 0x03},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(b.transact(c.wire), error_frame(c.status)) << c.name;
  }
  EXPECT_EQ(b.chip.save_state(), saved) << "a refused generation changes nothing";
  EXPECT_FALSE(generate(b, 1, kP256, 100).empty()) << "the global limit itself is allowed";
}

TEST(StsafeGenerateKeyPair, HostAccessConditionNeedsTheHostChannel) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip);
  PrivateKeySlot slot = b.chip.state().private_keys.slots[3];
  slot.mode.generate_key = AccessCondition::kHost;
  set_slot(b.chip, 3, slot);
  const Bytes payload = cat({hex("13 03 00 00 00 00"), curve_case(kP256).curve_id});
  EXPECT_EQ(b.transact(with_crc(cat({hex("11"), payload}))), error_frame(0x11));
  const HostChannel::Reply reply = host.exchange(b, hex("11"), payload);
  EXPECT_EQ(reply.status, 0x00);
  EXPECT_EQ(reply.payload.size(), 69u);
  EXPECT_TRUE(b.chip.state().private_keys.slots[3].present);
  // ADMIN is never met: the model has no admin key.
  slot.mode.generate_key = AccessCondition::kAdmin;
  set_slot(b.chip, 3, slot);
  EXPECT_EQ(host.exchange(b, hex("11"), payload).status, 0x11);
}

// --- usage limits ---

TEST(StsafePrivateKeyUsage, SignaturesAndEstablishmentsCountDownToCounterLimitExceeded) {
  StsafeOnBus b;
  const Bytes public_key = generate(b, 1, kP256, 3);
  const ref::KeyPair peer = ref::generate(kP256);
  const Bytes peer_field = ref::public_key_field(kP256, peer.public_key);
  EXPECT_EQ(b.transact(sign_command(1, digest_for(kP256)))[0], 0x00);
  EXPECT_EQ(b.chip.state().private_keys.slots[1].uses_left, 2);
  // A refused peer key costs no use.
  Bytes off_curve = peer.public_key;
  off_curve.back() ^= 0x01;
  EXPECT_EQ(b.transact(establish_command(1, ref::public_key_field(kP256, off_curve))), error_frame(0x19));
  EXPECT_EQ(b.chip.state().private_keys.slots[1].uses_left, 2);
  EXPECT_EQ(b.transact(establish_command(1, peer_field))[0], 0x00);
  EXPECT_EQ(b.transact(sign_command(1, digest_for(kP256)))[0], 0x00);
  EXPECT_EQ(b.chip.state().private_keys.slots[1].uses_left, 0);
  EXPECT_EQ(b.transact(sign_command(1, digest_for(kP256))), error_frame(0x13));
  EXPECT_EQ(b.transact(establish_command(1, peer_field)), error_frame(0x13));
  // Verification needs no key of the chip's and still works.
  const ref::KeyPair other = ref::generate(kP256);
  EXPECT_EQ(verify_on_chip(b, kP256, ref::public_key_field(kP256, other.public_key),
                           ref::signature_field(ref::sign(kP256, other, digest_for(kP256))), digest_for(kP256)),
            0x01);
  // The count survives a power cycle; a new key pair starts a new count.
  b.chip.power_cycle();
  EXPECT_EQ(b.transact(sign_command(1, digest_for(kP256))), error_frame(0x13));
  generate(b, 1, kP256, 1);
  EXPECT_EQ(b.transact(sign_command(1, digest_for(kP256)))[0], 0x00);
  EXPECT_EQ(b.transact(sign_command(1, digest_for(kP256))), error_frame(0x13));
}

TEST(StsafePrivateKeyUsage, ZeroMeansNoLimit) {
  StsafeOnBus b;
  generate(b, 1, kEd25519, 0);
  for (int i = 0; i < 20; ++i) ASSERT_EQ(b.transact(sign_command(1, counting(5)))[0], 0x00) << i;
  EXPECT_EQ(b.chip.state().private_keys.slots[1].usage_limit, 0);
}

// --- generate signature refusals ---

TEST(StsafeGenerateSignature, Refusals) {
  StsafeOnBus b;
  generate(b, 2, kX25519);
  generate(b, 3, kEd25519);
  generate(b, 1, kP256);
  PrivateKeySlot no_signing = b.chip.state().private_keys.slots[1];
  no_signing.mode.external_signature = false;
  set_slot(b.chip, 4, no_signing);
  PrivateKeySlot ed25519ph = b.chip.state().private_keys.slots[3];
  ed25519ph.mode.eddsa_variant = 1;
  set_slot(b.chip, 3, ed25519ph);
  struct Case {
    const char* name;
    Bytes wire;
    uint8_t status;
  };
  const Case cases[] = {
      {"slot beyond the table", sign_command(9, digest_for(kP256)), 0x03},
      {"X25519 cannot sign", sign_command(2, digest_for(kP256)), 0x0C},
      {"mode forbids external signatures", sign_command(4, digest_for(kP256)), 0x1B},
      {"Ed25519ph is not modelled", sign_command(3, counting(8)), 0x1C},
      {"ECDSA over an empty digest", sign_command(1, {}), 0x03},
      {"ECDSA over 65 bytes", sign_command(1, counting(65)), 0x03},
      {"length field says more", with_crc(cat({hex("16 01 00 21"), digest_for(kP256)})), 0x02},
      {"length field says less", with_crc(cat({hex("16 01 00 1F"), digest_for(kP256)})), 0x02},
      {"no length field", frame("16 01 00"), 0x02},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(b.transact(c.wire), error_frame(c.status)) << c.name;
  }
  State empty = b.chip.state();
  empty.private_keys.slots[4] = PrivateKeySlot{};
  b.chip.set_state(empty);
  EXPECT_EQ(b.transact(sign_command(4, digest_for(kP256))), error_frame(0x0A)) << "empty slot";
}

TEST(StsafeGenerateSignature, FactorySlot0SignsWithTheModelsFixedKey) {
  StsafeOnBus b;
  const PrivateKeySlot& slot0 = b.chip.state().private_keys.slots[0];
  ASSERT_TRUE(slot0.present);
  const std::optional<Bytes> public_key = crypto::ec::public_key(Curve::kNistP256, slot0.private_key);
  ASSERT_TRUE(public_key.has_value());
  const Bytes digest = counting(64, 3);
  const Bytes r_s = sign(b, 0, kP256, digest);
  EXPECT_TRUE(ref::verify(kP256, *public_key, digest, r_s)) << "a 64-byte digest, truncated like OpenSSL does";
  // Slot 0 does not establish keys (its mode has no key establishment bit).
  const ref::KeyPair peer = ref::generate(kP256);
  EXPECT_EQ(b.transact(establish_command(0, ref::public_key_field(kP256, peer.public_key))), error_frame(0x1B));
}

// --- ECDH ---

TEST(StsafeEstablishKey, SharedSecretEqualsOpenSslOnEveryAgreementCurve) {
  for (size_t c = 0; c < ref::curves().size(); ++c) {
    SCOPED_TRACE(curve_case(c).name);
    StsafeOnBus b;
    const Bytes chip_public = generate(b, 4, c);
    const ref::KeyPair peer = ref::generate(c);
    const Bytes r = b.transact(establish_command(4, ref::public_key_field(c, peer.public_key)));
    if (c == kEd25519) {
      EXPECT_EQ(r, error_frame(0x0C));
      continue;
    }
    const Bytes expected = ref::ecdh(c, peer, chip_public);
    ASSERT_EQ(expected.size(), size_of(c));
    EXPECT_EQ(r, response_frame(0x00, cat({be16(size_of(c)), expected})));
  }
}

TEST(StsafeEstablishKey, Refusals) {
  StsafeOnBus b;
  generate(b, 1, kP521);
  generate(b, 2, kX25519);
  const ref::KeyPair peer = ref::generate(kP521);
  const Bytes field = ref::public_key_field(kP521, peer.public_key);
  Bytes off_curve = peer.public_key;
  off_curve.back() ^= 0x01;
  Bytes wrong_length = field;
  wrong_length[2] = 0x41;  // X length 65
  Bytes compressed = field;
  compressed[0] = 0x02;
  struct Case {
    const char* name;
    Bytes wire;
    uint8_t status;
  };
  const Case cases[] = {
      {"no slot", frame("18"), 0x02},
      {"slot beyond the table", establish_command(7, field), 0x03},
      {"empty slot", establish_command(3, field), 0x0A},
      {"point off the curve", establish_command(1, ref::public_key_field(kP521, off_curve)), 0x19},
      {"coordinate length not the curve's", establish_command(1, wrong_length), 0x02},
      {"compressed point", establish_command(1, compressed), 0x02},
      {"field of another curve", establish_command(1, ref::public_key_field(kP256, ref::generate(kP256).public_key)),
       0x02},
      {"byte after the field", with_crc(cat({hex("18 01"), field, hex("00")})), 0x02},
      // RFC 7748 6.1: a low-order point gives the all-zero secret, which is refused.
      {"X25519 low-order point", establish_command(2, cat({hex("00 20"), repeat(0x00, 32)})), 0x19},
      {"X25519 key length 31", establish_command(2, cat({hex("00 1F"), repeat(0x09, 31)})), 0x02},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(b.transact(c.wire), error_frame(c.status)) << c.name;
  }
}

// --- verify signature: Wycheproof-style edge cases ---

class StsafeVerifyEdgeCases : public ::testing::TestWithParam<size_t> {};

TEST_P(StsafeVerifyEdgeCases, AnsweredInvalidOrRefusedNeverACrash) {
  const size_t c = GetParam();
  SCOPED_TRACE(curve_case(c).name);
  StsafeOnBus b;
  const size_t n = size_of(c);
  const ref::KeyPair pair = ref::generate(c);
  const Bytes message = digest_for(c);
  const Bytes good = ref::sign(c, pair, message);
  const Bytes key_field = ref::public_key_field(c, pair.public_key);
  ASSERT_EQ(verify_on_chip(b, c, key_field, ref::signature_field(good), message), 0x01);

  const Bytes r(good.begin(), good.begin() + static_cast<long>(n));
  const Bytes s(good.begin() + static_cast<long>(n), good.end());
  auto field = [](const Bytes& rr, const Bytes& ss) { return cat({be16(rr.size()), rr, be16(ss.size()), ss}); };
  const Bytes zero(n, 0x00), ones(n, 0xFF);
  struct Case {
    std::string name;
    Bytes signature_field;
  };
  std::vector<Case> invalid = {
      {"r = 0", field(zero, s)},
      {"s = 0", field(r, zero)},
      {"r all ones", field(ones, s)},
      {"s all ones", field(r, ones)},
      {"R one byte short", field(Bytes(r.begin() + 1, r.end()), s)},
      {"S one byte short", field(r, Bytes(s.begin() + 1, s.end()))},
      {"R one byte long", field(cat({hex("00"), r}), s)},
      {"empty R and S", field({}, {})},
      {"R and S swapped", field(s, r)},
  };
  if (c != kEd25519) {
    const Bytes order = crypto::ec::group_order(static_cast<Curve>(c));
    invalid.push_back({"r = n", field(order, s)});
    invalid.push_back({"s = n", field(r, order)});
  } else {
    Bytes big_s = s;
    big_s[31] |= 0xF0;  // S >= L
    invalid.push_back({"S >= L", field(r, big_s)});
  }
  for (const Case& k : invalid) {
    EXPECT_EQ(verify_on_chip(b, c, key_field, k.signature_field, message), 0x00) << k.name;
  }

  // The public key: no point of the curve, or not the curve's form.
  if (ref::weierstrass(c)) {
    Bytes off_curve = pair.public_key;
    off_curve.back() ^= 0x01;
    EXPECT_EQ(verify_on_chip(b, c, ref::public_key_field(c, off_curve), ref::signature_field(good), message), 0x119);
    Bytes x_too_big = pair.public_key;
    std::fill(x_too_big.begin(), x_too_big.begin() + static_cast<long>(n), uint8_t{0xFF});
    EXPECT_EQ(verify_on_chip(b, c, ref::public_key_field(c, x_too_big), ref::signature_field(good), message), 0x119)
        << "x >= p";
    const Bytes x(pair.public_key.begin(), pair.public_key.begin() + static_cast<long>(n));
    const Bytes y(pair.public_key.begin() + static_cast<long>(n), pair.public_key.end());
    const Bytes short_x = cat({hex("04"), be16(n - 1), Bytes(x.begin() + 1, x.end()), be16(n), y});
    EXPECT_EQ(verify_on_chip(b, c, short_x, ref::signature_field(good), message), 0x102);
    EXPECT_EQ(verify_on_chip(b, c, key_field, ref::signature_field(good), {}), 0x103) << "empty digest";
  } else {
    // An Ed25519 key that is no point (y = p, non-canonical) fails verification.
    Bytes not_a_point = hex("EDFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF7F");
    EXPECT_EQ(verify_on_chip(b, c, ref::public_key_field(c, not_a_point), ref::signature_field(good), message), 0x00);
    EXPECT_EQ(verify_on_chip(b, c, cat({be16(31), Bytes(31, 0x01)}), ref::signature_field(good), message), 0x102);
    // Only pure Ed25519 (variant 0) is modelled.
    EXPECT_EQ(b.transact(verify_command(c, key_field, ref::signature_field(good), message, 0x01)), error_frame(0x03));
    EXPECT_EQ(b.transact(verify_command(c, key_field, ref::signature_field(good), message)), error_frame(0x02))
        << "variant byte missing";
  }

  // Framing.
  const std::optional<uint8_t> variant = c == kEd25519 ? std::optional<uint8_t>(0x00) : std::nullopt;
  Bytes whole = verify_command(c, key_field, ref::signature_field(good), message, variant);
  Bytes body(whole.begin(), whole.end() - 2);
  EXPECT_EQ(b.transact(with_crc(cat({body, hex("00")}))), error_frame(0x02)) << "byte after the message";
  EXPECT_EQ(b.transact(with_crc(Bytes(body.begin(), body.end() - 1))), error_frame(0x02)) << "message cut short";
  Bytes r_length_huge = body;
  r_length_huge[2 + curve_case(c).curve_id.size() + key_field.size()] = 0x7F;
  EXPECT_EQ(b.transact(with_crc(r_length_huge)), error_frame(0x02)) << "R length past the end";
  Bytes subject = body;
  subject[1] = 0x02;
  EXPECT_EQ(b.transact(with_crc(subject)), error_frame(0x03)) << "subject 02";
  // Subject 01 names a generic public key slot (public_key_slots_test.cc); here the curve id's
  // first byte reads as slot 0, which is empty.
  subject[1] = 0x01;
  EXPECT_EQ(b.transact(with_crc(subject)), error_frame(0x0A)) << "subject 01";
}

INSTANTIATE_TEST_SUITE_P(Curves, StsafeVerifyEdgeCases,
                         ::testing::Values(kP256, kP384, kP521, kBp256, kBp384, kBp512, kEd25519));

TEST(StsafeVerifySignature, CurvesThatCannotVerify) {
  StsafeOnBus b;
  const Bytes field = cat({hex("00 20"), repeat(0x09, 32)});
  const Bytes sig = cat({hex("00 20"), repeat(1, 32), hex("00 20"), repeat(2, 32)});
  EXPECT_EQ(b.transact(verify_command(kX25519, field, sig, counting(32))), error_frame(0x0C));
  EXPECT_EQ(b.transact(with_crc(hex("17 00 00 03 2B 65 71 00 20"))), error_frame(0x03)) << "unknown curve";
  EXPECT_EQ(b.transact(frame("17")), error_frame(0x02));
}

// --- persistence ---

TEST(StsafePrivateKeys, JsonRoundTrip) {
  StsafeOnBus b;
  State s = b.chip.state();
  s.random_seed = 99;
  s.private_keys.global_usage_limit = 1000;
  s.private_keys.change_right = true;
  b.chip.set_state(s);
  const Bytes p384 = generate(b, 1, kP384, 10);
  generate(b, 2, kX25519);
  const Bytes ed = generate(b, 3, kEd25519, 1000);
  EXPECT_EQ(b.transact(sign_command(1, digest_for(kP384)))[0], 0x00);
  const nlohmann::json saved = b.chip.save_state();
  const nlohmann::json& slots = saved.at("private_keys").at("slots");
  ASSERT_EQ(slots.size(), kPrivateKeySlotCount);
  EXPECT_EQ(slots[1].at("curve"), "nist_p384");
  EXPECT_EQ(slots[1].at("usage_limit"), 10);
  EXPECT_EQ(slots[1].at("uses_left"), 9);
  EXPECT_EQ(slots[2].at("curve"), "x25519");
  EXPECT_FALSE(slots[2].contains("uses_left")) << "no limit, nothing counted";
  EXPECT_FALSE(slots[4].contains("private_key"));
  EXPECT_EQ(slots[4].at("mode").at("generate_key"), "free");

  StsafeOnBus restored;
  restored.chip.load_state(JsonView(saved, "test.json", "$.state"));
  EXPECT_EQ(restored.chip.state(), b.chip.state());
  EXPECT_EQ(restored.transact(frame("14 14")), b.transact(frame("14 14")));
  EXPECT_TRUE(ref::verify(kP384, p384, digest_for(kP384), sign(restored, 1, kP384, digest_for(kP384))));
  EXPECT_TRUE(ref::verify(kEd25519, ed, counting(3), sign(restored, 3, kEd25519, counting(3))));
  EXPECT_EQ(restored.chip.save_state(), [&] {
    nlohmann::json j = saved;
    j["random_counter"] = restored.chip.state().random_counter;
    j["private_keys"]["slots"][1]["uses_left"] = 8;
    j["private_keys"]["slots"][3]["uses_left"] = 999;
    return j;
  }());
}

TEST(StsafePrivateKeys, JsonLoadErrorsNameTheField) {
  auto error_path = [](const nlohmann::json& private_keys) -> std::string {
    StsafeOnBus b;
    try {
      b.chip.load_state(JsonView(nlohmann::json{{"private_keys", private_keys}}, "test.json", "$.state"));
    } catch (const FixtureError& e) {
      return e.path();
    }
    return "";
  };
  const std::string p256_zero(64, '0');
  const std::string p256_key = "E2140DA2834D9E4EC640ADD1DA873E83985C2FAECCA6CE4BF375B6754B31D918";
  using J = nlohmann::json;
  EXPECT_EQ(error_path(J{{"slots", {{{"slot", 5}}}}}), "$.state.private_keys.slots[0].slot");
  EXPECT_EQ(error_path(J{{"slots", {{{"slot", 1}}, {{"slot", 1}}}}}), "$.state.private_keys.slots[1].slot");
  EXPECT_EQ(error_path(J{{"slots", {{{"slot", 1}, {"curve", "p256"}, {"private_key", p256_key}}}}}),
            "$.state.private_keys.slots[0].curve");
  EXPECT_EQ(error_path(J{{"slots", {{{"slot", 1}, {"curve", "nist_p256"}, {"private_key", p256_zero}}}}}),
            "$.state.private_keys.slots[0].private_key");
  EXPECT_EQ(error_path(J{{"slots", {{{"slot", 1}, {"curve", "nist_p384"}, {"private_key", p256_key}}}}}),
            "$.state.private_keys.slots[0].private_key");
  EXPECT_EQ(error_path(J{{"slots", {{{"slot", 1}, {"curve", "nist_p256"}}}}}), "$.state.private_keys.slots[0].curve");
  EXPECT_EQ(
      error_path(J{{"slots", {{{"slot", 1}, {"curve", "nist_p256"}, {"private_key", p256_key}, {"uses_left", 3}}}}}),
      "$.state.private_keys.slots[0].uses_left");
  EXPECT_EQ(
      error_path(J{
          {"slots",
           {{{"slot", 1}, {"curve", "nist_p256"}, {"private_key", p256_key}, {"usage_limit", 2}, {"uses_left", 3}}}}}),
      "$.state.private_keys.slots[0].uses_left");
  EXPECT_EQ(error_path(J{{"slots", {{{"slot", 1}, {"mode", {{"generate_key", "sometimes"}}}}}}}),
            "$.state.private_keys.slots[0].mode.generate_key");
  EXPECT_EQ(error_path(J{{"slots", {{{"slot", 1}, {"mode", {{"signature", true}}}}}}}),
            "$.state.private_keys.slots[0].mode.signature");
  EXPECT_EQ(error_path(J{{"global_usage_limit", 65536}}), "$.state.private_keys.global_usage_limit");
  EXPECT_EQ(error_path(J{{"slots", {{{"slot", 2}, {"curve", "x25519"}, {"private_key", std::string(64, 'A')}}}}}), "");
}

TEST(StsafePrivateKeys, APowerCutDuringGenerateKeyPairLeavesTheOldKeyOrTheNew) {
  // What an uncut generation in slot 1 produces from this state.
  auto prepared = [](StsafeOnBus& b) {
    generate(b, 1, kBp384, 7);  // an older record, so a torn write would show through
    generate(b, 1, kP256, 5);   // the key in use when the cut comes
  };
  StsafeOnBus reference;
  prepared(reference);
  const PrivateKeySlot old_key = reference.chip.state().private_keys.slots[1];
  generate(reference, 1, kP521, 9);
  const PrivateKeySlot new_key = reference.chip.state().private_keys.slots[1];
  ASSERT_NE(old_key, new_key);

  bool saw_old = false, saw_new = false;
  for (uint64_t cut = 0; cut < 40; ++cut) {
    StsafeOnBus b;
    prepared(b);
    b.chip.nvm().arm_power_cut_after_words(cut);
    ASSERT_EQ(b.write(generate_command(1, kP521, 9)), BusOutcome::kAck);
    b.scheduler.advance_by(600 * kMillisecond);
    const bool fired = b.chip.nvm().power_cut_fired();
    b.chip.nvm().clear_power_cut();
    b.chip.power_cycle();
    const PrivateKeySlot& k = b.chip.state().private_keys.slots[1];
    EXPECT_TRUE(k == old_key || k == new_key) << "cut after " << cut << " words";
    if (fired) {
      EXPECT_FALSE(b.chip.has_response()) << "a command cut by power loss is never answered";
    }
    saw_old = saw_old || k == old_key;
    saw_new = saw_new || k == new_key;
  }
  EXPECT_TRUE(saw_old);
  EXPECT_TRUE(saw_new);
}

TEST(StsafePrivateKeys, NvmRecordNames) {
  EXPECT_EQ(nvm_record_name(0x880), "private key slot 0 bank A commit word");
  EXPECT_EQ(nvm_record_name(0x880 + 0x50 + 12), "private key slot 0 bank B");
  EXPECT_EQ(nvm_record_name(0x880 + 9 * 0x50), "private key slot 4 bank B commit word");
  EXPECT_EQ(nvm_record_name(0xBA0), "private key table header");
}

// --- published vectors, through the fixture that holds their keys ---

// RFC 8032 section 7.1, test 1 (Ed25519, empty message).
const Bytes kRfc8032PublicKey = hex("D75A980182B10AB7D54BFED3C964073A0EE172F3DAA62325AF021A68F707511A");
const Bytes kRfc8032Signature =
    hex("E5564300C360AC729086E2CC806E828A84877F1EB8E5D974D873E06522490155"
        "5FB8821590A33BACC61E39701CF9B46BD25BF5F0595BBE24655141438E7A100B");
// RFC 7748 section 6.1 (X25519): Alice's public key, Bob's public key, the shared secret.
const Bytes kRfc7748AlicePublic = hex("8520F0098930A754748B7DDCB43EF75A0DBF3A0D26381AF4EBA4A98EAA9B4E6A");
const Bytes kRfc7748BobPublic = hex("DE9EDB7D7B7DC1B4D35B61C2ECE435373F8343C85B78674DADFC7E146F882B4F");
const Bytes kRfc7748Shared = hex("4A5D9D5BA4CE2DE1728E3BF480350F25E07E21C947D19E3376F09B3C1E161742");

std::unique_ptr<Bench> private_keys_bench() {
  return Bench::from_file(std::string(KEYBENCH_SOURCE_DIR) + "/fixtures/benches/stsafe-private-keys.json");
}

TEST(StsafePrivateKeyVectors, Rfc8032Test1AndRfc7748FromTheFixture) {
  auto bench = private_keys_bench();
  Stsafe* chip = bench->first<Stsafe>();
  ASSERT_NE(chip, nullptr);
  const PrivateKeyTable& t = chip->state().private_keys;
  EXPECT_EQ(t.global_usage_limit, 1000);
  EXPECT_EQ(t.slots[1].curve, Curve::kNistP384);
  EXPECT_EQ(t.slots[1].uses_left, 4);
  EXPECT_EQ(t.slots[3].mode.generate_key, AccessCondition::kHost);
  EXPECT_TRUE(t.slots[0].present) << "the factory key stays";
  EXPECT_FALSE(t.slots[4].present);
  EXPECT_EQ(crypto::ec::public_key(Curve::kEd25519, t.slots[2].private_key), kRfc8032PublicKey);
  EXPECT_EQ(crypto::ec::public_key(Curve::kX25519, t.slots[3].private_key), kRfc7748AlicePublic);

  auto transact = [&bench](const Bytes& wire) {
    EXPECT_EQ(bench->bus().write(kAddress, wire), BusOutcome::kAck);
    bench->scheduler().advance_by(600 * kMillisecond);
    std::vector<uint8_t> first(5);
    EXPECT_EQ(bench->bus().read(kAddress, first), BusOutcome::kAck);
    std::vector<uint8_t> all(static_cast<size_t>(first[1] << 8 | first[2]) + 3);
    EXPECT_EQ(bench->bus().read(kAddress, all), BusOutcome::kAck);
    return all;
  };
  EXPECT_EQ(transact(frame("16 02 00 00")), response_frame(0x00, ref::signature_field(kRfc8032Signature)));
  EXPECT_EQ(transact(establish_command(3, cat({be16(32), kRfc7748BobPublic}))),
            response_frame(0x00, cat({be16(32), kRfc7748Shared})));
  EXPECT_EQ(transact(verify_command(kEd25519, cat({be16(32), kRfc8032PublicKey}),
                                    ref::signature_field(kRfc8032Signature), {}, 0x00)),
            response_frame(0x00, hex("01")));
  // Slot 3 may be regenerated through the host channel only.
  EXPECT_EQ(transact(generate_command(3, kX25519, 0)), error_frame(0x11));
}

// --- Generate ECDHE on every curve with a key agreement ---

TEST(StsafeGenerateEcdhe, EveryAgreementCurve) {
  for (size_t c = 0; c < ref::curves().size(); ++c) {
    SCOPED_TRACE(curve_case(c).name);
    StsafeOnBus b;
    const Bytes id = curve_case(c).curve_id;
    const Bytes r = b.transact(with_crc(cat({hex("1F 0B"), id})));
    if (c == kEd25519) {
      EXPECT_EQ(r, error_frame(0x03));
      EXPECT_FALSE(b.chip.volatile_state().ecdhe.has_value());
      continue;
    }
    const Bytes payload = payload_of(r);
    ASSERT_EQ(r[0], 0x00);
    ASSERT_GT(payload.size(), id.size());
    EXPECT_EQ(Bytes(payload.begin(), payload.begin() + static_cast<long>(id.size())), id);
    const Bytes chip_public = raw_key(c, Bytes(payload.begin() + static_cast<long>(id.size()), payload.end()));
    ASSERT_TRUE(b.chip.volatile_state().ecdhe.has_value());
    EXPECT_EQ(static_cast<size_t>(b.chip.volatile_state().ecdhe->curve), c);
    EXPECT_EQ(b.chip.volatile_state().ecdhe->public_xy, chip_public);
    // The key pair agrees with an OpenSSL peer.
    const ref::KeyPair peer = ref::generate(c);
    const ref::KeyPair chip{b.chip.volatile_state().ecdhe->private_key, chip_public};
    EXPECT_EQ(ref::ecdh(c, peer, chip_public), ref::ecdh(c, chip, peer.public_key));
    EXPECT_GE(b.chip.state().random_counter, 1u) << "the draw is persisted";
  }
}

TEST(StsafeGenerateEcdhe, AKeyOnAnotherCurveWaitsWhileTheP256CommandsRefuseIt) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 0B"), curve_case(kP384).curve_id})))[0], 0x00);
  const ref::KeyPair host = ref::generate(kP256);
  EXPECT_EQ(b.transact(with_crc(cat(
                {hex("1F 03"), curve_case(kP256).curve_id, ref::public_key_field(kP256, host.public_key), hex("01")}))),
            error_frame(0x03));
  ASSERT_TRUE(b.chip.volatile_state().ecdhe.has_value());
  EXPECT_EQ(b.chip.volatile_state().ecdhe->curve, Curve::kNistP384);
  EXPECT_FALSE(b.chip.volatile_state().kek_session.has_value());
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
