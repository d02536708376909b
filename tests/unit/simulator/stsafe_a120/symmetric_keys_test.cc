// Symmetric key slots: writing them (plaintext 1F 17, wrapped 1F 09, ECDHE 1F 04/1F 05), the
// control fields and lock indicators that decide who may, erasing (1F 19), the key info checks,
// the table query (0x23) and atomic NVM writes (fact sheet 2.3, 2.5, 2.7, 2.8, 4.3, 4.5).
#include <gtest/gtest.h>

#include "tests/unit/simulator/stsafe_a120/example_keys.h"

namespace kb::sim::stsafe_a120 {
namespace {

using namespace test_support;

const Bytes kOk = hex("00 00 02 F0 78");

// Control fields with the given byte 0 (2.7 bit layout) and no authentication keys.
void put_control(StsafeOnBus& b, uint8_t slot, uint8_t byte0) {
  ASSERT_EQ(b.transact(with_crc({0x10, 0x4B, slot, byte0, 0xFF, 0xFF})), kOk);
}
// The same fields by reach-in, leaving the slot's one put for the test.
void set_control(StsafeOnBus& b, uint8_t slot, uint8_t byte0) {
  State s = b.chip.state();
  const std::array<uint8_t, 3> bytes = {byte0, 0xFF, 0xFF};
  s.symmetric_key_control[slot] = SymmetricSlotControl::decode(bytes);
  b.chip.set_state(s);
}
constexpr uint8_t kEcdheAnonymous = 0x01, kWrappedAnonymous = 0x02, kChangeRight = 0x08, kPlaintext = 0x10;

Bytes write_plaintext(const Bytes& info, const Bytes& key) {
  return with_crc(cat({hex("1F 17"), info, key}));
}

TEST(StsafeSymmetricWrite, PlaintextNeedsThePlaintextControlBit) {
  StsafeOnBus b;
  const auto saved = b.chip.save_state();
  // Factory 08 FF FF: plaintext NO.
  EXPECT_EQ(b.transact(write_plaintext(hex("00 03 00 01 00 03 02"), repeat(0x5A, 16))), error_frame(0x1E));
  EXPECT_EQ(b.chip.save_state(), saved);
  put_control(b, 3, kPlaintext | kChangeRight);
  EXPECT_EQ(b.transact(write_plaintext(hex("00 03 00 01 00 03 02"), repeat(0x5A, 16))), kOk);
  EXPECT_EQ(b.chip.state().symmetric_keys[3], (SymmetricKeySlot{true, cmac_example_info(), repeat(0x5A, 16), 0}));
  EXPECT_EQ(b.transact(hex("09 03 03 04 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F B7 9E")),
            hex("00 00 06 BE 4C A3 F2 F2 76"));
}

// The production rule of the issue: once the control fields forbid plaintext (and the change
// right is spent), plaintext writes stay refused.
TEST(StsafeSymmetricWrite, PlaintextRefusedOnceControlFieldsForbidIt) {
  StsafeOnBus b;
  // Plaintext allowed and the change right kept (reach-in: the one put of the slot's lifetime is
  // the one below).
  set_control(b, 3, kPlaintext | kChangeRight);
  EXPECT_EQ(b.transact(write_plaintext(hex("00 03 00 01 00 03 02"), repeat(0x11, 16))), kOk);
  put_control(b, 3, kWrappedAnonymous);  // change right cleared
  const auto saved = b.chip.save_state();
  EXPECT_EQ(b.transact(write_plaintext(hex("00 03 00 01 00 03 02"), repeat(0x22, 16))), error_frame(0x1E));
  EXPECT_EQ(b.transact(with_crc({0x10, 0x4B, 0x03, kPlaintext | kChangeRight, 0xFF, 0xFF})), error_frame(0x11));
  EXPECT_EQ(b.chip.save_state(), saved);
  EXPECT_EQ(b.chip.state().symmetric_keys[3].key, repeat(0x11, 16));
}

TEST(StsafeSymmetricWrite, WrappedNeedsTheWrappedControlBit) {
  StsafeOnBus b;
  set_control(b, 3, kPlaintext | kEcdheAnonymous | kChangeRight);  // everything but wrapped
  // Any KEK session will do to reach the control check: this one from the random stream.
  const Bytes host_private = repeat(0x22, 32);
  const Bytes r = b.transact(frame("1F 0B 00 08 2A 86 48 CE 3D 03 01 07"));
  const Bytes chip_public = cat({Bytes(r.begin() + 16, r.begin() + 48), Bytes(r.begin() + 50, r.begin() + 82)});
  ASSERT_EQ(b.transact(with_crc(
                cat({hex("1F 03"), p256_curve_id(), p256_public_key_field(p256_public(host_private)), hex("01")}))),
            kOk);
  const Bytes z = p256_shared_x(host_private, chip_public);
  const Bytes base = hkdf_sha256(kdf_salt(), z, cat({chip_public, p256_public(host_private)}), 32);
  const Bytes kek1 = hkdf_sha256(kdf_salt(), base, hex("10 11 01"), 32);
  const Bytes kek2 = hkdf_sha256(kdf_salt(), base, hex("10 11 02"), 32);
  const Bytes envelope_plain = cat({hex("00 03 00 01 00 03 02"), repeat(0x5A, 16), hex("80")});
  const auto saved = b.chip.save_state();
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 09"), aes_key_wrap(kek1, envelope_plain)}))), error_frame(0x1E));
  EXPECT_EQ(b.chip.save_state(), saved);
  put_control(b, 3, kWrappedAnonymous | kChangeRight);
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 09"), aes_key_wrap(kek2, envelope_plain)}))), kOk);
  EXPECT_TRUE(b.chip.state().symmetric_keys[3].present);
}

// Fact sheet 4.3: AES-256 CCM envelope of 7.3 (48 bytes of plaintext, 56 wrapped) and padding rules.
TEST(StsafeSymmetricWrite, WrappedEnvelopeSizesAndPadding) {
  StsafeOnBus b;
  put_control(b, 5, kWrappedAnonymous | kChangeRight);
  const Bytes chip_private = repeat(0x11, 32), host_private = repeat(0x22, 32);
  auto session = [&]() {
    b.chip.inject_next_ecdhe_private_key(chip_private);
    b.transact(frame("1F 0B 00 08 2A 86 48 CE 3D 03 01 07"));
    ASSERT_EQ(b.transact(with_crc(
                  cat({hex("1F 03"), p256_curve_id(), p256_public_key_field(p256_public(host_private)), hex("01")}))),
              kOk);
  };
  const Bytes chip_public = p256_public(chip_private);
  const Bytes base = hkdf_sha256(kdf_salt(), p256_shared_x(host_private, chip_public),
                                 cat({chip_public, p256_public(host_private)}), 32);
  const Bytes kek1 = hkdf_sha256(kdf_salt(), base, hex("10 11 01"), 32);
  const Bytes info = hex("00 05 01 00 00 0C 04 00");

  session();
  const Bytes good = aes_key_wrap(kek1, cat({info, repeat(0x5A, 32), hex("80 00 00 00 00 00 00 00")}));
  ASSERT_EQ(good.size(), 56u);
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 09"), good}))), kOk);
  EXPECT_EQ(b.chip.state().symmetric_keys[5], (SymmetricKeySlot{true, ccm_example_info(), repeat(0x5A, 32), 0}));
  // 7.3 steps 6-7 then work with this key.
  EXPECT_EQ(b.transact(with_crc(cat({hex("1B"), ccm_encrypt_example_payload()})))[2], 0x17);

  const auto saved = b.chip.save_state();
  const Bytes no_padding = aes_key_wrap(kek1, cat({info, repeat(0x5A, 32)}));  // 40 bytes, no 80
  const Bytes nine_bytes = aes_key_wrap(kek1, cat({info, repeat(0x5A, 32), hex("80"), repeat(0, 15)}));
  const Bytes short_key = aes_key_wrap(kek1, cat({info, repeat(0x5A, 16), hex("80 00 00 00 00 00 00 00")}));
  for (const Bytes& envelope : {no_padding, nine_bytes, short_key}) {
    session();
    EXPECT_EQ(b.transact(with_crc(cat({hex("1F 09"), envelope}))), error_frame(0x02));
  }
  session();
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 09"), Bytes(good.begin(), good.end() - 1)}))), error_frame(0x02));
  EXPECT_EQ(b.chip.save_state(), saved);
}

struct BadInfo {
  const char* name;
  Bytes command;  // 1F 17 payload
  uint8_t status;
};

class StsafeKeyInfoChecks : public ::testing::TestWithParam<BadInfo> {};

TEST_P(StsafeKeyInfoChecks, RefusedAndNothingWritten) {
  StsafeOnBus b;
  for (uint8_t slot = 0; slot < 16; ++slot) put_control(b, slot, kPlaintext | kChangeRight);
  const auto saved = b.chip.save_state();
  EXPECT_EQ(b.transact(with_crc(cat({hex("1F 17"), GetParam().command}))), error_frame(GetParam().status));
  EXPECT_EQ(b.chip.save_state(), saved);
}

const Bytes k16 = repeat(0x5A, 16), k32 = repeat(0x5A, 32);

INSTANTIATE_TEST_SUITE_P(
    FactSheet28, StsafeKeyInfoChecks,
    ::testing::Values(BadInfo{"aes128_with_32_bytes", cat({hex("00 03 00 01 00 03 02"), k32}), 0x02},
                      BadInfo{"aes256_with_16_bytes", cat({hex("00 03 01 01 00 03 02"), k16}), 0x02},
                      BadInfo{"key_one_byte_short", cat({hex("00 03 00 01 00 03 02"), repeat(0x5A, 15)}), 0x02},
                      BadInfo{"info_cut_short", hex("00 03 00 01 00"), 0x02},
                      BadInfo{"ccm_info_cut_short", hex("00 03 00 00 00 0C 04"), 0x02},
                      BadInfo{"slot_16", cat({hex("00 10 00 01 00 03 02"), k16}), 0x03},
                      BadInfo{"lock_indicator_3", cat({hex("03 03 00 01 00 03 02"), k16}), 0x03},
                      BadInfo{"generic_secret", cat({hex("00 03 02 01 00 03 02"), k16}), 0x03},
                      BadInfo{"key_type_7", cat({hex("00 03 07 01 00 03 02"), k16}), 0x03},
                      BadInfo{"mode_6", cat({hex("00 03 00 06 00 03 02"), k16}), 0x03},
                      BadInfo{"gcm_tag_0", cat({hex("00 03 00 03 00 0C 00"), k16}), 0x03},
                      BadInfo{"gcm_tag_9", cat({hex("00 03 00 03 00 0C 09"), k16}), 0x03},
                      BadInfo{"gcm_tag_17", cat({hex("00 03 00 03 00 0C 11"), k16}), 0x03},
                      BadInfo{"gcm_with_mac_usage", cat({hex("00 03 00 03 00 0D 10"), k16}), 0x03},
                      BadInfo{"gcm_info_cut_short", hex("00 03 00 03 00 0C"), 0x02},
                      BadInfo{"hkdf_not_modelled", cat({hex("00 03 00 04 00 40 00 20"), k16}), 0x03},
                      BadInfo{"hmac_not_modelled", cat({hex("00 03 00 05 00 03 10 20"), k16}), 0x03},
                      BadInfo{"usage_byte_0", cat({hex("00 03 00 01 01 03 02"), k16}), 0x03},
                      BadInfo{"cmac_with_encrypt_usage", cat({hex("00 03 00 01 00 0B 02"), k16}), 0x03},
                      BadInfo{"ccm_with_mac_usage", cat({hex("00 03 01 00 00 0E 04 00"), k32}), 0x03},
                      BadInfo{"ecb_with_chunked_usage", cat({hex("00 03 00 02 00 1C"), k16}), 0x03},
                      BadInfo{"derive_usage_on_aes", cat({hex("00 03 00 02 00 4C"), k16}), 0x03},
                      BadInfo{"cmac_min_mac_0", cat({hex("00 03 00 01 00 03 00"), k16}), 0x03},
                      BadInfo{"cmac_min_mac_17", cat({hex("00 03 00 01 00 03 11"), k16}), 0x03},
                      BadInfo{"ccm_tag_2", cat({hex("00 03 01 00 00 0C 02 00"), k32}), 0x03},
                      BadInfo{"ccm_tag_6", cat({hex("00 03 01 00 00 0C 06 00"), k32}), 0x03},
                      BadInfo{"ccm_tag_12", cat({hex("00 03 01 00 00 0C 0C 00"), k32}), 0x03},
                      BadInfo{"ccm_counter_offset_10", cat({hex("00 03 01 00 00 0C 04 8A"), k32}), 0x03},
                      BadInfo{"ccm_offset_without_counter", cat({hex("00 03 01 00 00 0C 04 03"), k32}), 0x03}),
    [](const ::testing::TestParamInfo<BadInfo>& p) { return std::string(p.param.name); });

TEST(StsafeSymmetricWrite, EveryAcceptedShape) {
  StsafeOnBus b;
  for (uint8_t slot = 0; slot < 16; ++slot) put_control(b, slot, kPlaintext | kChangeRight);
  const struct {
    Bytes info;
    size_t key_length;
  } shapes[] = {
      {hex("00 00 00 01 00 01 10"), 16},    {hex("00 01 01 01 00 02 01"), 32},    {hex("00 02 00 00 00 3C 00 00"), 16},
      {hex("00 03 01 00 00 04 10 80"), 32}, {hex("00 04 00 00 00 08 08 89"), 16}, {hex("00 05 00 02 00 0C"), 16},
      {hex("00 06 01 02 00 00"), 32},
  };
  for (const auto& s : shapes) {
    EXPECT_EQ(b.transact(write_plaintext(s.info, repeat(0x42, s.key_length))), kOk) << to_hex(s.info);
    const SymmetricKeySlot& k = b.chip.state().symmetric_keys[s.info[1]];
    EXPECT_TRUE(k.present);
    EXPECT_EQ(k.info.encode(), s.info);
    EXPECT_EQ(k.key, repeat(0x42, s.key_length));
  }
}

// Fact sheet 2.8 lock indicator: 0 may be overwritten or erased, 1 never changes, 2 may only be
// erased (ST's symmetric key table documentation).
TEST(StsafeSymmetricLock, LockIndicatorsDecideOverwriteAndErase) {
  StsafeOnBus b;
  for (uint8_t slot : {1, 2, 3}) put_control(b, slot, kPlaintext | kChangeRight);
  ASSERT_EQ(b.transact(write_plaintext(hex("00 01 00 01 00 03 02"), repeat(1, 16))), kOk);  // unlocked
  ASSERT_EQ(b.transact(write_plaintext(hex("01 02 00 01 00 03 02"), repeat(2, 16))), kOk);  // locked
  ASSERT_EQ(b.transact(write_plaintext(hex("02 03 00 01 00 03 02"), repeat(3, 16))), kOk);  // erasable

  EXPECT_EQ(b.transact(write_plaintext(hex("00 01 00 01 00 03 02"), repeat(9, 16))), kOk);
  EXPECT_EQ(b.chip.state().symmetric_keys[1].key, repeat(9, 16));

  const auto before = b.chip.save_state();
  EXPECT_EQ(b.transact(write_plaintext(hex("00 02 00 01 00 03 02"), repeat(9, 16))), error_frame(0x11));
  EXPECT_EQ(b.transact(frame("1F 19 02")), error_frame(0x11));
  EXPECT_EQ(b.transact(write_plaintext(hex("00 03 00 01 00 03 02"), repeat(9, 16))), error_frame(0x11));
  EXPECT_EQ(b.chip.save_state(), before);

  EXPECT_EQ(b.transact(frame("1F 19 03")), kOk);
  EXPECT_FALSE(b.chip.state().symmetric_keys[3].present);
  EXPECT_EQ(b.transact(frame("09 03 03 04 00")), error_frame(0x0A));
  EXPECT_EQ(b.transact(write_plaintext(hex("00 03 00 01 00 03 02"), repeat(9, 16))), kOk);
}

// The divergence a vendor host library found: `1F 19 <slot>` on an unlocked key answered 0x11.
// An unlocked key is erased like an erasable one, and the slot can be written again.
TEST(StsafeSymmetricLock, UnlockedKeyIsErased) {
  StsafeOnBus b;
  put_control(b, 1, kPlaintext | kChangeRight);
  ASSERT_EQ(b.transact(write_plaintext(hex("00 01 00 01 00 03 02"), repeat(1, 16))), kOk);
  EXPECT_EQ(b.transact(frame("1F 19 01")), kOk);
  EXPECT_FALSE(b.chip.state().symmetric_keys[1].present);
  EXPECT_EQ(b.transact(frame("09 03 01 04 00")), error_frame(0x0A));
  EXPECT_EQ(b.transact(frame("1F 19 01")), error_frame(0x0A)) << "the slot is empty now";
  EXPECT_EQ(b.transact(write_plaintext(hex("00 01 00 01 00 03 02"), repeat(2, 16))), kOk);
  EXPECT_EQ(b.chip.state().symmetric_keys[1].key, repeat(2, 16));
}

TEST(StsafeSymmetricWrite, TestHookRefusesKeysTheChipCouldNotHold) {
  StsafeOnBus b;
  EXPECT_THROW(b.chip.set_symmetric_key(4, SymmetricKeySlot{true, cmac_example_info(3), repeat(1, 16), 0}),
               std::invalid_argument);
  EXPECT_THROW(b.chip.set_symmetric_key(3, SymmetricKeySlot{true, cmac_example_info(3), repeat(1, 32), 0}),
               std::invalid_argument);
  SymmetricKeyInfo bad = ccm_example_info();
  bad.tag_length = 6;
  EXPECT_THROW(b.chip.set_symmetric_key(5, SymmetricKeySlot{true, bad, repeat(1, 32), 0}), std::invalid_argument);
  EXPECT_THROW(b.chip.set_symmetric_key(16, SymmetricKeySlot{}), std::invalid_argument);
  EXPECT_EQ(b.chip.state(), factory_state());
}

TEST(StsafeSymmetricErase, Refusals) {
  StsafeOnBus b;
  EXPECT_EQ(b.transact(frame("1F 19 04")), error_frame(0x0A));
  EXPECT_EQ(b.transact(frame("1F 19 10")), error_frame(0x03));
  EXPECT_EQ(b.transact(frame("1F 19")), error_frame(0x02));
  EXPECT_EQ(b.transact(frame("1F 19 04 00")), error_frame(0x02));
}

// Fact sheet 2.3/2.5 query 0x23: slot count, then 00 per empty slot or the key's record.
TEST(StsafeSymmetricTable, ReportsFilledSlotsExactly) {
  StsafeOnBus b;
  put_cmac_example_key(b.chip);
  put_ccm_example_key(b.chip);
  SymmetricKeyInfo ecb;
  ecb.lock = LockIndicator::kLocked;
  ecb.slot = 7;
  ecb.mode = KeyMode::kEcb;
  ecb.type = SymmetricKeyType::kAes256;
  ecb.usage = key_usage::kEncryption;
  put_key(b.chip, ecb, repeat(0x07, 32));
  SymmetricKeyInfo counted = ccm_example_info(15);
  counted.lock = LockIndicator::kErasable;
  counted.type = SymmetricKeyType::kAes128;
  counted.tag_length = 16;
  counted.has_counter = true;
  counted.counter_offset = 2;
  put_key(b.chip, counted, repeat(0x0F, 16), 0x0A0B0C0D);
  const Bytes expected =
      cat({hex("10"), hex("00 00 00"), hex("01 00 01 00 03 02"), hex("00"), hex("01 01 00 00 0C 04 00"), hex("00"),
           hex("03 01 02 00 08"), repeat(0x00, 7), hex("05 00 00 00 0C 10 82 0A 0B 0C 0D")});
  EXPECT_EQ(b.transact(hex("14 23 EE 2F")), response_frame(0x00, expected));
}

// Fact sheet 4.5 with the 4.6 key pairs: establish, then confirm two keys at once.
class StsafeEstablishSymmetric : public ::testing::Test {
 protected:
  const Bytes chip_private = repeat(0x11, 32), host_private = repeat(0x22, 32);
  const Bytes records = cat({hex("00 07 00 03 00 01 00 03 02"), hex("00 08 00 05 01 00 00 0C 04 00")});

  void establish() {
    b.chip.inject_next_ecdhe_private_key(chip_private);
    b.transact(frame("1F 0B 00 08 2A 86 48 CE 3D 03 01 07"));
    ASSERT_EQ(b.transact(with_crc(
                  cat({hex("1F 04"), p256_curve_id(), p256_public_key_field(p256_public(host_private)), hex("02")}))),
              kOk);
  }
  Bytes okm() const {
    return hkdf_sha256(kdf_salt(), p256_shared_x(host_private, p256_public(chip_private)), hex("12 13"), 32 + 16 + 32);
  }
  Bytes confirm_command(const Bytes& recs) const {
    const Bytes k = okm();
    const Bytes mac = aes_cmac(Bytes(k.begin(), k.begin() + 32), recs);
    return with_crc(cat({hex("1F 05"), Bytes(mac.begin(), mac.begin() + 8), recs}));
  }

  StsafeOnBus b;
};

TEST_F(StsafeEstablishSymmetric, ConfirmWritesEveryRecordsKey) {
  put_control(b, 3, kEcdheAnonymous | kChangeRight);
  put_control(b, 5, kEcdheAnonymous | kChangeRight);
  establish();
  EXPECT_EQ(b.transact(confirm_command(records)), kOk);
  const Bytes k = okm();
  EXPECT_EQ(b.chip.state().symmetric_keys[3],
            (SymmetricKeySlot{true, cmac_example_info(), Bytes(k.begin() + 32, k.begin() + 48), 0}));
  EXPECT_EQ(b.chip.state().symmetric_keys[5],
            (SymmetricKeySlot{true, ccm_example_info(), Bytes(k.begin() + 48, k.end()), 0}));
  // One confirmation per establishment.
  EXPECT_EQ(b.transact(confirm_command(records)), error_frame(0x07));
}

TEST_F(StsafeEstablishSymmetric, Refusals) {
  put_control(b, 3, kEcdheAnonymous | kChangeRight);  // slot 5 keeps the factory 08: ECDHE NO
  const auto saved = b.chip.save_state();
  EXPECT_EQ(b.transact(confirm_command(records)), error_frame(0x07)) << "nothing established";
  establish();
  EXPECT_EQ(b.transact(confirm_command(records)), error_frame(0x1E)) << "slot 5 forbids ECDHE: slot 3 unwritten too";
  put_control(b, 5, kEcdheAnonymous | kChangeRight);
  const auto allowed = b.chip.save_state();
  establish();
  Bytes bad_mac = confirm_command(records);
  bad_mac[2] ^= 0x01;
  EXPECT_EQ(b.transact(with_crc(Bytes(bad_mac.begin(), bad_mac.end() - 2))), error_frame(0x02));
  establish();
  EXPECT_EQ(b.transact(confirm_command(cat({records, hex("00 07 00 03 00 01 00 03 02")}))), error_frame(0x02))
      << "slot 3 twice";
  establish();
  EXPECT_EQ(b.transact(confirm_command(hex("00 08 00 03 00 01 00 03 02"))), error_frame(0x02)) << "length field";
  establish();
  EXPECT_EQ(b.transact(with_crc(
                cat({hex("1F 04"), p256_curve_id(), p256_public_key_field(p256_public(host_private)), hex("03")}))),
            error_frame(0x03));
  EXPECT_EQ(b.chip.save_state(), allowed);
  EXPECT_NE(allowed, saved);
}

// A power cut at every NVM word of a symmetric key rewrite: the slot holds the old key or the new
// one, whole, and no other slot changes.
TEST(StsafeSymmetricNvm, TornWriteLeavesOldOrNew) {
  const SymmetricKeySlot old_key{true, ccm_example_info(5), repeat(0x01, 32), 0};
  SymmetricKeyInfo new_info = cmac_example_info(5);
  const SymmetricKeySlot new_key{true, new_info, repeat(0x02, 16), 0};
  bool saw_old = false, saw_new = false;
  uint64_t cut = 0;
  for (;; ++cut) {
    StsafeOnBus b;
    State s = b.chip.state();
    s.symmetric_key_control[5].plaintext = true;
    s.symmetric_keys[5] = SymmetricKeySlot{true, ccm_example_info(5), repeat(0x03, 32), 0};  // an older record
    b.chip.set_state(s);
    b.chip.set_symmetric_key(5, old_key);  // now in use; the older one is in the bank to be written
    put_cmac_example_key(b.chip);
    const State before = b.chip.state();
    b.chip.nvm().arm_power_cut_after_words(cut);
    ASSERT_EQ(b.write(write_plaintext(new_info.encode(), new_key.key)), BusOutcome::kAck);
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
    if (!fired) break;  // the write completed before the cut point: every word has been swept
  }
  EXPECT_GE(cut, 12u) << "a key record is 12 words";
  EXPECT_TRUE(saw_old);
  EXPECT_TRUE(saw_new);
}

}  // namespace
}  // namespace kb::sim::stsafe_a120
