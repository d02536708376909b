// Derive keys (1F 10, HKDF-SHA-256) and the generic-secret keys it needs: RFC 5869 test cases 1-3
// through the command, extract / expand / both, keys returned or stored in the slots the chip
// picks, the refusals, the key table records, the state JSON, HMAC (mode 5) with 0x09 / 0x0A
// (RFC 4231 test case 1), access conditions and a power cut during the slot write.
#include <gtest/gtest.h>

#include "simulator/fixture/json_view.h"
#include "simulator/stsafe_a120/state_json.h"
#include "tests/unit/simulator/stsafe_a120/example_keys.h"

namespace kb::sim::stsafe_a120 {
namespace {

using namespace test_support;

const Bytes kOk = hex("00 00 02 F0 78");
const Bytes kSha256Id = hex("00 09 60 86 48 01 65 03 04 02 01");

// RFC 5869 appendix A.
const Bytes kIkm1 = repeat(0x0B, 22);
const Bytes kSalt1 = hex("000102030405060708090a0b0c");
const Bytes kInfo1 = hex("f0f1f2f3f4f5f6f7f8f9");
const Bytes kPrk1 = hex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
const Bytes kOkm1 = hex("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
const Bytes kPrk2 = hex("06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244");
const Bytes kOkm2 = hex(
    "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8"
    "367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87");
const Bytes kOkm3 = hex("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");

Bytes range(uint8_t from, size_t n) {
  Bytes out(n);
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(from + i);
  return out;
}
Bytes be16(size_t v) {
  return {static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v)};
}
Bytes sub(const Bytes& b, size_t from, size_t n) {
  return Bytes(b.begin() + static_cast<long>(from), b.begin() + static_cast<long>(from + n));
}

// Fields of the command (see simulator/stsafe_a120/commands/derive_keys.cc).
Bytes ikm_field(const Bytes& key) {
  return cat({hex("00 04"), be16(key.size()), key});
}
Bytes slot_field(uint8_t slot) {
  return {0x02, slot};
}
Bytes salt_field(const Bytes& salt) {
  return cat({hex("00"), be16(salt.size()), salt});
}
Bytes info_field(const Bytes& info) {
  return cat({be16(info.size()), info});
}
Bytes to_host(size_t length) {
  return cat({hex("00 03 01"), be16(length)});
}
// A key info of fact sheet 2.8 without its slot byte, behind its length and destination.
Bytes to_slot(const Bytes& description) {
  return cat({be16(1 + description.size()), hex("02"), description});
}
Bytes derive(const Bytes& body) {
  return with_crc(cat({hex("1F 10"), body}));
}
Bytes ok_with(const Bytes& payload) {
  return response_frame(0x00, payload);
}

constexpr uint8_t kDerivedBit = 0x20, kPlaintextBit = 0x10, kChangeRight = 0x08;
void set_control(StsafeOnBus& b, uint8_t slot, uint8_t byte0) {
  State s = b.chip.state();
  const std::array<uint8_t, 3> bytes = {byte0, 0xFF, 0xFF};
  s.symmetric_key_control[slot] = SymmetricSlotControl::decode(bytes);
  b.chip.set_state(s);
}

SymmetricKeyInfo hkdf_info(uint8_t slot, uint8_t length, bool exportable, uint8_t usage = key_usage::kDerive) {
  SymmetricKeyInfo info;
  info.slot = slot;
  info.type = SymmetricKeyType::kGenericSecret;
  info.mode = KeyMode::kHkdf;
  info.usage = usage;
  info.derived_keys_exportable = exportable;
  info.generic_secret_length = length;
  return info;
}
SymmetricKeyInfo hmac_info(uint8_t slot, uint8_t length, uint8_t min_mac) {
  SymmetricKeyInfo info;
  info.slot = slot;
  info.type = SymmetricKeyType::kGenericSecret;
  info.mode = KeyMode::kHmac;
  info.usage = key_usage::kMacGeneration | key_usage::kMacVerification;
  info.min_mac_length = min_mac;
  info.generic_secret_length = length;
  return info;
}

// --- RFC 5869 through the command ---

TEST(StsafeDeriveKeys, Rfc5869Case1ExtractAndExpandToHost) {
  StsafeOnBus b;
  const auto saved = b.chip.save_state();
  EXPECT_EQ(b.transact(derive(
                cat({ikm_field(kIkm1), hex("03"), kSha256Id, salt_field(kSalt1), info_field(kInfo1), to_host(42)}))),
            ok_with(kOkm1));
  EXPECT_EQ(b.chip.save_state(), saved) << "keys returned to the host write nothing";
}

TEST(StsafeDeriveKeys, Rfc5869Case3EmptySaltAndInfo) {
  StsafeOnBus b;
  EXPECT_EQ(
      b.transact(derive(cat({ikm_field(kIkm1), hex("03"), kSha256Id, salt_field({}), info_field({}), to_host(42)}))),
      ok_with(kOkm3));
}

// Case 2's 80-byte IKM is over the 16..32 bytes a command-borne key may have; its PRK (32 bytes)
// goes through expand alone.
TEST(StsafeDeriveKeys, Rfc5869Case2ExpandFromItsPrk) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(derive(cat({ikm_field(kPrk2), hex("01"), kSha256Id, info_field(range(0xB0, 80)), to_host(82)}))),
            ok_with(kOkm2));
  EXPECT_EQ(b.transact(derive(cat({ikm_field(range(0x00, 80)), hex("03"), kSha256Id, salt_field(range(0x60, 80)),
                                   info_field(range(0xB0, 80)), to_host(82)}))),
            error_frame(0x03));
}

// Extract alone stores the PRK in a slot the chip picks; expand from that slot gives case 1's OKM.
TEST(StsafeDeriveKeys, ExtractToSlotThenExpandFromIt) {
  StsafeOnBus b;
  set_control(b, 6, kDerivedBit | kChangeRight);
  EXPECT_EQ(b.transact(derive(cat({ikm_field(kIkm1), hex("02"), kSha256Id, salt_field(kSalt1)}))), ok_with({0x06}));
  const SymmetricKeySlot& prk = b.chip.state().symmetric_keys[6];
  ASSERT_TRUE(prk.present);
  EXPECT_EQ(prk.key, kPrk1);
  EXPECT_EQ(prk.info, hkdf_info(6, 32, true));
  EXPECT_EQ(b.transact(derive(cat({slot_field(6), hex("01"), kSha256Id, info_field(kInfo1), to_host(42)}))),
            ok_with(kOkm1));
}

// Several keys from one expand, in descriptor order: a CMAC key to a slot, 26 bytes to the host.
TEST(StsafeDeriveKeys, KeysSplitTheOkmInOrder) {
  StsafeOnBus b;
  set_control(b, 9, kDerivedBit);
  EXPECT_EQ(b.transact(derive(cat({ikm_field(kIkm1), hex("03"), kSha256Id, salt_field(kSalt1), info_field(kInfo1),
                                   to_slot(hex("00 00 01 00 03 04")), to_host(26)}))),
            ok_with(cat({hex("09"), sub(kOkm1, 16, 26)})));
  const SymmetricKeySlot& k = b.chip.state().symmetric_keys[9];
  EXPECT_EQ(k.key, sub(kOkm1, 0, 16));
  SymmetricKeyInfo expected = cmac_example_info(9);
  expected.min_mac_length = 4;
  EXPECT_EQ(k.info, expected);
  // The derived key works as a CMAC key.
  EXPECT_EQ(b.transact(with_crc(cat({hex("09 03 09 04"), counting(16)})))[0], 0x00);
}

// Slot choice: first empty slot with the derived bit, then the first such slot with an unlocked
// key; locked and erasable keys, slots without the bit and the input slot are passed over.
TEST(StsafeDeriveKeys, ChipPicksTheSlots) {
  StsafeOnBus b;
  for (uint8_t s : {1, 2, 3, 4, 5, 7}) set_control(b, s, kDerivedBit);
  put_key(b.chip, hkdf_info(1, 32, true), kPrk1);  // the input key, unlocked: never its own target
  SymmetricKeyInfo locked = cmac_example_info(2);
  locked.lock = LockIndicator::kLocked;
  put_key(b.chip, locked, repeat(2, 16));
  SymmetricKeyInfo erasable = cmac_example_info(3);
  erasable.lock = LockIndicator::kErasable;
  put_key(b.chip, erasable, repeat(3, 16));
  put_key(b.chip, cmac_example_info(4), repeat(4, 16));  // unlocked
  put_key(b.chip, cmac_example_info(5), repeat(5, 16));  // unlocked
  // slot 7 empty; slot 8 empty without the bit.
  const Bytes aes128 = to_slot(hex("00 00 01 00 03 02"));
  const Bytes expand = cat({slot_field(1), hex("01"), kSha256Id, info_field(kInfo1)});
  EXPECT_EQ(b.transact(derive(cat({expand, aes128, aes128}))), ok_with({0x07, 0x04}));
  EXPECT_EQ(b.chip.state().symmetric_keys[7].key, sub(kOkm1, 0, 16));
  EXPECT_EQ(b.chip.state().symmetric_keys[4].key, sub(kOkm1, 16, 16));
  EXPECT_EQ(b.chip.state().symmetric_keys[5].key, repeat(5, 16));
  EXPECT_EQ(b.chip.state().symmetric_keys[2].key, repeat(2, 16));
  EXPECT_EQ(b.chip.state().symmetric_keys[3].key, repeat(3, 16));
  // Now 7 and 4 hold unlocked keys again; three outputs need three slots: 4, 5, 7 are left.
  EXPECT_EQ(b.transact(derive(cat({expand, aes128, aes128, aes128}))), ok_with({0x04, 0x05, 0x07}));
  const auto saved = b.chip.save_state();
  EXPECT_EQ(b.transact(derive(cat({expand, aes128, aes128, aes128, aes128}))), error_frame(0x14));
  EXPECT_EQ(b.chip.save_state(), saved) << "nothing is written when a later key finds no slot";
}

TEST(StsafeDeriveKeys, SlotKeysAndSaltFromSlots) {
  StsafeOnBus b;
  set_control(b, 0, kDerivedBit);
  put_key(b.chip, hkdf_info(10, 22, true), kIkm1);
  put_key(b.chip, hkdf_info(11, 16, false), range(0x00, 16));  // salt: any HKDF key with derive
  // RFC 5869 case 1 with the 16-byte salt from slot 11 instead: compare with a command-borne salt.
  const Bytes from_command = b.transact(derive(
      cat({ikm_field(kIkm1), hex("03"), kSha256Id, salt_field(range(0x00, 16)), info_field(kInfo1), to_host(42)})));
  ASSERT_EQ(from_command[0], 0x00);
  EXPECT_EQ(
      b.transact(derive(cat({slot_field(10), hex("03"), kSha256Id, slot_field(11), info_field(kInfo1), to_host(42)}))),
      from_command);
}

// --- refusals ---

TEST(StsafeDeriveKeys, InputKeyRules) {
  StsafeOnBus b;
  set_control(b, 0, kDerivedBit);
  put_key(b.chip, hkdf_info(1, 32, false), kPrk1);       // not exportable
  put_key(b.chip, hkdf_info(2, 32, true, 0), kPrk1);     // no derive usage
  put_key(b.chip, hmac_info(3, 32, 16), kPrk1);          // HMAC mode
  put_key(b.chip, cmac_example_info(4), repeat(4, 16));  // AES key
  put_key(b.chip, hkdf_info(5, 22, true), kIkm1);        // not a PRK
  const Bytes expand = cat({hex("01"), kSha256Id, info_field(kInfo1)});
  const auto saved = b.chip.save_state();
  const struct {
    const char* name;
    Bytes body;
    uint8_t status;
  } cases[] = {
      {"returned from a non-exportable key", cat({slot_field(1), expand, to_host(16)}), 0x1B},
      {"no derive usage", cat({slot_field(2), expand, to_host(16)}), 0x1B},
      {"HMAC key", cat({slot_field(3), expand, to_host(16)}), 0x1C},
      {"AES key", cat({slot_field(4), expand, to_host(16)}), 0x0C},
      {"expand from a 22-byte key", cat({slot_field(5), expand, to_host(16)}), 0x0C},
      {"empty slot", cat({slot_field(6), expand, to_host(16)}), 0x0A},
      {"slot 16", cat({slot_field(16), expand, to_host(16)}), 0x03},
      {"salt from an AES slot",
       cat({ikm_field(kIkm1), hex("03"), kSha256Id, slot_field(4), info_field({}), to_host(16)}), 0x0C},
      {"salt from an empty slot", cat({ikm_field(kIkm1), hex("02"), kSha256Id, slot_field(7)}), 0x0A},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(b.transact(derive(c.body)), error_frame(c.status)) << c.name;
  }
  EXPECT_EQ(b.chip.save_state(), saved);
  // The non-exportable key still derives into a slot.
  EXPECT_EQ(b.transact(derive(cat({slot_field(1), expand, to_slot(hex("00 00 01 00 03 02"))}))), ok_with({0x00}));
}

TEST(StsafeDeriveKeys, ParameterValidation) {
  StsafeOnBus b;
  set_control(b, 0, kDerivedBit);
  const Bytes head = cat({ikm_field(kIkm1), hex("03"), kSha256Id, salt_field(kSalt1), info_field(kInfo1)});
  Bytes sha384 = kSha256Id;
  sha384.back() = 0x02;
  Bytes descriptors33;
  for (int i = 0; i < 33; ++i) descriptors33 = cat({descriptors33, to_host(1)});
  const auto saved = b.chip.save_state();
  const struct {
    const char* name;
    Bytes body;
    uint8_t status;
  } cases[] = {
      {"empty", {}, 0x02},
      {"source 01", cat({hex("01 04 00 16"), kIkm1}), 0x03},
      {"command key in CMAC mode",
       cat({hex("00 01 00 16"), kIkm1, hex("03"), kSha256Id, salt_field({}), info_field({}), to_host(4)}), 0x1C},
      {"command key 15 bytes", cat({ikm_field(repeat(1, 15)), hex("02"), kSha256Id, salt_field({})}), 0x03},
      {"command key 33 bytes", cat({ikm_field(repeat(1, 33)), hex("02"), kSha256Id, salt_field({})}), 0x03},
      {"command key cut short", cat({hex("00 04 00 16"), repeat(0x0B, 21)}), 0x02},
      {"expand from a 22-byte command key", cat({ikm_field(kIkm1), hex("01"), kSha256Id, info_field({}), to_host(4)}),
       0x03},
      {"no steps", cat({ikm_field(kIkm1), hex("00"), kSha256Id}), 0x03},
      {"steps bit 2", cat({ikm_field(kIkm1), hex("06"), kSha256Id, salt_field({})}), 0x03},
      {"SHA-384", cat({ikm_field(kIkm1), hex("02"), sha384, salt_field({})}), 0x03},
      {"hash id cut short", cat({ikm_field(kIkm1), hex("02 00 09 60")}), 0x02},
      {"salt source 01", cat({ikm_field(kIkm1), hex("02"), kSha256Id, hex("01 00 00")}), 0x03},
      {"salt cut short", cat({ikm_field(kIkm1), hex("02"), kSha256Id, hex("00 00 05 01 02")}), 0x02},
      {"extract with trailing bytes", cat({ikm_field(kIkm1), hex("02"), kSha256Id, salt_field({}), hex("00")}), 0x02},
      {"info cut short", cat({ikm_field(kIkm1), hex("03"), kSha256Id, salt_field({}), hex("00 05 01")}), 0x02},
      {"no output keys", head, 0x02},
      {"33 output keys", cat({head, descriptors33}), 0x03},
      {"returned key of length 0", cat({head, to_host(0)}), 0x03},
      {"descriptor length 2 for a returned key", cat({head, hex("00 02 01 00")}), 0x02},
      {"descriptor cut short", cat({head, hex("00 03 01 00")}), 0x02},
      {"descriptor length 0", cat({head, hex("00 00")}), 0x02},
      {"destination 00", cat({head, hex("00 03 00 00 10")}), 0x03},
      {"slot key description one byte short", cat({head, to_slot(hex("00 00 01 00 03"))}), 0x02},
      {"slot key description one byte long", cat({head, to_slot(hex("00 00 01 00 03 02 00"))}), 0x02},
      {"slot key: HKDF on an AES key", cat({head, to_slot(hex("00 00 04 00 40 00 20"))}), 0x03},
      {"slot key: generic secret of 15 bytes", cat({head, to_slot(hex("00 02 04 00 40 00 0F"))}), 0x03},
      {"slot key: lock indicator 3", cat({head, to_slot(hex("03 00 01 00 03 02"))}), 0x03},
      {"returned keys over one frame", cat({head, to_host(700), to_host(48)}), 0x06},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(b.transact(derive(c.body)), error_frame(c.status)) << c.name;
  }
  EXPECT_EQ(b.chip.save_state(), saved);
  // 747 bytes is the most one answer holds.
  EXPECT_EQ(b.transact(derive(cat({head, to_host(700), to_host(47)})))[0], 0x00);
}

TEST(StsafeDeriveKeys, GenericSecretTargetsCarryTheirInfo) {
  StsafeOnBus b;
  set_control(b, 12, kDerivedBit);
  set_control(b, 13, kDerivedBit);
  // An HKDF key (24 bytes, exportable, locked) and an HMAC key (32 bytes, min MAC 20).
  EXPECT_EQ(b.transact(derive(cat({ikm_field(kIkm1), hex("03"), kSha256Id, salt_field(kSalt1), info_field(kInfo1),
                                   to_slot(hex("01 02 04 00 40 01 18")), to_slot(hex("00 02 05 00 03 14 20"))}))),
            ok_with({12, 13}));
  SymmetricKeyInfo hkdf = hkdf_info(12, 24, true);
  hkdf.lock = LockIndicator::kLocked;
  EXPECT_EQ(b.chip.state().symmetric_keys[12], (SymmetricKeySlot{true, hkdf, sub(kOkm1, 0, 24), 0}));
  const Bytes okm = b.transact(
      derive(cat({ikm_field(kIkm1), hex("03"), kSha256Id, salt_field(kSalt1), info_field(kInfo1), to_host(56)})));
  EXPECT_EQ(b.chip.state().symmetric_keys[13],
            (SymmetricKeySlot{true, hmac_info(13, 32, 20), Bytes(okm.begin() + 3 + 24, okm.begin() + 3 + 56), 0}));
  // The query reports both in the 2.3 shape: no parameter bytes for HKDF / HMAC.
  const Bytes table = b.transact(frame("14 23"));
  ASSERT_EQ(table[0], 0x00);
  Bytes expected = {0x10};
  for (int s = 0; s < 12; ++s) expected.push_back(0x00);
  expected = cat({expected, hex("03 02 04 00 40"), hex("01 02 05 00 03"), hex("00 00")});
  EXPECT_EQ(table, ok_with(expected));
}

// --- generic secrets written by the host, HMAC ---

TEST(StsafeGenericSecrets, WrittenInPlaintextAndUsedForHmac) {
  StsafeOnBus b;
  set_control(b, 4, kPlaintextBit | kChangeRight);
  // RFC 4231 test case 1: key 20 x 0B, "Hi There".
  const Bytes key = repeat(0x0B, 20);
  const Bytes message = hex("4869205468657265");
  const Bytes mac = hex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 17 00 04 02 05 00 03 10 14"), key}))), kOk);
  EXPECT_EQ(b.chip.state().symmetric_keys[4], (SymmetricKeySlot{true, hmac_info(4, 20, 16), key, 0}));
  EXPECT_EQ(b.transact(with_crc(cat({hex("09 03 04 20"), message}))), ok_with(mac));
  EXPECT_EQ(b.transact(with_crc(cat({hex("09 03 04 10"), message}))), ok_with(sub(mac, 0, 16)));
  EXPECT_EQ(b.transact(with_crc(cat({hex("0A 02 04 20"), mac, message}))), ok_with({0x01}));
  Bytes wrong = sub(mac, 0, 16);
  wrong[15] ^= 1;
  EXPECT_EQ(b.transact(with_crc(cat({hex("0A 02 04 10"), wrong, message}))), ok_with({0x00}));
  for (uint8_t length : {0x04, 0x08, 0x0F, 0x21}) {
    EXPECT_EQ(b.transact(with_crc(cat({hex("09 03 04"), Bytes{length}, message}))), error_frame(0x1D)) << +length;
  }
  // Key length and info must agree; an HMAC key cannot derive, an HKDF key cannot MAC.
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 17 00 04 02 05 00 03 10 14"), repeat(1, 21)}))), error_frame(0x02));
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 17 00 04 02 05 00 03 10 21"), repeat(1, 33)}))), error_frame(0x03));
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 17 00 04 02 05 00 40 10 14"), key}))), error_frame(0x03));
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 17 00 04 02 04 00 40 02 14"), key}))), error_frame(0x03))
      << "HKDF flags filler bits";
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 17 00 04 02 04 00 40 01 14"), key}))), kOk);
  EXPECT_EQ(b.transact(with_crc(cat({hex("09 03 04 20"), message}))), error_frame(0x1C));
}

// An HKDF key in a wrapped envelope (1F 09, fact sheet 4.3): info (8) | key (22) | 80 00, then used.
TEST(StsafeGenericSecrets, WrappedHkdfKeyDerives) {
  StsafeOnBus b;
  set_control(b, 3, 0x02 | kChangeRight);  // wrapped anonymous
  const Bytes host_private = repeat(0x22, 32);
  const Bytes r = b.transact(frame("1F 0B 00 08 2A 86 48 CE 3D 03 01 07"));
  const Bytes chip_public = cat({Bytes(r.begin() + 16, r.begin() + 48), Bytes(r.begin() + 50, r.begin() + 82)});
  ASSERT_EQ(b.transact(with_crc(
                cat({hex("1F 03"), p256_curve_id(), p256_public_key_field(p256_public(host_private)), hex("01")}))),
            kOk);
  const Bytes z = p256_shared_x(host_private, chip_public);
  const Bytes base = hkdf_sha256(kdf_salt(), z, cat({chip_public, p256_public(host_private)}), 32);
  const Bytes kek1 = hkdf_sha256(kdf_salt(), base, hex("10 11 01"), 32);
  const Bytes envelope_plain = cat({hex("00 03 02 04 00 40 01 16"), kIkm1, hex("80 00")});
  ASSERT_EQ(envelope_plain.size(), 32u);
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 09"), aes_key_wrap(kek1, envelope_plain)}))), kOk);
  EXPECT_EQ(b.chip.state().symmetric_keys[3], (SymmetricKeySlot{true, hkdf_info(3, 22, true), kIkm1, 0}));
  EXPECT_EQ(b.transact(derive(
                cat({slot_field(3), hex("03"), kSha256Id, salt_field(kSalt1), info_field(kInfo1), to_host(42)}))),
            ok_with(kOkm1));
}

TEST(StsafeGenericSecrets, StateJsonRoundTrip) {
  State s = factory_state();
  s.symmetric_keys[9] = SymmetricKeySlot{true, hkdf_info(9, 22, true), kIkm1, 0};
  SymmetricKeyInfo hmac = hmac_info(10, 32, 16);
  hmac.lock = LockIndicator::kErasable;
  s.symmetric_keys[10] = SymmetricKeySlot{true, hmac, kPrk1, 0};
  s.symmetric_key_control[9].derived = true;
  const nlohmann::json j = state_to_json(s);
  EXPECT_EQ(j.dump().find("\"generic_secret\"") != std::string::npos, true);
  EXPECT_EQ(state_from_json(JsonView(j, "test.json")), s);

  auto load = [](const char* text) { return state_from_json(JsonView(nlohmann::json::parse(text), "test.json")); };
  EXPECT_EQ(load(R"({"symmetric_keys": [{"slot": 2, "type": "generic_secret", "mode": "hkdf", "usage": ["derive"],
                    "key": "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"}]})")
                .symmetric_keys[2],
            (SymmetricKeySlot{true, hkdf_info(2, 22, false), kIkm1, 0}));
  EXPECT_THROW(load(R"({"symmetric_keys": [{"slot": 2, "type": "generic_secret", "mode": "hkdf",
                        "key": "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"}]})"),
               std::exception)
      << "15 bytes";
  EXPECT_THROW(load(R"({"symmetric_keys": [{"slot": 2, "type": "aes128", "mode": "hkdf",
                        "key": "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"}]})"),
               std::exception);
  EXPECT_THROW(load(R"({"symmetric_keys": [{"slot": 2, "type": "generic_secret", "mode": "cmac", "min_mac_length": 4,
                        "key": "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"}]})"),
               std::exception);
  EXPECT_THROW(load(R"({"symmetric_keys": [{"slot": 2, "type": "generic_secret", "mode": "hmac", "min_mac_length": 33,
                        "key": "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"}]})"),
               std::exception);
}

TEST(StsafeDeriveKeys, AccessConditionHost) {
  StsafeOnBus b;
  HostChannel host = give_test_host_keys(b.chip);
  set_access(b.chip, 0x1F, AccessCondition::kHost, 0, 0x10);
  const Bytes body = cat({ikm_field(kIkm1), hex("03"), kSha256Id, salt_field(kSalt1), info_field(kInfo1), to_host(42)});
  EXPECT_EQ(b.transact(derive(body)), error_frame(0x11));
  const HostChannel::Reply reply = host.exchange(b, hex("1F 10"), body);
  EXPECT_EQ(reply.status, 0x00);
  EXPECT_EQ(reply.payload, kOkm1);
  // With C-ENC and R-ENC asked for: a C-MAC alone is refused, the encrypted exchange answers.
  set_access(b.chip, 0x1F, AccessCondition::kHost, kCommandEncrypted | kResponseEncrypted, 0x10);
  EXPECT_EQ(host.exchange(b, hex("1F 10"), body).status, 0x18);
  const HostChannel::Reply encrypted = host.exchange(b, hex("1F 10"), body, true, true);
  EXPECT_EQ(encrypted.status, 0x00);
  EXPECT_EQ(encrypted.payload, kOkm1);
}

// A power cut at every NVM word of a derivation into a slot holding a key: the slot holds the old
// key or the derived one, whole, and nothing else changes.
TEST(StsafeDeriveKeys, TornSlotWriteLeavesOldOrNew) {
  SymmetricKeyInfo derived_info = cmac_example_info(5);
  const SymmetricKeySlot old_key{true, cmac_example_info(5), repeat(0x01, 16), 0};
  const SymmetricKeySlot new_key{true, derived_info, sub(kOkm1, 0, 16), 0};
  bool saw_old = false, saw_new = false;
  uint64_t cut = 0;
  for (;; ++cut) {
    StsafeOnBus b;
    set_control(b, 5, kDerivedBit);
    put_key(b.chip, ccm_example_info(5), repeat(0x03, 32));  // an older record in the other bank
    b.chip.set_symmetric_key(5, old_key);
    const State before = b.chip.state();
    b.chip.nvm().arm_power_cut_after_words(cut);
    ASSERT_EQ(b.write(derive(cat({ikm_field(kIkm1), hex("03"), kSha256Id, salt_field(kSalt1), info_field(kInfo1),
                                  to_slot(hex("00 00 01 00 03 02"))}))),
              BusOutcome::kAck);
    b.scheduler.advance_by(600 * kMillisecond);
    const bool fired = b.chip.nvm().power_cut_fired();
    b.chip.nvm().clear_power_cut();
    b.chip.power_cycle();
    const State after = b.chip.state();
    const SymmetricKeySlot& k = after.symmetric_keys[5];
    EXPECT_TRUE(k == old_key || k == new_key) << "cut after " << cut << " words";
    State rest = after;
    rest.symmetric_keys[5] = before.symmetric_keys[5];
    EXPECT_EQ(rest, before) << "cut after " << cut << " words";
    saw_old = saw_old || k == old_key;
    saw_new = saw_new || k == new_key;
    if (!fired) break;
  }
  EXPECT_GE(cut, 12u) << "a key record is 12 words";
  EXPECT_TRUE(saw_old);
  EXPECT_TRUE(saw_new);
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
