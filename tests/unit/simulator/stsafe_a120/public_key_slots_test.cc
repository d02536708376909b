// Generic public key slots of the STSAFE-A120 model (fact sheet 2.2, 2.3, 2.5): Write public key
// 1F 0A, Query 0x48 / 0x4C, Put attribute 0x4D, Verify signature 0x17 against a slot (subject 01),
// Generate challenge / Verify entity signature 1F 0E / 1F 0F and Decompress public key 1F 1A.
// Keys and signatures come from the test's own OpenSSL code (ec_reference.h), never from the model.
#include <gtest/gtest.h>

#include <string>

#include "simulator/crypto/ec.h"
#include "simulator/fixture/json_view.h"
#include "simulator/stsafe_a120/state_json.h"
#include "tests/unit/simulator/stsafe_a120/ec_reference.h"
#include "tests/unit/simulator/stsafe_a120/example_keys.h"
#include "tests/unit/simulator/stsafe_a120/host_channel.h"

namespace kb::sim::stsafe_a120 {
namespace {

using namespace test_support;
namespace ref = kb::test::ec_reference;
using crypto::ec::Curve;

constexpr size_t kP256 = 0, kP384 = 1, kP521 = 2, kBp256 = 3, kBp384 = 4, kBp512 = 5;
constexpr size_t kX25519 = ref::kX25519, kEd25519 = ref::kEd25519;
constexpr size_t kSigningCurves[] = {kP256, kP384, kP521, kBp256, kBp384, kBp512, kEd25519};
constexpr size_t kWeierstrassCurves[] = {kP256, kP384, kP521, kBp256, kBp384, kBp512};
const Bytes kOk = hex("00 00 02 F0 78");

const ref::CurveCase& curve_case(size_t c) {
  return ref::curves()[c];
}

Bytes payload_of(const Bytes& response) {
  if (response.size() < 5) return {};
  return Bytes(response.begin() + 3, response.end() - 2);
}

Bytes write_command(uint8_t slot, size_t curve, const Bytes& public_key) {
  return with_crc(
      cat({hex("1F 0A"), Bytes{slot}, curve_case(curve).curve_id, ref::public_key_field(curve, public_key)}));
}

Bytes verify_with_slot_command(uint8_t slot, size_t curve, const Bytes& signature_field, const Bytes& message) {
  const Bytes variant = curve == kEd25519 ? hex("00") : Bytes{};
  return with_crc(cat({hex("17 01"), Bytes{slot}, signature_field, variant, be16(message.size()), message}));
}

// The chip's verdict: the validity byte, or 0x100 + status for an error answer.
int verdict(const Bytes& r) {
  if (r.size() < 5) return -1;
  if (r[0] != 0x00) return 0x100 + r[0];
  const Bytes p = payload_of(r);
  EXPECT_EQ(p.size(), 1u);
  return p.empty() ? -1 : p[0];
}

Bytes entity_command(uint8_t slot, const Bytes& signature_field) {
  return with_crc(cat({hex("1F 0F 00"), Bytes{slot}, signature_field}));
}

Bytes challenge(StsafeOnBus& b) {
  const Bytes r = b.transact(frame("1F 0E"));
  EXPECT_EQ(r.size(), 3u + 16 + 2);
  EXPECT_EQ(r[0], 0x00);
  return payload_of(r);
}

// A digest the size the examples sign: the curve size rounded down to 16 bytes (P-521: 64).
Bytes digest_for(size_t curve, uint8_t seed = 0x40) {
  const size_t n = curve_case(curve).size;
  return counting(n - n % 16, seed);
}

// --- queries and the fact-sheet byte strings ---

TEST(StsafePublicKeySlots, FactoryTableAndSlotAnswers) {
  StsafeOnBus b;
  // Query 0x48: four slots (AN6053), each `slot | presence | flags`; factory flags 00 09
  // (change right, entity authentication).
  EXPECT_EQ(b.transact(frame("14 48")),
            response_frame(0x00, hex("04  00 00 00 09  01 00 00 09  02 00 00 09  03 00 00 09")));
  // Query 0x4C of an empty slot: presence | flags.
  EXPECT_EQ(b.transact(frame("14 4C 02")), response_frame(0x00, hex("00 00 09")));
  EXPECT_EQ(b.transact(frame("14 4C 04")), error_frame(0x03)) << "slot beyond the table";
  EXPECT_EQ(b.transact(frame("14 4C")), error_frame(0x02)) << "slot missing";
  EXPECT_EQ(b.transact(frame("14 48 00")), error_frame(0x02)) << "0x48 takes no argument";
}

TEST(StsafePublicKeySlots, WritePublicKeyFactSheetFrameOnP256) {
  StsafeOnBus b;
  const ref::KeyPair pair = ref::generate(kP256);
  const Bytes x(pair.public_key.begin(), pair.public_key.begin() + 32);
  const Bytes y(pair.public_key.begin() + 32, pair.public_key.end());
  // 1F 0A | slot | curve id | 04 | 00 20 | X | 00 20 | Y (STSELib stsafea_write_generic_ecc_public_key).
  const Bytes wire = with_crc(cat({hex("1F 0A 01 00 08 2A 86 48 CE 3D 03 01 07 04 00 20"), x, hex("00 20"), y}));
  EXPECT_EQ(wire, write_command(1, kP256, pair.public_key));
  EXPECT_EQ(b.transact(wire), kOk);
  EXPECT_EQ(b.transact(frame("14 4C 01")),
            response_frame(0x00, cat({hex("01 00 09 00 08 2A 86 48 CE 3D 03 01 07 04 00 20"), x, hex("00 20"), y})));
  EXPECT_EQ(b.transact(frame("14 48")),
            response_frame(
                0x00, hex("04  00 00 00 09  01 01 00 09 00 08 2A 86 48 CE 3D 03 01 07  02 00 00 09  03 00 00 09")));
  const PublicKeySlot& slot = b.chip.state().public_keys[1];
  EXPECT_TRUE(slot.present);
  EXPECT_EQ(slot.curve, Curve::kNistP256);
  EXPECT_EQ(slot.public_key, pair.public_key);
}

TEST(StsafePublicKeySlots, EveryCurveStoresItsKeyAndVerifiesOpenSslSignatures) {
  for (size_t c : {kP256, kP384, kP521, kBp256, kBp384, kBp512, kX25519, kEd25519}) {
    SCOPED_TRACE(curve_case(c).name);
    StsafeOnBus b;
    const ref::KeyPair pair = ref::generate(c);
    const uint8_t slot = static_cast<uint8_t>(c % 4);
    ASSERT_EQ(b.transact(write_command(slot, c, pair.public_key)), kOk);
    EXPECT_EQ(b.transact(with_crc(cat({hex("14 4C"), Bytes{slot}}))),
              response_frame(
                  0x00, cat({hex("01 00 09"), curve_case(c).curve_id, ref::public_key_field(c, pair.public_key)})));
    // The key survives a power cycle (compressed in the NVM on the Weierstrass curves).
    b.chip.power_cycle();
    EXPECT_EQ(b.chip.state().public_keys[slot].public_key, pair.public_key);
    const Bytes message = digest_for(c);
    if (c == kX25519) {
      const Bytes sig = cat({hex("00 20"), repeat(1, 32), hex("00 20"), repeat(2, 32)});
      EXPECT_EQ(verdict(b.transact(with_crc(cat({hex("17 01"), Bytes{slot}, sig, be16(32), counting(32)})))), 0x10C);
      continue;
    }
    const Bytes good = ref::sign(c, pair, message);
    ASSERT_TRUE(ref::verify(c, pair.public_key, message, good));
    EXPECT_EQ(verdict(b.transact(verify_with_slot_command(slot, c, ref::signature_field(good), message))), 0x01);
    Bytes tampered = good;
    tampered[good.size() - 1] ^= 0x01;
    EXPECT_EQ(verdict(b.transact(verify_with_slot_command(slot, c, ref::signature_field(tampered), message))), 0x00);
    Bytes other = message;
    other[0] ^= 0x80;
    EXPECT_EQ(verdict(b.transact(verify_with_slot_command(slot, c, ref::signature_field(good), other))), 0x00);
  }
}

TEST(StsafePublicKeySlots, WritePublicKeyRefusals) {
  StsafeOnBus b;
  const ref::KeyPair pair = ref::generate(kP384);
  const Bytes good = write_command(0, kP384, pair.public_key);
  const Bytes body(good.begin(), good.end() - 2);
  Bytes off_curve = pair.public_key;
  off_curve.back() ^= 0x01;
  Bytes x_too_big = pair.public_key;
  std::fill(x_too_big.begin(), x_too_big.begin() + 48, uint8_t{0xFF});
  struct Case {
    std::string name;
    Bytes wire;
    uint8_t status;
  };
  const Case cases[] = {
      {"no payload", frame("1F 0A"), 0x02},
      {"slot only", frame("1F 0A 00"), 0x02},
      {"slot beyond the table", write_command(4, kP384, pair.public_key), 0x03},
      {"unknown curve", with_crc(cat({hex("1F 0A 00 00 03 2B 65 71 00 20"), repeat(1, 32)})), 0x03},
      {"curve id cut short", frame("1F 0A 00 00 05 2B 81"), 0x02},
      {"key field cut short", with_crc(Bytes(body.begin(), body.end() - 1)), 0x02},
      {"a byte after the key", with_crc(cat({body, hex("00")})), 0x02},
      {"compressed point form",
       with_crc(cat({hex("1F 0A 00"), curve_case(kP384).curve_id, hex("02 00 30"),
                     Bytes(pair.public_key.begin(), pair.public_key.begin() + 48)})),
       0x02},
      {"point off the curve", write_command(0, kP384, off_curve), 0x19},
      {"x >= p", write_command(0, kP384, x_too_big), 0x19},
      {"X25519 key of 31 bytes",
       with_crc(cat({hex("1F 0A 00"), curve_case(kX25519).curve_id, hex("00 1F"), repeat(9, 31)})), 0x02},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(b.transact(c.wire), error_frame(c.status)) << c.name;
  }
  for (const PublicKeySlot& slot : b.chip.state().public_keys) EXPECT_FALSE(slot.present) << "nothing was written";
}

// --- configuration flags (put 0x4D) and the change right ---

TEST(StsafePublicKeySlots, FlagsPutWhileTheChangeRightLastsThenFrozen) {
  StsafeOnBus b;
  // Keep the change right, set every usage flag.
  EXPECT_EQ(b.transact(frame("10 4D 02 00 1F")), kOk);
  EXPECT_EQ(b.transact(frame("14 4C 02")), response_frame(0x00, hex("00 00 1F")));
  const PublicKeyFlags& f = b.chip.state().public_keys[2].flags;
  EXPECT_TRUE(f.change_right && f.establish_symmetric_key && f.start_volatile_kek_session && f.entity_authentication &&
              f.establish_host_key);
  // Clear it: the flags are taken and frozen.
  EXPECT_EQ(b.transact(frame("10 4D 02 00 04")), kOk);
  EXPECT_EQ(b.transact(frame("14 4C 02")), response_frame(0x00, hex("00 00 04")));
  EXPECT_EQ(b.transact(frame("10 4D 02 00 05")), error_frame(0x11)) << "change right spent";
  EXPECT_EQ(b.transact(frame("14 4C 02")), response_frame(0x00, hex("00 00 04")));
  // The other slots keep their own right.
  EXPECT_EQ(b.transact(frame("10 4D 03 00 01")), kOk);

  // Parameter validation changes nothing.
  EXPECT_EQ(b.transact(frame("10 4D 04 00 01")), error_frame(0x03)) << "slot beyond the table";
  EXPECT_EQ(b.transact(frame("10 4D 01 01 01")), error_frame(0x03)) << "filler byte 0";
  EXPECT_EQ(b.transact(frame("10 4D 01 00 21")), error_frame(0x03)) << "filler bit 5 of byte 1";
  EXPECT_EQ(b.transact(frame("10 4D 01 00")), error_frame(0x02)) << "one flag byte";
  EXPECT_EQ(b.transact(frame("10 4D 01 00 09 00")), error_frame(0x02)) << "a byte too many";
  EXPECT_EQ(b.chip.state().public_keys[1].flags, factory_public_key_table()[1].flags);
}

TEST(StsafePublicKeySlots, AFrozenSlotKeepsItsKeyAnEmptyFrozenSlotTakesOne) {
  StsafeOnBus b;
  const ref::KeyPair first = ref::generate(kP256), second = ref::generate(kP256);
  ASSERT_EQ(b.transact(write_command(0, kP256, first.public_key)), kOk);
  ASSERT_EQ(b.transact(write_command(0, kP256, second.public_key)), kOk) << "replaced while the right lasts";
  EXPECT_EQ(b.chip.state().public_keys[0].public_key, second.public_key);
  ASSERT_EQ(b.transact(frame("10 4D 00 00 08")), kOk);
  EXPECT_EQ(b.transact(write_command(0, kP256, first.public_key)), error_frame(0x11));
  EXPECT_EQ(b.chip.state().public_keys[0].public_key, second.public_key);
  // An empty slot frozen before it got a key still takes its first one; the write keeps the flags.
  ASSERT_EQ(b.transact(frame("10 4D 01 00 0A")), kOk);
  EXPECT_EQ(b.transact(write_command(1, kP256, first.public_key)), kOk);
  EXPECT_EQ(b.transact(write_command(1, kP256, second.public_key)), error_frame(0x11));
  EXPECT_EQ(b.transact(frame("14 4C 01")).at(5), 0x0A) << "flags byte 1 as put";
}

TEST(StsafePublicKeySlots, WritePublicKeyObeysItsCommandAccessCondition) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip);
  State s = b.chip.state();
  s.command_access.find(0x1F, 0x0A)->access = AccessCondition::kHost;
  b.chip.set_state(s);
  const ref::KeyPair pair = ref::generate(kP256);
  const Bytes wire = write_command(2, kP256, pair.public_key);
  EXPECT_EQ(b.transact(wire), error_frame(0x11)) << "unprotected under HOST";
  EXPECT_FALSE(b.chip.state().public_keys[2].present);
  const Bytes payload(wire.begin() + 2, wire.end() - 2);
  EXPECT_EQ(host.exchange(b, hex("1F 0A"), payload).status, 0x00);
  EXPECT_EQ(b.chip.state().public_keys[2].public_key, pair.public_key);
}

// --- verify signature against a slot: refusals and Wycheproof-style edge cases ---

TEST(StsafeVerifyWithSlot, Refusals) {
  StsafeOnBus b;
  const Bytes sig = cat({hex("00 20"), repeat(1, 32), hex("00 20"), repeat(2, 32)});
  EXPECT_EQ(verdict(b.transact(verify_with_slot_command(0, kP256, sig, counting(32)))), 0x10A) << "empty slot";
  EXPECT_EQ(verdict(b.transact(verify_with_slot_command(4, kP256, sig, counting(32)))), 0x103) << "slot 4";
  EXPECT_EQ(verdict(b.transact(frame("17 01"))), 0x102) << "no slot";
  EXPECT_EQ(verdict(b.transact(frame("17 02 00"))), 0x103) << "subject 02";
  const ref::KeyPair pair = ref::generate(kP256);
  ASSERT_EQ(b.transact(write_command(0, kP256, pair.public_key)), kOk);
  const Bytes good = ref::sign(kP256, pair, counting(32));
  const Bytes whole = verify_with_slot_command(0, kP256, ref::signature_field(good), counting(32));
  const Bytes body(whole.begin(), whole.end() - 2);
  EXPECT_EQ(verdict(b.transact(whole)), 0x01);
  EXPECT_EQ(verdict(b.transact(with_crc(cat({body, hex("00")})))), 0x102) << "byte after the message";
  EXPECT_EQ(verdict(b.transact(with_crc(Bytes(body.begin(), body.end() - 1)))), 0x102) << "message cut short";
  EXPECT_EQ(verdict(b.transact(verify_with_slot_command(0, kP256, ref::signature_field(good), {}))), 0x103)
      << "empty digest";
}

class StsafeVerifyWithSlotEdgeCases : public ::testing::TestWithParam<size_t> {};

TEST_P(StsafeVerifyWithSlotEdgeCases, AnsweredInvalid) {
  const size_t c = GetParam();
  SCOPED_TRACE(curve_case(c).name);
  StsafeOnBus b;
  const size_t n = curve_case(c).size;
  const ref::KeyPair pair = ref::generate(c);
  ASSERT_EQ(b.transact(write_command(3, c, pair.public_key)), kOk);
  const Bytes message = digest_for(c);
  const Bytes good = ref::sign(c, pair, message);
  ASSERT_EQ(verdict(b.transact(verify_with_slot_command(3, c, ref::signature_field(good), message))), 0x01);
  const Bytes r(good.begin(), good.begin() + static_cast<long>(n));
  const Bytes s(good.begin() + static_cast<long>(n), good.end());
  auto field = [](const Bytes& rr, const Bytes& ss) { return cat({be16(rr.size()), rr, be16(ss.size()), ss}); };
  const Bytes zero(n, 0x00), ones(n, 0xFF);
  std::vector<std::pair<std::string, Bytes>> invalid = {
      {"r = 0", field(zero, s)},
      {"s = 0", field(r, zero)},
      {"r all ones", field(ones, s)},
      {"s all ones", field(r, ones)},
      {"R one byte short", field(Bytes(r.begin() + 1, r.end()), s)},
      {"S one byte long", field(r, cat({hex("00"), s}))},
      {"empty R and S", field({}, {})},
      {"R and S swapped", field(s, r)},
  };
  if (c != kEd25519) {
    const Bytes order = crypto::ec::group_order(static_cast<Curve>(c));
    invalid.push_back({"r = n", field(order, s)});
    invalid.push_back({"s = n", field(r, order)});
  } else {
    Bytes big_s = s;
    big_s[31] |= 0xF0;
    invalid.push_back({"S >= L", field(r, big_s)});
  }
  for (const auto& [name, sig] : invalid) {
    EXPECT_EQ(verdict(b.transact(verify_with_slot_command(3, c, sig, message))), 0x00) << name;
  }
}

INSTANTIATE_TEST_SUITE_P(Curves, StsafeVerifyWithSlotEdgeCases, ::testing::ValuesIn(kSigningCurves));

// --- entity authentication (1F 0E / 1F 0F) ---

TEST(StsafeEntityAuthentication, ChallengeSignedByTheEntityOnEveryCurve) {
  for (size_t c : kSigningCurves) {
    SCOPED_TRACE(curve_case(c).name);
    StsafeOnBus b;
    const ref::KeyPair entity = ref::generate(c);
    ASSERT_EQ(b.transact(write_command(1, c, entity.public_key)), kOk);
    const Bytes chal = challenge(b);
    ASSERT_EQ(chal.size(), 16u);
    // The entity signs the challenge itself (ECDSA with it as the digest, Ed25519 over it).
    const Bytes signature = ref::sign(c, entity, chal);
    EXPECT_EQ(verdict(b.transact(entity_command(1, ref::signature_field(signature)))), 0x01);
    EXPECT_EQ(b.chip.volatile_state().authenticated_entity, std::optional<uint8_t>(1));
    EXPECT_EQ(verdict(b.transact(entity_command(1, ref::signature_field(signature)))), 0x117)
        << "the challenge serves one verification";
    // A signature of another challenge fails, and uses the new challenge up too.
    const Bytes next = challenge(b);
    EXPECT_NE(next, chal);
    EXPECT_EQ(verdict(b.transact(entity_command(1, ref::signature_field(signature)))), 0x00);
    EXPECT_EQ(verdict(b.transact(entity_command(1, ref::signature_field(ref::sign(c, entity, next))))), 0x117);
  }
}

// A data zone under AUTH + HOST (access value 6): refused to the host channel alone, granted once
// an entity passed 1F 0E / 1F 0F, refused again after a reset and after a hibernate (the mark is
// RAM). A failed verification grants nothing.
TEST(StsafeEntityAuthentication, AuthenticatedEntityOpensAuthAndHostZones) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip);
  State s = b.chip.state();
  DataPartition& z = s.data_partitions.at(*find_zone(s.data_partitions, 3));
  z.read_access = ZoneAccess::kAuthenticatedHost;
  z.update_access = ZoneAccess::kAuthenticatedHost;
  z.data[0] = 0x42;
  b.chip.set_state(s);
  const ref::KeyPair entity = ref::generate(kP256);
  ASSERT_EQ(b.transact(write_command(1, kP256, entity.public_key)), kOk);
  const Bytes read = hex("00 03 00 00 00 01");
  const Bytes update = hex("80 03 00 00 5A");
  auto authenticate = [&](bool honest) {
    const Bytes chal = challenge(b);
    Bytes signed_bytes = chal;
    if (!honest) signed_bytes[0] ^= 0x01;
    return verdict(b.transact(entity_command(1, ref::signature_field(ref::sign(kP256, entity, signed_bytes)))));
  };

  EXPECT_EQ(host.exchange(b, hex("05"), read).status, 0x11) << "host channel, no entity";
  EXPECT_EQ(host.exchange(b, hex("06"), update).status, 0x11);
  EXPECT_EQ(authenticate(false), 0x00);
  EXPECT_EQ(host.exchange(b, hex("05"), read).status, 0x11) << "a failed verification grants nothing";

  ASSERT_EQ(authenticate(true), 0x01);
  EXPECT_EQ(b.transact(with_crc(cat({hex("05"), read}))), error_frame(0x11)) << "entity, but no host C-MAC";
  const HostChannel::Reply first = host.exchange(b, hex("05"), read);
  EXPECT_EQ(first.status, 0x00);
  EXPECT_EQ(first.payload, hex("42"));
  EXPECT_EQ(host.exchange(b, hex("06"), update).status, 0x00);
  EXPECT_EQ(host.exchange(b, hex("05"), read).payload, hex("5A"));
  EXPECT_EQ(authenticate(false), 0x00);
  EXPECT_EQ(host.exchange(b, hex("05"), read).status, 0x00) << "a later failed attempt keeps the earlier entity";

  EXPECT_EQ(b.transact(frame("01")), kOk) << "reset";
  EXPECT_EQ(host.exchange(b, hex("05"), read).status, 0x11) << "lost on reset";
  ASSERT_EQ(authenticate(true), 0x01);
  EXPECT_EQ(host.exchange(b, hex("05"), read).status, 0x00);
  EXPECT_EQ(b.transact(frame("0D 01")), kOk) << "hibernate";
  EXPECT_EQ(host.exchange(b, hex("05"), read).status, 0x11) << "lost on hibernate";
  ASSERT_EQ(authenticate(true), 0x01);
  b.chip.power_cycle();
  EXPECT_EQ(host.exchange(b, hex("05"), read).status, 0x11) << "lost on power loss";
}

TEST(StsafeEntityAuthentication, RefusalsKeepTheChallenge) {
  StsafeOnBus b;
  const ref::KeyPair entity = ref::generate(kP256);
  ASSERT_EQ(b.transact(write_command(0, kP256, entity.public_key)), kOk);
  ASSERT_EQ(b.transact(write_command(1, kP256, entity.public_key)), kOk);
  ASSERT_EQ(b.transact(frame("10 4D 01 00 01")), kOk) << "slot 1 without the entity-authentication flag";
  const ref::KeyPair x = ref::generate(kX25519);
  ASSERT_EQ(b.transact(write_command(2, kX25519, x.public_key)), kOk);

  EXPECT_EQ(b.transact(frame("1F 0E 00")), error_frame(0x02)) << "challenge takes no payload";
  const Bytes sig_field = ref::signature_field(repeat(0x11, 64));
  EXPECT_EQ(verdict(b.transact(entity_command(0, sig_field))), 0x117) << "no challenge yet";
  const Bytes chal = challenge(b);
  EXPECT_EQ(verdict(b.transact(entity_command(4, sig_field))), 0x103) << "slot 4";
  EXPECT_EQ(verdict(b.transact(entity_command(3, sig_field))), 0x10A) << "empty slot";
  EXPECT_EQ(verdict(b.transact(entity_command(2, sig_field))), 0x10C) << "X25519 key";
  EXPECT_EQ(verdict(b.transact(entity_command(1, sig_field))), 0x11B) << "flag cleared";
  EXPECT_EQ(verdict(b.transact(with_crc(cat({hex("1F 0F 01 00"), sig_field})))), 0x103) << "filler 01";
  EXPECT_EQ(verdict(b.transact(frame("1F 0F 00"))), 0x102) << "no slot";
  EXPECT_EQ(verdict(b.transact(with_crc(cat({hex("1F 0F 00 00"), sig_field, hex("00")})))), 0x102) << "trailing byte";
  const Bytes signature = ref::sign(kP256, entity, chal);
  EXPECT_EQ(verdict(b.transact(entity_command(0, ref::signature_field(signature)))), 0x01)
      << "refusals did not use the challenge up";
}

TEST(StsafeEntityAuthentication, ResetAndPowerLossDropTheChallenge) {
  StsafeOnBus b;
  const ref::KeyPair entity = ref::generate(kEd25519);
  ASSERT_EQ(b.transact(write_command(0, kEd25519, entity.public_key)), kOk);
  Bytes chal = challenge(b);
  EXPECT_EQ(b.transact(frame("01")), kOk);
  EXPECT_EQ(verdict(b.transact(entity_command(0, ref::signature_field(ref::sign(kEd25519, entity, chal))))), 0x117);
  chal = challenge(b);
  ASSERT_EQ(verdict(b.transact(entity_command(0, ref::signature_field(ref::sign(kEd25519, entity, chal))))), 0x01);
  chal = challenge(b);
  b.chip.power_cycle();
  EXPECT_FALSE(b.chip.volatile_state().authenticated_entity.has_value());
  EXPECT_EQ(verdict(b.transact(entity_command(0, ref::signature_field(ref::sign(kEd25519, entity, chal))))), 0x117);
}

TEST(StsafeEntityAuthentication, ChallengesComeFromTheSeededRandomStream) {
  auto first_two = [](uint64_t seed) {
    StsafeOnBus b;
    State s = b.chip.state();
    s.random_seed = seed;
    b.chip.set_state(s);
    return cat({challenge(b), challenge(b)});
  };
  EXPECT_EQ(first_two(7), first_two(7));
  EXPECT_NE(first_two(7), first_two(8));
}

// --- decompress public key (1F 1A) ---

Bytes decompress_command(size_t curve, uint8_t representation, const Bytes& x) {
  return with_crc(cat({hex("1F 1A"), curve_case(curve).curve_id, Bytes{representation}, x}));
}

TEST(StsafeDecompressPublicKey, RecoversYOnEveryWeierstrassCurve) {
  StsafeOnBus b;
  for (size_t c : kWeierstrassCurves) {
    SCOPED_TRACE(curve_case(c).name);
    const size_t n = curve_case(c).size;
    for (int i = 0; i < 4; ++i) {
      const ref::KeyPair pair = ref::generate(c);
      const Bytes x(pair.public_key.begin(), pair.public_key.begin() + static_cast<long>(n));
      const Bytes y(pair.public_key.begin() + static_cast<long>(n), pair.public_key.end());
      const uint8_t parity = static_cast<uint8_t>(0x02 | (y.back() & 1));
      EXPECT_EQ(b.transact(decompress_command(c, parity, x)), response_frame(0x00, y));
      // The other parity gives p - Y: a point of the curve too, with the same X.
      const Bytes other = payload_of(b.transact(decompress_command(c, parity ^ 0x01, x)));
      ASSERT_EQ(other.size(), n);
      EXPECT_NE(other, y);
      EXPECT_TRUE(crypto::ec::public_key_is_valid(static_cast<Curve>(c), cat({x, other})));
    }
  }
}

TEST(StsafeDecompressPublicKey, FactSheetFrameOnP256WithThePublishedGenerator) {
  StsafeOnBus b;
  // SEC 2 / FIPS 186-4: the P-256 base point G, Y even.
  const Bytes gx = hex("6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296");
  const Bytes gy = hex("4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5");
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 1A 00 08 2A 86 48 CE 3D 03 01 07 03"), gx}))), response_frame(0x00, gy));
}

TEST(StsafeDecompressPublicKey, Refusals) {
  StsafeOnBus b;
  const Bytes x = counting(32, 1);
  EXPECT_EQ(b.transact(decompress_command(kX25519, 0x02, x)), error_frame(0x0C));
  EXPECT_EQ(b.transact(decompress_command(kEd25519, 0x02, x)), error_frame(0x0C));
  EXPECT_EQ(b.transact(decompress_command(kP256, 0x04, x)), error_frame(0x03)) << "uncompressed marker";
  EXPECT_EQ(b.transact(decompress_command(kP256, 0x00, x)), error_frame(0x03));
  EXPECT_EQ(b.transact(decompress_command(kP256, 0x02, counting(31))), error_frame(0x02)) << "X too short";
  EXPECT_EQ(b.transact(decompress_command(kP256, 0x02, counting(33))), error_frame(0x02)) << "X too long";
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 1A"), curve_case(kP256).curve_id}))), error_frame(0x02));
  EXPECT_EQ(b.transact(frame("1F 1A 00 03 2B 65 71 02")), error_frame(0x03)) << "unknown curve";
  EXPECT_EQ(b.transact(decompress_command(kP256, 0x02, repeat(0xFF, 32))), error_frame(0x19)) << "x >= p";
  // About half of all x have no point; find one with the test's own OpenSSL check.
  Bytes no_point;
  for (uint8_t i = 0; i < 64 && no_point.empty(); ++i) {
    Bytes candidate = counting(32, i);
    bool has_point = false;
    for (uint8_t p : {0x02, 0x03}) {
      has_point = has_point || payload_of(b.transact(decompress_command(kP256, p, candidate))).size() == 32;
    }
    if (!has_point) no_point = candidate;
  }
  ASSERT_FALSE(no_point.empty());
  EXPECT_EQ(b.transact(decompress_command(kP256, 0x02, no_point)), error_frame(0x19));
}

// --- persistence ---

TEST(StsafePublicKeySlots, JsonRoundTrip) {
  StsafeOnBus b;
  const ref::KeyPair p521 = ref::generate(kP521), ed = ref::generate(kEd25519), bp = ref::generate(kBp512);
  ASSERT_EQ(b.transact(write_command(0, kP521, p521.public_key)), kOk);
  ASSERT_EQ(b.transact(write_command(2, kEd25519, ed.public_key)), kOk);
  ASSERT_EQ(b.transact(write_command(3, kBp512, bp.public_key)), kOk);
  ASSERT_EQ(b.transact(frame("10 4D 02 00 16")), kOk);
  const nlohmann::json saved = b.chip.save_state();
  const nlohmann::json& slots = saved.at("public_keys");
  ASSERT_EQ(slots.size(), kPublicKeySlotCount);
  EXPECT_EQ(slots[0].at("curve"), "nist_p521");
  EXPECT_EQ(slots[2].at("curve"), "ed25519");
  EXPECT_EQ(slots[2].at("entity_authentication"), false);
  EXPECT_EQ(slots[2].at("establish_host_key"), true);
  EXPECT_FALSE(slots[1].contains("public_key"));

  StsafeOnBus other;
  other.chip.load_state(JsonView(saved, "test.json", "$.state"));
  EXPECT_EQ(other.chip.state().public_keys, b.chip.state().public_keys);
  EXPECT_EQ(other.chip.save_state(), saved);
}

TEST(StsafePublicKeySlots, JsonLoadErrorsNameTheField) {
  using J = nlohmann::json;
  auto error_path = [](const J& public_keys) -> std::string {
    StsafeOnBus b;
    try {
      b.chip.load_state(JsonView(J{{"public_keys", public_keys}}, "test.json", "$.state"));
    } catch (const FixtureError& e) {
      return e.path();
    }
    return "";
  };
  const ref::KeyPair pair = ref::generate(kP256);
  Bytes off = pair.public_key;
  off.back() ^= 1;
  auto hex_of = [](const Bytes& b) {
    std::string s;
    for (uint8_t v : b) {
      const char* digits = "0123456789ABCDEF";
      s += digits[v >> 4];
      s += digits[v & 15];
    }
    return s;
  };
  EXPECT_EQ(error_path(J::array({{{"slot", 4}}})), "$.state.public_keys[0].slot");
  EXPECT_EQ(error_path(J::array({{{"slot", 1}}, {{"slot", 1}}})), "$.state.public_keys[1].slot");
  EXPECT_EQ(error_path(J::array({{{"slot", 1}, {"curve", "nist_p256"}}})), "$.state.public_keys[0].curve");
  EXPECT_EQ(error_path(J::array({{{"slot", 1}, {"curve", "nist_p999"}, {"public_key", hex_of(pair.public_key)}}})),
            "$.state.public_keys[0].curve");
  EXPECT_EQ(error_path(J::array({{{"slot", 1}, {"curve", "nist_p256"}, {"public_key", hex_of(off)}}})),
            "$.state.public_keys[0].public_key");
  EXPECT_EQ(error_path(J::array({{{"slot", 1}, {"curve", "nist_p384"}, {"public_key", hex_of(pair.public_key)}}})),
            "$.state.public_keys[0].public_key");
  EXPECT_EQ(error_path(J::array({{{"slot", 1}, {"signature", true}}})), "$.state.public_keys[0].signature");
  EXPECT_EQ(error_path(J::array({{{"slot", 1}, {"curve", "nist_p256"}, {"public_key", hex_of(pair.public_key)}}})), "");
}

TEST(StsafePublicKeySlots, APowerCutDuringWritePublicKeyLeavesTheOldKeyOrTheNew) {
  const ref::KeyPair older = ref::generate(kBp384), old_pair = ref::generate(kP256), new_pair = ref::generate(kP521);
  auto prepared = [&](StsafeOnBus& b) {
    ASSERT_EQ(b.transact(write_command(1, kBp384, older.public_key)), kOk);  // an older record a tear could show
    ASSERT_EQ(b.transact(write_command(1, kP256, old_pair.public_key)), kOk);
  };
  StsafeOnBus reference;
  prepared(reference);
  const PublicKeySlot old_key = reference.chip.state().public_keys[1];
  ASSERT_EQ(reference.transact(write_command(1, kP521, new_pair.public_key)), kOk);
  const PublicKeySlot new_key = reference.chip.state().public_keys[1];
  ASSERT_NE(old_key, new_key);

  bool saw_old = false, saw_new = false;
  for (uint64_t cut = 0; cut < 30; ++cut) {
    StsafeOnBus b;
    prepared(b);
    b.chip.nvm().arm_power_cut_after_words(cut);
    ASSERT_EQ(b.write(write_command(1, kP521, new_pair.public_key)), BusOutcome::kAck);
    b.scheduler.advance_by(600 * kMillisecond);
    const bool fired = b.chip.nvm().power_cut_fired();
    b.chip.nvm().clear_power_cut();
    b.chip.power_cycle();
    const PublicKeySlot& k = b.chip.state().public_keys[1];
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

TEST(StsafePublicKeySlots, APowerCutDuringAFlagsPutLeavesTheOldFlagsOrTheNew) {
  for (uint64_t cut = 0; cut < 3; ++cut) {
    StsafeOnBus b;
    b.chip.nvm().arm_power_cut_after_words(cut);
    ASSERT_EQ(b.write(frame("10 4D 00 00 16")), BusOutcome::kAck);
    b.scheduler.advance_by(600 * kMillisecond);
    b.chip.nvm().clear_power_cut();
    b.chip.power_cycle();
    const Bytes flags = b.chip.state().public_keys[0].flags.encode() == std::array<uint8_t, 2>{0x00, 0x16}
                            ? hex("00 16")
                            : hex("00 09");
    EXPECT_EQ(b.transact(frame("14 4C 00")), response_frame(0x00, cat({hex("00"), flags}))) << "cut after " << cut;
  }
}

TEST(StsafePublicKeySlots, NvmRecordNames) {
  EXPECT_EQ(nvm_record_name(0xC00), "public key slot 0 flags");
  EXPECT_EQ(nvm_record_name(0xC0C), "public key slot 3 flags");
  EXPECT_EQ(nvm_record_name(0xC10), "public key slot 0 bank A commit word");
  EXPECT_EQ(nvm_record_name(0xC10 + 0x48 + 8), "public key slot 0 bank B");
  EXPECT_EQ(nvm_record_name(0xC10 + 7 * 0x48), "public key slot 3 bank B commit word");
  EXPECT_EQ(nvm_record_name(0xBA4), "unused");
  EXPECT_EQ(nvm_record_name(0xE50), "unused");
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
